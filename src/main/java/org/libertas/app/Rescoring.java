package org.libertas.app;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.libertas.graph.GraphNames;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.TenantScorer;
import org.libertas.store.Scores;
import org.libertas.store.Uploads;

/**
 * Rescores a tenant: its current view (data version from PostgreSQL), the rules and parameters of
 * the active ontology, the scoring on a worker thread, the result stored with both versions.
 */
public final class Rescoring {
  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final Scores scores;
  private final TenantScorer scorer;
  private final Supplier<Ontology> ontology;

  public Rescoring(
      WorkerExecutor workers,
      Uploads uploads,
      Scores scores,
      TenantScorer scorer,
      Supplier<Ontology> ontology) {
    this.workers = workers;
    this.uploads = uploads;
    this.scores = scores;
    this.scorer = scorer;
    this.ontology = ontology;
  }

  public Future<Void> rescore(String tenantId) {
    Ontology o = ontology.get();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate asOf = now.toLocalDate();
    return uploads
        .current(tenantId)
        .compose(
            state -> {
              // The current view already is the committed uploads applied in arrival order.
              List<String> graphs =
                  List.of(
                      GraphNames.current(tenantId),
                      GraphNames.screening(tenantId),
                      GraphNames.ontology(o.version()));
              return workers
                  .executeBlocking(() -> scorer.score(o, graphs, asOf), false)
                  .compose(run -> scores.save(tenantId, run, o.version(), state.version(), now));
            });
  }
}
