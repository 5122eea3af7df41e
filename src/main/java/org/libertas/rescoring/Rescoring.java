package org.libertas.rescoring;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * the reviewers' decisions, and writes the matches (screening graph, then {@code
 * screening_matches}: this class is their one writer) so that the rules see current screening
 * matches. The steps, in order, are listed in this package's documentation.
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
  private final org.libertas.store.TenantRegimes regimes;
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
      org.libertas.store.TenantRegimes regimes,
      Supplier<Ontology> ontology) {
    this.workers = workers;
    this.regimes = regimes;
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

  private final Map<String, LastRun> lastRuns = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile RunCache cache = new RunCache(0);

  /**
   * Holds the last runs of recently rescored tenants, up to this many facts in all (see {@link
   * RunCache}); replaces the cache, so that every tenant's next run is a full one.
   */
  public void boundCache(long maxFacts) {
    this.cache = new RunCache(maxFacts);
  }

  /** What the run cache holds (for operators and tests). */
  public RunCache.State cacheState() {
    return cache.state();
  }

  /** The tenant's view held in memory, or null (for tests). */
  org.apache.jena.graph.Graph residentView(String tenantId) {
    RunCache.Entry e = cache.peek(tenantId);
    return e == null ? null : e.view().graph();
  }

  /** The current scores this rescoring saves (and the API reads). */
  public Scores scores() {
    return scores;
  }

  public LastRun lastRun(String tenantId) {
    return lastRuns.get(tenantId);
  }

  /** Rescores the tenant after any rescoring of it already under way; returns the band changes. */
  /**
   * The regimes that apply to a tenant under an ontology version: its choice (codes the version no
   * longer defines are left out), else the version's defaults.
   */
  public Future<java.util.Set<String>> regimes(String tenantId, Ontology o) {
    return regimes
        .get(tenantId)
        .map(
            chosen ->
                chosen
                    .map(
                        c -> {
                          java.util.Set<String> out = new java.util.TreeSet<>(c.regimes());
                          out.retainAll(o.policy().regimes().keySet());
                          return out;
                        })
                    .orElseGet(() -> o.policy().defaultRegimes()));
  }

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
              return locks == null
                  ? run(tenantId, upload, start)
                  : locks.withTenant(
                      tenantId,
                      () -> refreshOntology.get().compose(y -> run(tenantId, upload, start)));
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

  /** One rescoring as it goes: each step reads what the steps before it left. */
  private static final class Walk {
    final String tenantId;
    final UploadDelta upload;
    final Ontology ontology;
    final OffsetDateTime now;
    final long started;

    /** The data version just before the upload (null without one). */
    Long base;

    /** The cached run this one may continue, or null. */
    TenantScorer.Previous previous;

    /** The stored bands, or null when continuing the cached run (no other save came between). */
    Map<String, Scores.Band> bandsBefore;

    /** The tenant's data version in the store. */
    long current;

    Map<String, TenantMatches.Decision> decisions;

    /** The legal regimes that apply to the tenant (its choice, else the ontology's defaults). */
    java.util.Set<String> regimes;

    RunCache.Entry held;
    RunCache.View view;
    boolean incremental;
    TenantScreening.Outcome screening;

    /** Whether the matches differ from the cached run's (else the stored ones hold). */
    boolean matchesChanged;

    org.libertas.reasoning.ScoringRun run;

    /** The suppliers to write (null: every supplier, the others' rows removed). */
    java.util.Set<String> rewritten;

    /** Suppliers whose rows go (when not every supplier is written). */
    List<String> removed = List.of();

    List<BandChange> changes;

    Walk(String tenantId, UploadDelta upload, Ontology ontology, long started) {
      this.tenantId = tenantId;
      this.upload = upload;
      this.ontology = ontology;
      this.now = OffsetDateTime.now(ZoneOffset.UTC);
      this.started = started;
    }
  }

  /** A score's path, top to bottom (the numbered steps of this package's documentation). */
  private Future<List<BandChange>> run(String tenantId, UploadDelta upload, long started) {
    Walk w = new Walk(tenantId, upload, ontology.get(), started);
    return readVersions(w)
        .compose(x -> readView(w))
        .compose(x -> screen(w))
        .compose(x -> writeScreeningGraph(w))
        .compose(x -> writeScreeningMatches(w))
        .compose(x -> score(w))
        .compose(x -> writeScores(w))
        .map(x -> diff(w))
        .map(x -> notifyListeners(w));
  }

  /**
   * The versions the run starts from: the data version before the upload, the cached run it may
   * continue, the bands before it, the tenant's data version now and the reviewers' decisions.
   */
  private Future<Void> readVersions(Walk w) {
    return regimes(w.tenantId, w.ontology)
        .compose(
            r -> {
              w.regimes = r;
              return versionBefore(w.tenantId, w.upload);
            })
        .compose(
            base -> {
              w.base = base;
              return previous(w.tenantId, w.ontology, w.upload, base);
            })
        .compose(
            p -> {
              w.previous = p;
              return p != null
                  ? Future.succeededFuture((Map<String, Scores.Band>) null)
                  : scores.bands(w.tenantId);
            })
        .compose(
            bands -> {
              w.bandsBefore = bands;
              return uploads.current(w.tenantId);
            })
        .compose(
            state -> {
              w.current = state.version();
              return reviews.decisions(w.tenantId);
            })
        .map(
            decisions -> {
              w.decisions = decisions;
              return null;
            });
  }

  /**
   * The tenant's current view, one copy for screening and scoring: the cached one when it is at the
   * version needed, else copied out of the store. Incremental only when the view is exactly the
   * upload applied to the version the cached signals and screening are of (a copy out of the store
   * may already hold later uploads), and no reviewer's decision changed since (it may change any
   * supplier's matches).
   */
  private Future<Void> readView(Walk w) {
    return workers.executeBlocking(
        () -> {
          long t0 = System.nanoTime();
          w.held = cache.take(w.tenantId);
          w.view =
              RunCache.view(
                  w.held,
                  w.upload,
                  w.base,
                  w.current,
                  () -> store.copy(GraphNames.current(w.tenantId)));
          w.incremental =
              w.held != null
                  && w.previous != null
                  && w.held.previous() == w.previous
                  && w.view.version() == w.upload.seq()
                  && w.held.decisions().equals(w.decisions);
          LOG.info(
              "view of tenant {} at data version {} ({}, {} triples) in {} ms",
              w.tenantId,
              w.view.version(),
              w.view.how(),
              w.view.graph().size(),
              (System.nanoTime() - t0) / 1_000_000);
          return null;
        },
        false);
  }

  /** Screens the view's recruiters and suppliers (incrementally: only the upload's). */
  private Future<Void> screen(Walk w) {
    return workers.executeBlocking(
        () -> {
          var data = org.apache.jena.rdf.model.ModelFactory.createModelForGraph(w.view.graph());
          w.screening =
              w.incremental
                  ? screening.screenChanged(
                      w.ontology,
                      w.tenantId,
                      data,
                      w.decisions,
                      w.held.screening(),
                      w.upload.subjects())
                  : screening.screenTenant(w.ontology, w.tenantId, data, w.decisions);
          // An upload of findings, say, changes no match: the stored ones hold.
          w.matchesChanged =
              !(w.incremental && w.held.screening().results().equals(w.screening.results()));
          TenantScreening.Outcome o = w.screening;
          LOG.info(
              "screened {} names of tenant {} in {} ms (lists {}, read {}, match {}, triples {}):"
                  + " {} matches",
              o.screenedNames(),
              w.tenantId,
              o.millis(),
              o.buildMillis(),
              o.readMillis(),
              o.matchMillis(),
              o.graphMillis(),
              o.results().size());
          return null;
        },
        false);
  }

  /** Replaces the tenant's screening graph in the store, in one write, when the matches changed. */
  private Future<Void> writeScreeningGraph(Walk w) {
    if (!w.matchesChanged) {
      return Future.succeededFuture();
    }
    return workers.executeBlocking(
        () -> {
          long t0 = System.nanoTime();
          org.apache.jena.graph.Graph matches = w.screening.matches().getGraph();
          store.writeGraph(
              GraphNames.screening(w.tenantId),
              sink -> org.apache.jena.riot.system.StreamRDFOps.sendGraphToStream(matches, sink));
          LOG.info(
              "wrote the screening graph of tenant {} ({} triples) in {} ms",
              w.tenantId,
              matches.size(),
              (System.nanoTime() - t0) / 1_000_000);
          return null;
        },
        false);
  }

  /** Replaces the matches reviewers list ({@code screening_matches}) when they changed. */
  private Future<Void> writeScreeningMatches(Walk w) {
    if (!w.matchesChanged) {
      return Future.succeededFuture();
    }
    return reviews.replaceMatches(w.tenantId, w.screening.results(), w.now);
  }

  /**
   * Runs the rules and the engine over the view with its matches (incrementally: only for the
   * suppliers the upload touched), and finds the rows to write.
   */
  private Future<Void> score(Walk w) {
    return workers.executeBlocking(
        () -> {
          var withMatches =
              org.apache.jena.rdf.model.ModelFactory.createModelForGraph(
                  org.libertas.graph.MemoryGraphs.union(
                      w.view.graph(), w.screening.matches().getGraph()));
          LocalDate asOf = w.now.toLocalDate();
          if (!w.incremental) {
            w.run = scorer.score(w.ontology, withMatches, asOf);
            return null;
          }
          java.util.Set<String> touched = w.upload.affectedSuppliers(w.view.graph());
          w.run =
              scorer.score(
                  w.ontology,
                  withMatches,
                  asOf,
                  w.previous,
                  new TenantScorer.Change(touched, w.upload.changesSupplyChain()));
          w.rewritten = RunDiffs.rewritten(w.held.run(), w.run, touched);
          w.removed = RunDiffs.removed(w.held.run(), w.run);
          return null;
        },
        false);
  }

  /**
   * Saves the scores with both versions, then holds the run in the cache for the next one. Building
   * 100k rows took seconds: on a worker, so that the event loop keeps answering.
   */
  private Future<Void> writeScores(Walk w) {
    long t0 = System.nanoTime();
    long[] built = new long[1];
    int written = w.rewritten == null ? w.run.suppliers().size() : w.rewritten.size();
    return workers
        .executeBlocking(
            () -> {
              Scores.Rows rows =
                  ScoreRows.rows(
                      w.tenantId,
                      w.ontology,
                      w.regimes,
                      w.run,
                      w.ontology.version(),
                      w.view.version(),
                      w.now,
                      w.rewritten,
                      w.removed);
              built[0] = System.nanoTime();
              return rows;
            },
            false)
        .compose(scores::save)
        .onSuccess(
            x -> {
              LOG.info(
                  "saved the scores of tenant {} at data version {}: {} rows written, {} as they"
                      + " were, in {} ms (rows built in {} ms, matches {})",
                  w.tenantId,
                  w.view.version(),
                  written,
                  w.run.suppliers().size() - written,
                  (System.nanoTime() - t0) / 1_000_000,
                  (built[0] - t0) / 1_000_000,
                  w.matchesChanged ? "rewritten" : "kept");
              cache.put(
                  w.tenantId,
                  new RunCache.Entry(
                      w.view,
                      new TenantScorer.Previous(w.ontology, w.run),
                      w.now,
                      w.run,
                      w.screening,
                      w.decisions));
              lastRuns.put(
                  w.tenantId,
                  new LastRun(
                      w.incremental,
                      w.run.evaluated(),
                      w.run.suppliers().size(),
                      w.view.how(),
                      w.run.assessed() == null ? w.run.suppliers().size() : w.run.assessed().size(),
                      written,
                      w.screening.screenedNames()));
            });
  }

  /** The band changes of the saved run. */
  private Walk diff(Walk w) {
    w.changes =
        RunDiffs.changes(
            w.bandsBefore, w.previous == null ? null : w.previous.run(), w.run, w.rewritten);
    return w;
  }

  /** Tells the listeners (metrics, alerts); a failing listener fails nothing else. */
  private List<BandChange> notifyListeners(Walk w) {
    var took = java.time.Duration.ofNanos(System.nanoTime() - w.started);
    for (Listener l : listeners) {
      try {
        l.rescored(w.tenantId, w.changes, took);
      } catch (RuntimeException e) {
        LOG.warn("a rescoring listener failed", e);
      }
    }
    return w.changes;
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
    RunCache.Entry c = cache.peek(tenantId);
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
   * {@link #rescore(String, UploadDelta)} for a caller that already holds the tenant's lock (an
   * upload job, whose write and rescoring are one acquisition): the same run, listeners told, but
   * neither the lock taken again nor queued behind this instance's rescorings of the tenant (they
   * wait for the lock the caller holds).
   */
  public Future<List<BandChange>> rescoreLocked(String tenantId, UploadDelta upload) {
    long start = System.nanoTime();
    return refreshOntology.get().compose(y -> run(tenantId, upload, start));
  }
}
