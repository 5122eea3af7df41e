package org.libertas.rescoring;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.LocalDate;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.libertas.errors.NotFoundException;
import org.libertas.graph.GraphStore;
import org.libertas.ingest.CurrentView;
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
  /** A score's band and inputs hash, as stored or as recomputed. */
  public record Score(int score, String band, String inputsHash) {}

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
                                                        return scorer.score(o, data, asOf);
                                                      },
                                                      false))))
                  .map(run -> answer(snap, supplierId, run));
            });
  }

  private static Recomputed answer(Scores.Snapshot snap, String supplierId, ScoringRun run) {
    Scores.Stored s = snap.stored();
    Assessment a =
        run.assessments().stream()
            .filter(x -> x.supplierId().equals(supplierId))
            .findFirst()
            .orElse(null);
    Score stored = new Score(s.score(), s.band(), s.inputsHash());
    Score recomputed = a == null ? null : new Score(a.score(), a.band().code(), a.inputsHash());
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
