package org.libertas.rescoring;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.LocalDate;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.libertas.errors.NotFoundException;
import org.libertas.graph.GraphStore;
import org.libertas.ingest.CurrentView;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyVersions;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.TenantScorer;
import org.libertas.store.Scores;
import org.libertas.store.ScreeningReviews;
import org.libertas.store.Uploads;

/**
 * Recomputes a stored score from what it records: the ontology version (read back from the graph
 * store), the data version (the tenant's uploads up to it, replayed in memory from their immutable
 * graphs), the reviewers' decisions as they stood, and the as-of date. An auditor can check that a
 * score in the history is what those inputs give — to the bit, through the inputs hash.
 */
public final class Reproduction {
  /**
   * A score's band, inputs hash and recommendation, as stored or as recomputed (the recommendation
   * under the regimes the stored score records; a score stored without them, under the version's
   * defaults).
   */
  public record Score(int score, String band, String inputsHash, String recommendation) {}

  /**
   * The outcome of a recomputation: the snapshot's versions, its stored score, the recomputed one
   * (null when the supplier is not in the data as it stood) and whether both agree to the bit.
   */
  public record Recomputed(
      long snapshotId,
      String supplierId,
      int ontologyVersion,
      long dataVersion,
      String asOf,
      Score stored,
      Score recomputed,
      boolean identical) {}

  private final Scores scores;
  private final Uploads uploads;
  private final ScreeningReviews reviews;
  private final OntologyVersions versions;
  private final GraphStore store;
  private final TenantScorer scorer;
  private final TenantScreening screening;
  private final WorkerExecutor workers;

  public Reproduction(
      Scores scores,
      Uploads uploads,
      ScreeningReviews reviews,
      OntologyVersions versions,
      GraphStore store,
      TenantScorer scorer,
      TenantScreening screening,
      WorkerExecutor workers) {
    this.scores = scores;
    this.uploads = uploads;
    this.reviews = reviews;
    this.versions = versions;
    this.store = store;
    this.scorer = scorer;
    this.screening = screening;
    this.workers = workers;
  }

  public Future<Recomputed> recompute(String tenant, String supplierId, long snapshotId) {
    return scores
        .snapshot(tenant, supplierId, snapshotId)
        .compose(
            found -> {
              Scores.Snapshot snap =
                  found.orElseThrow(
                      () ->
                          new NotFoundException(
                              "no score " + snapshotId + " of supplier '" + supplierId + "'"));
              Scores.Stored s = snap.stored();
              LocalDate asOf = LocalDate.parse(s.explanation().getString("asOf"));
              return versions
                  .load(s.ontologyVersion())
                  .compose(
                      o ->
                          uploads
                              .committedUpTo(tenant, s.dataVersion())
                              .compose(
                                  committed ->
                                      reviews
                                          .decisions(tenant, s.computedAt())
                                          .compose(
                                              decisions ->
                                                  workers.executeBlocking(
                                                      () -> {
                                                        List<CurrentView.Applied> applied =
                                                            committed.stream()
                                                                .map(
                                                                    c ->
                                                                        CurrentView.Applied.of(
                                                                            c.graphIri(),
                                                                            c.kind(),
                                                                            c.mode()))
                                                                .toList();
                                                        Model data =
                                                            CurrentView.replayInMemory(
                                                                store, applied);
                                                        data.add(
                                                            screening.screenGraph(
                                                                o, tenant, data, decisions));
                                                        return answer(
                                                            snap,
                                                            supplierId,
                                                            scorer.score(o, data, asOf),
                                                            o);
                                                      },
                                                      false))));
            });
  }

  private static Recomputed answer(
      Scores.Snapshot snap, String supplierId, ScoringRun run, Ontology o) {
    Scores.Stored s = snap.stored();
    int i = 0;
    while (i < run.suppliers().size() && !run.suppliers().get(i).id().equals(supplierId)) {
      i++;
    }
    Score stored = new Score(s.score(), s.band(), s.inputsHash(), s.recommendation());
    Score recomputed = null;
    if (i < run.suppliers().size()) {
      Assessment a = run.assessments().get(i);
      io.vertx.core.json.JsonObject rec = s.explanation().getJsonObject("recommendation");
      java.util.Set<String> regimes =
          rec == null || rec.getJsonArray("regimes") == null
              ? o.policy().defaultRegimes()
              : new java.util.TreeSet<>(
                  rec.getJsonArray("regimes").stream().map(String::valueOf).toList());
      String recommendation =
          Explanations.explain(o, a, run.suppliers().get(i), run, i, regimes).recommendation();
      recomputed = new Score(a.score(), a.band().code(), a.inputsHash(), recommendation);
    }
    return new Recomputed(
        snap.id(),
        supplierId,
        s.ontologyVersion(),
        s.dataVersion(),
        s.explanation().getString("asOf"),
        stored,
        recomputed,
        stored.equals(recomputed));
  }
}
