package org.libertas.uploads;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.graph.Sparql;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.CsvTable;
import org.libertas.ingest.CurrentView;
import org.libertas.ingest.ParsedUpload;
import org.libertas.ingest.ReferenceCodes;
import org.libertas.ingest.RowMapper;
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.store.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs upload jobs from the PostgreSQL queue, one at a time per instance: validate the whole file,
 * write its named graph in one TDB2 transaction, then commit the row that makes the graph current,
 * then rescore the tenant. A crash between any two steps is repaired by {@link #recover()}.
 */
public final class UploadJobs {
  /** Rescores a tenant; after an upload, with what the upload changed (null: from scratch). */
  public interface Rescorer {
    Future<?> rescore(String tenantId, UploadDelta upload);
  }

  private static final Logger LOG = LoggerFactory.getLogger(UploadJobs.class);
  private static final Query SUPPLIER_IDS = Sparql.query("supplier-ids.rq");
  private static final String PROV = "http://www.w3.org/ns/prov#";

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final GraphStore store;
  private final Supplier<Ontology> ontology;
  private final Rescorer rescore;
  private final CsvLimits limits;
  private final int retentionDays;
  private final org.libertas.store.Locks locks;

  /**
   * The one event loop the queue state below lives on: kicks come from API verticles on every event
   * loop, and {@code running}/{@code again} are only ever touched here.
   */
  private final io.vertx.core.Context context;

  private boolean running;
  private boolean again;
  private long timer = -1;
  private long purgeTimer = -1;

  public UploadJobs(
      Vertx vertx,
      WorkerExecutor workers,
      Uploads uploads,
      GraphStore store,
      Supplier<Ontology> ontology,
      Rescorer rescore,
      CsvLimits limits,
      int retentionDays,
      org.libertas.store.Locks locks) {
    this.vertx = vertx;
    this.workers = workers;
    this.uploads = uploads;
    this.store = store;
    this.ontology = ontology;
    this.rescore = rescore;
    this.limits = limits;
    this.retentionDays = retentionDays;
    this.locks = locks;
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Polls the queue (other instances may enqueue) and drains it whenever {@link #kick()} is called.
   */
  public void start(long pollMillis) {
    timer = vertx.setPeriodic(pollMillis, t -> kick());
    purgeTimer =
        vertx.setPeriodic(
            10_000,
            3_600_000,
            t ->
                purgeExpired().onFailure(e -> LOG.warn("purging expired upload graphs failed", e)));
    kick();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (purgeTimer >= 0) {
      vertx.cancelTimer(purgeTimer);
    }
  }

  /**
   * Drops the graphs of uploads superseded longer ago than the retention period; their rows stay.
   * The rows are detached first, so a crash in between leaves an orphan graph that start-up drops.
   */
  public Future<Integer> purgeExpired() {
    return uploads
        .detachExpired(retentionDays)
        .compose(
            graphs ->
                graphs.isEmpty()
                    ? Future.succeededFuture(0)
                    : blocking(
                        () -> {
                          store.dropGraphs(graphs);
                          LOG.info(
                              "purged {} superseded upload graph(s) past retention", graphs.size());
                          return graphs.size();
                        }));
  }

  /** Asks the runner to look at the queue now. Runs on the event loop; never blocks. */
  public void kick() {
    context.runOnContext(
        v -> {
          if (running) {
            again = true;
            return;
          }
          running = true;
          drain()
              .onComplete(
                  r -> {
                    running = false;
                    if (r.failed()) {
                      LOG.error("upload queue stopped on an unexpected failure", r.cause());
                    }
                    if (again) {
                      again = false;
                      kick();
                    }
                  });
        });
  }

  private Future<Void> drain() {
    return uploads
        .claim(locks.instance())
        .compose(
            job -> job.isEmpty() ? Future.succeededFuture() : run(job.get()).compose(x -> drain()));
  }

  /**
   * Repairs what a crash left. Graphs no committed row points to are dropped, and the current view
   * of every tenant that had one, or had a job cut short while validating or loading, or has no
   * view yet, is rebuilt by replaying its committed uploads: whatever the crash interrupted is then
   * either wholly visible (its row committed) or not at all. Interrupted jobs are then redone, or
   * completed when only the rescoring was left.
   */
  public Future<Void> recover() {
    return Future.all(uploads.referencedGraphs(), uploads.tenantsWithData(), uploads.interrupted())
        .compose(all -> liveTenants(all.resultAt(2)).map(live -> new Object[] {all, live}))
        .compose(
            pair -> {
              var all = (io.vertx.core.CompositeFuture) pair[0];
              @SuppressWarnings("unchecked")
              Set<String> live = (Set<String>) pair[1];
              List<String> referenced = all.resultAt(0);
              List<String> withData = all.resultAt(1);
              // Another running instance owns these tenants' jobs: nothing of theirs is repaired.
              List<Uploads.Job> jobs =
                  all.<List<Uploads.Job>>resultAt(2).stream()
                      .filter(j -> !live.contains(j.tenantId()))
                      .toList();
              return blocking(
                      () -> {
                        Set<String> names = store.graphNames(GraphNames.BASE + "tenant:");
                        Set<String> orphans = new HashSet<>(names);
                        orphans.removeAll(referenced);
                        orphans.removeIf(g -> g.endsWith(":screening") || g.endsWith(":current"));
                        orphans.removeIf(
                            g -> GraphNames.tenantOf(g).filter(live::contains).isPresent());
                        Set<String> rebuild = new TreeSet<>();
                        orphans.forEach(g -> GraphNames.tenantOf(g).ifPresent(rebuild::add));
                        jobs.stream()
                            .filter(j -> !"scoring".equals(j.status()) && !j.dryRun())
                            .forEach(j -> rebuild.add(j.tenantId()));
                        withData.stream()
                            .filter(t -> !names.contains(GraphNames.current(t)))
                            .filter(t -> !live.contains(t))
                            .forEach(rebuild::add);
                        if (!orphans.isEmpty()) {
                          LOG.warn(
                              "dropping {} graph(s) no committed upload points to", orphans.size());
                          store.dropGraphs(orphans);
                        }
                        return rebuild;
                      })
                  .compose(
                      tenants -> {
                        Future<Void> chain = Future.succeededFuture();
                        for (String t : tenants) {
                          chain = chain.compose(x -> rebuildView(t));
                        }
                        return chain;
                      })
                  .compose(x -> finishInterrupted(jobs));
            });
  }

  /** Tenants with a job in progress on an instance that is still running (not this one). */
  private Future<Set<String>> liveTenants(List<Uploads.Job> active) {
    return uploads
        .claimers()
        .compose(
            claimers -> {
              Set<String> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
              Future<Void> chain = Future.succeededFuture();
              for (Uploads.Job j : active) {
                UUID claimer = claimers.get(j.id());
                chain =
                    chain.compose(
                        x ->
                            locks
                                .alive(claimer)
                                .map(
                                    alive -> {
                                      if (alive) {
                                        LOG.info(
                                            "upload {} is running on instance {}: left to it",
                                            j.id(),
                                            claimer);
                                        live.add(j.tenantId());
                                      }
                                      return null;
                                    }));
              }
              return chain.map(x -> live);
            });
  }

  private Future<Void> finishInterrupted(List<Uploads.Job> jobs) {
    Future<Void> chain = Future.succeededFuture();
    for (Uploads.Job job : jobs) {
      chain =
          chain.compose(
              y -> {
                if ("scoring".equals(job.status())) {
                  LOG.info("completing upload {} interrupted while scoring", job.id());
                  return rescore
                      .rescore(job.tenantId(), null)
                      .compose(z -> uploads.finish(job.id(), "succeeded", List.of(), List.of()));
                }
                LOG.info("re-queueing upload {} interrupted while {}", job.id(), job.status());
                return uploads.requeue(job.id());
              });
    }
    return chain;
  }

  /** Rebuilds the tenant's current view from its committed uploads, in one write transaction. */
  public Future<Void> rebuildView(String tenant) {
    return rebuildView(tenant, null);
  }

  private Future<Void> rebuildView(String tenant, String dropGraph) {
    return locks.withTenant(tenant, () -> rebuildViewLocked(tenant, dropGraph));
  }

  private Future<Void> rebuildViewLocked(String tenant, String dropGraph) {
    return uploads
        .committed(tenant)
        .compose(
            committed ->
                blocking(
                    () -> {
                      List<CurrentView.Applied> applied =
                          committed.stream()
                              .map(c -> CurrentView.Applied.of(c.graphIri(), c.kind(), c.mode()))
                              .toList();
                      store.write(
                          w -> {
                            if (dropGraph != null) {
                              w.clear(dropGraph);
                            }
                            CurrentView.replay(w, GraphNames.current(tenant), applied);
                          });
                      LOG.info(
                          "rebuilt the current view of tenant {} from {} upload(s)",
                          tenant,
                          applied.size());
                      return null;
                    }));
  }

  private Future<Void> run(Uploads.Job job) {
    String graph = GraphNames.upload(job.tenantId(), job.id().toString());
    CsvKind kind = CsvKind.fromCode(job.kind()).orElseThrow();
    // How far the job got: what a failure must undo depends on it.
    java.util.concurrent.atomic.AtomicInteger stage =
        new java.util.concurrent.atomic.AtomicInteger();
    return blocking(() -> parse(job, kind))
        .compose(
            parsed -> {
              if (job.dryRun()) {
                return uploads
                    .progress(job.id(), "validating", parsed.rows(), parsed.rows())
                    .compose(
                        x -> uploads.finish(job.id(), "succeeded", List.of(), parsed.warnings()));
              }
              return uploads
                  .progress(job.id(), "loading", parsed.rows(), 0)
                  .compose(
                      x -> {
                        stage.set(1);
                        // Under the tenant's lock: the write reads the view before changing it.
                        return locks.withTenant(
                            job.tenantId(),
                            () ->
                                blocking(() -> write(job, kind, graph, parsed))
                                    .compose(y -> uploads.loaded(job, graph, parsed.rows())));
                      })
                  .compose(
                      x -> {
                        stage.set(2);
                        return rescore
                            .rescore(
                                job.tenantId(),
                                new UploadDelta(
                                    job.seq(),
                                    kind,
                                    job.mode(),
                                    parsed.triples(),
                                    parsed.supplierIds()))
                            .mapEmpty();
                      })
                  .compose(x -> uploads.finish(job.id(), "succeeded", List.of(), parsed.warnings()))
                  .recover(
                      e -> {
                        if (stage.get() < 2) {
                          return Future.failedFuture(e);
                        }
                        // The data is committed and current; only the scores lag behind.
                        LOG.error("upload {} loaded but rescoring failed", job.id(), e);
                        List<FieldError> warnings = new java.util.ArrayList<>(parsed.warnings());
                        warnings.add(
                            new FieldError(
                                0,
                                null,
                                "rescoring-deferred",
                                "the data was loaded; scores will be refreshed on the next rescoring"));
                        return uploads.finish(job.id(), "succeeded", List.of(), warnings);
                      });
            })
        .recover(
            e -> {
              if (e instanceof LibertasException le) {
                return uploads.finish(
                    job.id(),
                    "failed",
                    le.errors().isEmpty()
                        ? List.of(new FieldError(0, null, le.code(), le.getMessage()))
                        : le.errors(),
                    List.of());
              }
              if (stage.get() == 2) {
                // Committed: the row stays in 'scoring' and start-up completes it.
                LOG.error("upload {} loaded but could not be finished", job.id(), e);
                return Future.succeededFuture();
              }
              LOG.error("upload {} failed unexpectedly", job.id(), e);
              Future<Void> undo =
                  stage.get() == 0 ? Future.succeededFuture() : rebuildView(job.tenantId(), graph);
              return undo.recover(
                      u -> {
                        LOG.error("could not undo upload {}; start-up will", job.id(), u);
                        return Future.succeededFuture();
                      })
                  .compose(
                      x ->
                          uploads.finish(
                              job.id(),
                              "failed",
                              List.of(
                                  new FieldError(
                                      0,
                                      null,
                                      "internal-error",
                                      "the upload could not be processed; nothing was loaded")),
                              List.of()));
            });
  }

  private ParsedUpload parse(Uploads.Job job, CsvKind kind) {
    Charset declared = job.charset() == null ? null : Charset.forName(job.charset());
    CsvTable table = CsvTable.read(job.content(), declared, limits);
    Set<String> known =
        kind == CsvKind.SUPPLIERS || kind == CsvKind.OPENSUPPLYHUB
            ? Set.of()
            : supplierIds(List.of(GraphNames.current(job.tenantId())));
    return new RowMapper(kind, table, codes(), job.tenantId(), known::contains, limits.maxErrors())
        .map();
  }

  private Set<String> supplierIds(List<String> graphs) {
    if (graphs.isEmpty()) {
      return Set.of();
    }
    return store.select(
        SUPPLIER_IDS,
        graphs,
        rs -> {
          Set<String> ids = new HashSet<>();
          rs.forEachRemaining(q -> ids.add(q.getLiteral("id").getString()));
          return ids;
        });
  }

  /**
   * One write transaction: the upload's own graph (provenance and data, never edited afterwards)
   * and the tenant's current view with the upload applied. Progress is reported as it goes.
   */
  private Void write(Uploads.Job job, CsvKind kind, String graph, ParsedUpload parsed) {
    Node g = NodeFactory.createURI(graph);
    List<Triple> provenance = new java.util.ArrayList<>();
    provenance.add(Triple.create(g, RDF.type.asNode(), NodeFactory.createURI(PROV + "Entity")));
    provenance.add(
        Triple.create(
            g, DCTerms.creator.asNode(), NodeFactory.createLiteralString(job.tenantId())));
    if (job.keyId() != null) {
      provenance.add(
          Triple.create(
              g,
              NodeFactory.createURI(PROV + "wasAttributedTo"),
              NodeFactory.createURI("urn:libertas:key:" + job.keyId())));
    }
    provenance.add(
        Triple.create(
            g,
            NodeFactory.createURI(PROV + "generatedAtTime"),
            NodeFactory.createLiteralDT(Instant.now().toString(), XSDDatatype.XSDdateTime)));
    if (job.fileName() != null) {
      provenance.add(
          Triple.create(
              g, DCTerms.source.asNode(), NodeFactory.createLiteralString(job.fileName())));
    }
    provenance.add(
        Triple.create(
            g,
            NodeFactory.createURI(Lbt.NS + "sha256"),
            NodeFactory.createLiteralString(job.sha256())));
    provenance.add(
        Triple.create(
            g,
            NodeFactory.createURI(Lbt.NS + "rowCount"),
            NodeFactory.createLiteralDT(Integer.toString(parsed.rows()), XSDDatatype.XSDinteger)));
    provenance.add(
        Triple.create(
            g,
            NodeFactory.createURI(Lbt.NS + "uploadKind"),
            NodeFactory.createLiteralString(job.kind())));
    provenance.add(
        Triple.create(
            g,
            NodeFactory.createURI(Lbt.NS + "uploadMode"),
            NodeFactory.createLiteralString(job.mode())));
    List<Triple> data = parsed.triples();
    store.write(
        w -> {
          // The store may write the upload graph beside the view (JenaGraphStore does).
          w.clear(graph);
          provenance.forEach(t -> w.add(graph, t));
          data.forEach(t -> w.add(graph, t));
          CurrentView.apply(
              w,
              GraphNames.current(job.tenantId()),
              kind,
              job.mode(),
              data,
              // Fire and forget: the status guard keeps a late report from undoing a later state.
              added ->
                  uploads.progressRows(
                      job.id(), "loading", (int) ((long) parsed.rows() * added / data.size())));
        });
    return null;
  }

  private ReferenceCodes codes() {
    return ReferenceCodes.of(ontology.get());
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return workers.executeBlocking(work, true);
  }
}
