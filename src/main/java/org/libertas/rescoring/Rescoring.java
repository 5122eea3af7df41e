package org.libertas.rescoring;

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
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.TenantScorer;
import org.libertas.screening.TenantMatches;
import org.libertas.store.BandChange;
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

  /**
   * What the last rescoring of a tenant did (for operators and tests).
   *
   * @param view how it got the tenant's current view: {@code resident} (held in memory, already
   *     current), {@code applied} (held in memory, the upload applied to it) or {@code copied} (out
   *     of the store)
   * @param assessed the suppliers the engine assessed anew (an incremental run reuses the others'
   *     assessments when nothing they read changed)
   * @param rewritten the suppliers whose stored row was written anew (the others' rows hold as they
   *     are for the new data version)
   * @param screened the names screened (an incremental run screens only those the upload defines)
   */
  public record LastRun(
      boolean incremental,
      int evaluated,
      int suppliers,
      String view,
      int assessed,
      int rewritten,
      int screened) {}

  // computedAt: when the run was saved; a later save (by another instance) makes the cache stale.
  private record Cached(
      TenantScorer.Previous previous,
      long dataVersion,
      OffsetDateTime computedAt,
      org.libertas.reasoning.ScoringRun run,
      TenantScreening.Outcome screening,
      Map<String, TenantMatches.Decision> decisions) {}

  private final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, LastRun> lastRuns = new java.util.concurrent.ConcurrentHashMap<>();
  private ResidentViews residents = new ResidentViews(0);

  /** Keeps tenants' current views in memory between rescorings, up to this many triples. */
  public void keepViews(long maxTriples) {
    this.residents = new ResidentViews(maxTriples);
  }

  /** The tenant's view held in memory, or null (for tests). */
  org.apache.jena.graph.Graph residentView(String tenantId) {
    ResidentViews.View v = residents.peek(tenantId);
    return v == null ? null : v.graph();
  }

  /** The current scores this rescoring saves (and the API reads). */
  public Scores scores() {
    return scores;
  }

  public LastRun lastRun(String tenantId) {
    return lastRuns.get(tenantId);
  }

  /** Rescores the tenant after any rescoring of it already under way; returns the band changes. */
  public Future<List<BandChange>> rescore(String tenantId) {
    return rescore(tenantId, null);
  }

  /**
   * Rescores after an upload: its change is applied to the view held in memory when that view is
   * the data version just before it, and the rules run only for the suppliers a merge named when
   * the previous rescoring saw that version with the same ontology; otherwise from scratch.
   */
  public synchronized Future<List<BandChange>> rescore(String tenantId, UploadDelta upload) {
    Future<?> tail = tails.getOrDefault(tenantId, Future.succeededFuture());
    Future<List<BandChange>> next =
        tail.transform(
            x -> {
              long start = System.nanoTime();
              Future<List<BandChange>> locked =
                  locks == null
                      ? run(tenantId, upload)
                      : locks.withTenant(
                          tenantId,
                          () -> refreshOntology.get().compose(y -> run(tenantId, upload)));
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

  private Future<List<BandChange>> run(String tenantId, UploadDelta upload) {
    Ontology o = ontology.get();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate asOf = now.toLocalDate();
    return versionBefore(tenantId, upload)
        .compose(base -> previous(tenantId, o, upload, base).map(p -> new Start(base, p)))
        .compose(
            start ->
                // The bands before: the continued run's (no other save since), else the stored.
                (start.previous() != null
                        ? Future.succeededFuture((Map<String, Scores.Band>) null)
                        : scores.bands(tenantId))
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
                                                                tenantId,
                                                                o,
                                                                decisions,
                                                                asOf,
                                                                start.previous(),
                                                                upload,
                                                                start.base(),
                                                                state.version()),
                                                        false)))
                                .compose(
                                    r ->
                                        save(tenantId, o, r, now)
                                            .map(
                                                x ->
                                                    changes(
                                                        before,
                                                        start.previous() == null
                                                            ? null
                                                            : start.previous().run(),
                                                        r)))));
  }

  private record Start(Long base, TenantScorer.Previous previous) {}

  private Future<Void> save(String tenantId, Ontology o, Scored r, OffsetDateTime now) {
    Cached before = cache.get(tenantId);
    cache.put(
        tenantId,
        new Cached(
            new TenantScorer.Previous(o, r.run()),
            r.view().version(),
            now,
            r.run(),
            r.screening(),
            r.decisions()));
    int written = r.rewritten() == null ? r.run().suppliers().size() : r.rewritten().size();
    lastRuns.put(
        tenantId,
        new LastRun(
            r.incremental(),
            r.run().evaluated(),
            r.run().suppliers().size(),
            r.view().how(),
            r.run().assessed() == null ? r.run().suppliers().size() : r.run().assessed().size(),
            written,
            r.screening().screenedNames()));
    long t0 = System.nanoTime();
    // Matches are rewritten only when screening changed them (an upload of findings does not).
    boolean sameMatches =
        r.incremental()
            && before != null
            && before.screening().results().equals(r.screening().results());
    // Building 100k rows took seconds: on a worker, so that the event loop keeps answering.
    long[] built = new long[1];
    return workers
        .executeBlocking(
            () -> {
              Scores.Rows rows =
                  ScoreRows.rows(
                      tenantId,
                      r.run(),
                      o.version(),
                      r.view().version(),
                      now,
                      r.rewritten(),
                      r.removed());
              built[0] = System.nanoTime();
              return rows;
            },
            false)
        .compose(
            rows ->
                (sameMatches
                        ? Future.<Void>succeededFuture()
                        : reviews.replaceMatches(tenantId, r.screening().results(), now))
                    .compose(x -> scores.save(rows)))
        .onSuccess(
            x ->
                LOG.info(
                    "saved the scores of tenant {} at data version {}: {} rows written, {} as they"
                        + " were, in {} ms (rows built in {} ms, matches {})",
                    tenantId,
                    r.view().version(),
                    written,
                    r.run().suppliers().size() - written,
                    (System.nanoTime() - t0) / 1_000_000,
                    (built[0] - t0) / 1_000_000,
                    sameMatches ? "kept" : "rewritten"));
  }

  /**
   * The suppliers an incremental run must write: those it re-evaluated, and those whose facts (tier
   * included) or assessment (score, band, factors with their evidence, upstream path) differ from
   * the run it continued. The others' stored rows hold as they are: what they cite was not
   * redefined by the upload (a redefined recruiter makes each of its employers re-evaluated).
   */
  private static java.util.Set<String> rewritten(
      org.libertas.reasoning.ScoringRun before,
      org.libertas.reasoning.ScoringRun after,
      java.util.Set<String> evaluated) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (after.assessed() != null) {
      // The same chain as before: only the suppliers assessed anew can differ, at the same index.
      var chain = after.state().chain();
      for (String id : after.assessed()) {
        int i = chain.indexOf(id);
        if (evaluated.contains(id)
            || !before.assessments().get(i).equals(after.assessments().get(i))) {
          out.add(id);
        }
      }
      return out;
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < before.suppliers().size(); i++) {
      index.put(before.suppliers().get(i).id(), i);
    }
    for (int i = 0; i < after.suppliers().size(); i++) {
      String id = after.suppliers().get(i).id();
      Integer j = index.get(id);
      if (j == null
          || evaluated.contains(id)
          || !before.suppliers().get(j).equals(after.suppliers().get(i))
          || !before.assessments().get(j).equals(after.assessments().get(i))) {
        out.add(id);
      }
    }
    return out;
  }

  /** Suppliers of the run continued that are no longer in the data. */
  private static List<String> removed(
      org.libertas.reasoning.ScoringRun before, org.libertas.reasoning.ScoringRun after) {
    if (after.assessed() != null) {
      return List.of(); // the same suppliers
    }
    java.util.Set<String> now = new java.util.HashSet<>();
    after.suppliers().forEach(f -> now.add(f.id()));
    return before.suppliers().stream().map(f -> f.id()).filter(id -> !now.contains(id)).toList();
  }

  /**
   * @param rewritten the suppliers to write (null: every supplier, the others' rows removed)
   * @param removed suppliers whose rows go (when not every supplier is written)
   */
  private record Scored(
      TenantScreening.Outcome screening,
      org.libertas.reasoning.ScoringRun run,
      ResidentViews.View view,
      boolean incremental,
      java.util.Set<String> rewritten,
      List<String> removed,
      Map<String, TenantMatches.Decision> decisions) {}

  /**
   * One copy of the tenant's current view serves both steps: screening its names (matches written
   * to the store) and scoring it together with those matches. Runs on a worker.
   */
  private Scored screenAndScore(
      String tenantId,
      Ontology o,
      Map<String, TenantMatches.Decision> decisions,
      LocalDate asOf,
      TenantScorer.Previous previous,
      UploadDelta upload,
      Long base,
      long current) {
    long t0 = System.nanoTime();
    ResidentViews.View view =
        residents.view(
            tenantId, upload, base, current, () -> store.copy(GraphNames.current(tenantId)));
    LOG.info(
        "view of tenant {} at data version {} ({}, {} triples) in {} ms",
        tenantId,
        view.version(),
        view.how(),
        view.graph().size(),
        (System.nanoTime() - t0) / 1_000_000);
    var data = org.apache.jena.rdf.model.ModelFactory.createModelForGraph(view.graph());
    // Incremental only when the view is exactly the upload applied to the version the cached
    // signals and screening are of (a copy out of the store may already hold later uploads), and
    // no reviewer's decision changed since (it may change any supplier's matches).
    Cached cached = previous == null ? null : cache.get(tenantId);
    boolean incremental =
        cached != null
            && cached.previous() == previous
            && view.version() == upload.seq()
            && cached.decisions().equals(decisions);
    TenantScreening.Outcome outcome =
        incremental
            ? screening.screenChanged(
                o, tenantId, data, decisions, cached.screening(), upload.subjects())
            : screening.screenTenant(o, tenantId, data, decisions);
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
    var withMatches =
        org.apache.jena.rdf.model.ModelFactory.createModelForGraph(
            org.libertas.graph.MemoryGraphs.union(view.graph(), outcome.matches().getGraph()));
    java.util.Set<String> touched =
        incremental ? upload.affectedSuppliers(view.graph()) : java.util.Set.of();
    org.libertas.reasoning.ScoringRun run =
        incremental
            ? scorer.score(
                o,
                withMatches,
                asOf,
                previous,
                new TenantScorer.Change(touched, upload.changesSupplyChain()))
            : scorer.score(o, withMatches, asOf);
    // Compared here, on the worker.
    return new Scored(
        outcome,
        run,
        view,
        incremental,
        incremental ? rewritten(cached.run(), run, touched) : null,
        incremental ? removed(cached.run(), run) : List.of(),
        decisions);
  }

  /** The data version just before the upload: the newest committed upload before it. */
  private Future<Long> versionBefore(String tenantId, UploadDelta upload) {
    if (upload == null) {
      return Future.succeededFuture(null);
    }
    return uploads
        .committed(tenantId)
        .map(
            committed ->
                committed.stream()
                    .mapToLong(Uploads.Committed::seq)
                    .filter(x -> x < upload.seq())
                    .max()
                    .orElse(0));
  }

  /**
   * The cached signals, if the upload is a merge and they are of this ontology and of the data
   * version just before it, and no other instance has saved scores of the tenant since.
   */
  private Future<TenantScorer.Previous> previous(
      String tenantId, Ontology o, UploadDelta upload, Long base) {
    Cached c = cache.get(tenantId);
    if (upload == null
        || !upload.merge()
        || c == null
        || c.previous().ontology() != o
        || c.dataVersion() != base) {
      return Future.succeededFuture(null);
    }
    return scores
        .lastComputedAt(tenantId)
        .map(
            last ->
                last != null
                        && c.computedAt()
                            .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                            .isEqual(last)
                    ? c.previous()
                    : null);
  }

  /**
   * The suppliers whose band a saved run changed, against the bands stored before it or, when it
   * continued a run (no other save came between), that run's: then only the suppliers it wrote can
   * have changed.
   */
  private static List<BandChange> changes(
      Map<String, Scores.Band> stored, org.libertas.reasoning.ScoringRun previous, Scored r) {
    org.libertas.reasoning.ScoringRun after = r.run();
    List<BandChange> out = new ArrayList<>();
    if (stored == null && after.assessed() != null && r.rewritten() != null) {
      for (String id : r.rewritten()) {
        int i = after.state().chain().indexOf(id);
        change(out, id, band(previous.assessments().get(i)), after.assessments().get(i));
      }
    } else {
      Map<String, Scores.Band> before = stored;
      if (before == null) {
        before = new HashMap<>();
        for (var a : previous.assessments()) {
          before.put(a.supplierId(), band(a));
        }
      }
      for (var a : after.assessments()) {
        change(out, a.supplierId(), before.get(a.supplierId()), a);
      }
    }
    out.sort((x, y) -> x.supplierId().compareTo(y.supplierId()));
    return out;
  }

  private static Scores.Band band(org.libertas.reasoning.Assessment a) {
    return new Scores.Band(a.band().code(), a.score());
  }

  private static void change(
      List<BandChange> out, String id, Scores.Band b, org.libertas.reasoning.Assessment a) {
    if (b == null || !b.band().equals(a.band().code())) {
      out.add(
          new BandChange(
              id,
              b == null ? null : b.band(),
              a.band().code(),
              b == null ? null : b.score(),
              a.score()));
    }
  }

  /**
   * {@link #rescore(String, UploadDelta)} for a caller that already holds the tenant's lock (an
   * upload job, whose write and rescoring are one acquisition): the same run, listeners told, but
   * neither the lock taken again nor queued behind this instance's rescorings of the tenant (they
   * wait for the lock the caller holds).
   */
  public Future<List<BandChange>> rescoreLocked(String tenantId, UploadDelta upload) {
    long start = System.nanoTime();
    return refreshOntology
        .get()
        .compose(y -> run(tenantId, upload))
        .onSuccess(
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
  }
}
