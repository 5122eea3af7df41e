package org.libertas.app;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.libertas.graph.GraphNames;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.TenantScorer;
import org.libertas.reasoning.TenantScreening;
import org.libertas.store.Scores;
import org.libertas.store.ScreeningReviews;
import org.libertas.store.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescores a tenant: its current view (data version from PostgreSQL), the rules and parameters of
 * the active ontology, the scoring on a worker thread, the result stored with both versions.
 * Rescorings of one tenant run one after another, each with the ontology active when it starts, so
 * a late upload job can never overwrite the scores of a newer ontology with older ones. Each
 * rescoring first screens the tenant's recruiters and suppliers against the ontology's lists, with
 * the reviewers' decisions, so that the rules see current screening matches.
 */
public final class Rescoring {
  private static final org.apache.jena.query.Query ALL =
      org.apache.jena.query.QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");
  private static final Logger LOG = LoggerFactory.getLogger(Rescoring.class);
  private final WorkerExecutor workers;
  private final org.libertas.graph.GraphStore store;
  private final Uploads uploads;
  private final Scores scores;
  private final TenantScorer scorer;
  private final TenantScreening screening;
  private final ScreeningReviews reviews;
  private final Supplier<Ontology> ontology;
  private final Map<String, Future<?>> tails = new HashMap<>();
  private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Told of each successful rescoring (metrics, alerts); must not block. */
  public interface Listener {
    void rescored(String tenantId, List<BandChange> changes, java.time.Duration took);
  }

  /** A supplier whose band a rescoring changed (before is null for a new supplier). */
  public record BandChange(
      String supplierId,
      String bandBefore,
      String bandAfter,
      Integer scoreBefore,
      int scoreAfter) {}

  public Rescoring(
      WorkerExecutor workers,
      org.libertas.graph.GraphStore store,
      Uploads uploads,
      Scores scores,
      TenantScorer scorer,
      TenantScreening screening,
      ScreeningReviews reviews,
      Supplier<Ontology> ontology) {
    this.workers = workers;
    this.store = store;
    this.uploads = uploads;
    this.scores = scores;
    this.scorer = scorer;
    this.screening = screening;
    this.reviews = reviews;
    this.ontology = ontology;
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  private org.libertas.store.Locks locks;
  private Supplier<Future<Void>> refreshOntology = Future::succeededFuture;

  /**
   * Several instances: each rescoring holds the tenant's lock across instances and first activates
   * the latest published ontology (another instance may have published it less than a refresh
   * period ago), so scores of an older ontology never overwrite those of a newer one.
   */
  public void shareWith(org.libertas.store.Locks locks, Supplier<Future<Void>> refreshOntology) {
    this.locks = locks;
    this.refreshOntology = refreshOntology;
  }

  /** What the last rescoring of a tenant did (for operators and tests). */
  public record LastRun(boolean incremental, int evaluated, int suppliers) {}

  // computedAt: when the run was saved; a later save (by another instance) makes the cache stale.
  private record Cached(
      TenantScorer.Previous previous, long dataVersion, OffsetDateTime computedAt) {}

  private final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, LastRun> lastRuns = new java.util.concurrent.ConcurrentHashMap<>();

  public LastRun lastRun(String tenantId) {
    return lastRuns.get(tenantId);
  }

  /** Rescores the tenant after any rescoring of it already under way; returns the band changes. */
  public Future<List<BandChange>> rescore(String tenantId) {
    return rescore(tenantId, null, null);
  }

  /**
   * Rescores after the upload {@code seq} that touched these suppliers: incrementally when the
   * previous rescoring saw the data version just before it with the same ontology, else fully.
   */
  public synchronized Future<List<BandChange>> rescore(
      String tenantId, Long seq, java.util.Set<String> touched) {
    Future<?> tail = tails.getOrDefault(tenantId, Future.succeededFuture());
    Future<List<BandChange>> next =
        tail.transform(
            x -> {
              long start = System.nanoTime();
              Future<List<BandChange>> locked =
                  locks == null
                      ? run(tenantId, seq, touched)
                      : locks.withTenant(
                          tenantId,
                          () -> refreshOntology.get().compose(y -> run(tenantId, seq, touched)));
              return locked.onSuccess(
                  changes -> {
                    var took = java.time.Duration.ofNanos(System.nanoTime() - start);
                    for (Listener l : listeners) {
                      try {
                        l.rescored(tenantId, changes, took);
                      } catch (RuntimeException e) {
                        LOG.warn("a rescoring listener failed", e);
                      }
                    }
                  });
            });
    tails.put(tenantId, next);
    next.onComplete(
        x -> {
          synchronized (this) {
            tails.remove(tenantId, next);
          }
        });
    return next;
  }

  private Future<List<BandChange>> run(String tenantId, Long seq, java.util.Set<String> touched) {
    Ontology o = ontology.get();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate asOf = now.toLocalDate();
    return previous(tenantId, o, seq)
        .compose(
            previous ->
                scores
                    .bands(tenantId)
                    .compose(
                        before ->
                            uploads
                                .current(tenantId)
                                .compose(
                                    state ->
                                        reviews
                                            .decisions(tenantId)
                                            .compose(
                                                decisions ->
                                                    workers.executeBlocking(
                                                        () ->
                                                            screenAndScore(
                                                                tenantId, o, decisions, asOf,
                                                                previous, touched),
                                                        false))
                                            .compose(
                                                r -> {
                                                  cache.put(
                                                      tenantId,
                                                      new Cached(
                                                          new TenantScorer.Previous(
                                                              o, r.run().signals()),
                                                          state.version(),
                                                          now));
                                                  lastRuns.put(
                                                      tenantId,
                                                      new LastRun(
                                                          previous != null,
                                                          r.run().evaluated(),
                                                          r.run().suppliers().size()));
                                                  return reviews
                                                      .replaceMatches(
                                                          tenantId, r.screening().results(), now)
                                                      .compose(
                                                          x ->
                                                              scores.save(
                                                                  tenantId,
                                                                  r.run(),
                                                                  o.version(),
                                                                  state.version(),
                                                                  now));
                                                }))
                                .compose(x -> scores.bands(tenantId))
                                .map(after -> changes(before, after))));
  }

  private record Scored(TenantScreening.Outcome screening, org.libertas.reasoning.ScoringRun run) {}

  /**
   * One copy of the tenant's current view serves both steps: screening its names (matches written
   * to the store) and scoring it together with those matches. Runs on a worker.
   */
  private Scored screenAndScore(
      String tenantId,
      Ontology o,
      Map<String, TenantScreening.Decision> decisions,
      LocalDate asOf,
      TenantScorer.Previous previous,
      java.util.Set<String> touched) {
    org.apache.jena.rdf.model.Model data =
        store.construct(ALL, List.of(GraphNames.current(tenantId)));
    TenantScreening.Outcome outcome = screening.screenTenant(o, tenantId, data, decisions);
    LOG.info(
        "screened {} names of tenant {} in {} ms (lists {}, read {}, match {}, write {}): {} matches",
        outcome.screenedNames(),
        tenantId,
        outcome.millis(),
        outcome.buildMillis(),
        outcome.readMillis(),
        outcome.matchMillis(),
        outcome.writeMillis(),
        outcome.results().size());
    var withMatches = org.apache.jena.rdf.model.ModelFactory.createUnion(data, outcome.matches());
    return new Scored(
        outcome, scorer.score(o, withMatches, asOf, previous, previous == null ? null : touched));
  }

  /**
   * The cached signals, if they are of this ontology and of the data version just before {@code
   * seq}.
   */
  private Future<TenantScorer.Previous> previous(String tenantId, Ontology o, Long seq) {
    Cached c = cache.get(tenantId);
    if (seq == null || c == null || c.previous().ontology() != o) {
      return Future.succeededFuture(null);
    }
    return scores
        .lastComputedAt(tenantId)
        .compose(
            last ->
                last == null
                        || !c.computedAt()
                            .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                            .isEqual(last)
                    ? Future.succeededFuture(null)
                    : uploads
                        .committed(tenantId)
                        .map(
                            committed -> {
                              long before =
                                  committed.stream()
                                      .mapToLong(Uploads.Committed::seq)
                                      .filter(x -> x < seq)
                                      .max()
                                      .orElse(0);
                              return before == c.dataVersion() ? c.previous() : null;
                            }));
  }

  private static List<BandChange> changes(
      Map<String, Scores.Band> before, Map<String, Scores.Band> after) {
    List<BandChange> out = new ArrayList<>();
    after.forEach(
        (id, a) -> {
          Scores.Band b = before.get(id);
          if (b == null || !b.band().equals(a.band())) {
            out.add(
                new BandChange(
                    id,
                    b == null ? null : b.band(),
                    a.band(),
                    b == null ? null : b.score(),
                    a.score()));
          }
        });
    out.sort((x, y) -> x.supplierId().compareTo(y.supplierId()));
    return out;
  }
}
