package org.libertas.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.graph.Sparql;
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
  private static final Logger LOG = LoggerFactory.getLogger(UploadJobs.class);
  private static final Query SUPPLIER_IDS = Sparql.query("supplier-ids.rq");
  private static final String PROV = "http://www.w3.org/ns/prov#";

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final GraphStore store;
  private final Supplier<Ontology> ontology;
  private final Function<String, Future<?>> rescore;
  private final CsvLimits limits;
  private volatile CachedCodes codes;
  private boolean running;
  private boolean again;
  private long timer = -1;

  private record CachedCodes(Ontology ontology, ReferenceCodes codes) {}

  public UploadJobs(
      Vertx vertx,
      WorkerExecutor workers,
      Uploads uploads,
      GraphStore store,
      Supplier<Ontology> ontology,
      Function<String, Future<?>> rescore,
      CsvLimits limits) {
    this.vertx = vertx;
    this.workers = workers;
    this.uploads = uploads;
    this.store = store;
    this.ontology = ontology;
    this.rescore = rescore;
    this.limits = limits;
  }

  /**
   * Polls the queue (other instances may enqueue) and drains it whenever {@link #kick()} is called.
   */
  public void start(long pollMillis) {
    timer = vertx.setPeriodic(pollMillis, t -> kick());
    kick();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Asks the runner to look at the queue now. Runs on the event loop; never blocks. */
  public void kick() {
    vertx.runOnContext(
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
        .claim()
        .compose(
            job -> job.isEmpty() ? Future.succeededFuture() : run(job.get()).compose(x -> drain()));
  }

  /** Repairs what a crash left: orphan graphs dropped, interrupted jobs redone or completed. */
  public Future<Void> recover() {
    return uploads
        .referencedGraphs()
        .compose(
            referenced ->
                blocking(
                    () -> {
                      Set<String> orphans =
                          new HashSet<>(store.graphNames(GraphNames.BASE + "tenant:"));
                      orphans.removeAll(referenced);
                      orphans.removeIf(g -> g.endsWith(":screening"));
                      if (!orphans.isEmpty()) {
                        LOG.warn(
                            "dropping {} graph(s) no committed upload points to", orphans.size());
                        store.dropGraphs(orphans);
                      }
                      return null;
                    }))
        .compose(x -> uploads.interrupted())
        .compose(
            jobs -> {
              Future<Void> chain = Future.succeededFuture();
              for (Uploads.Job job : jobs) {
                chain =
                    chain.compose(
                        y -> {
                          if ("scoring".equals(job.status())) {
                            LOG.info("completing upload {} interrupted while scoring", job.id());
                            return rescore
                                .apply(job.tenantId())
                                .compose(
                                    z ->
                                        uploads.finish(
                                            job.id(), "succeeded", List.of(), List.of()));
                          }
                          LOG.info(
                              "re-queueing upload {} interrupted while {}", job.id(), job.status());
                          return uploads.requeue(job.id());
                        });
              }
              return chain;
            });
  }

  private Future<Void> run(Uploads.Job job) {
    String graph = GraphNames.upload(job.tenantId(), job.id().toString());
    CsvKind kind = CsvKind.fromCode(job.kind()).orElseThrow();
    return uploads
        .current(job.tenantId())
        .compose(state -> blocking(() -> parse(job, kind, state.graphs())))
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
                  .compose(x -> blocking(() -> write(job, graph, parsed)))
                  .compose(x -> uploads.loaded(job, graph, parsed.rows()))
                  .compose(x -> rescore.apply(job.tenantId()))
                  .compose(
                      x -> uploads.finish(job.id(), "succeeded", List.of(), parsed.warnings()));
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
              LOG.error("upload {} failed unexpectedly", job.id(), e);
              return blocking(
                      () -> {
                        store.dropGraphs(List.of(graph));
                        return null;
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

  private ParsedUpload parse(Uploads.Job job, CsvKind kind, List<String> currentGraphs) {
    Charset declared = job.charset() == null ? null : Charset.forName(job.charset());
    CsvTable table = CsvTable.read(job.content(), declared, limits);
    Set<String> known =
        kind == CsvKind.SUPPLIERS || kind == CsvKind.OPENSUPPLYHUB
            ? Set.of()
            : supplierIds(currentGraphs);
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

  private Void write(Uploads.Job job, String graph, ParsedUpload parsed) {
    Node g = NodeFactory.createURI(graph);
    store.writeGraph(
        graph,
        sink -> {
          // Provenance of the upload, inside its own graph: who, when, what file.
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g, RDF.type.asNode(), NodeFactory.createURI(PROV + "Entity")));
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g, DCTerms.creator.asNode(), NodeFactory.createLiteralString(job.tenantId())));
          if (job.keyId() != null) {
            sink.triple(
                org.apache.jena.graph.Triple.create(
                    g,
                    NodeFactory.createURI(PROV + "wasAttributedTo"),
                    NodeFactory.createURI("urn:libertas:key:" + job.keyId())));
          }
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g,
                  NodeFactory.createURI(PROV + "generatedAtTime"),
                  NodeFactory.createLiteralDT(Instant.now().toString(), XSDDatatype.XSDdateTime)));
          if (job.fileName() != null) {
            sink.triple(
                org.apache.jena.graph.Triple.create(
                    g, DCTerms.source.asNode(), NodeFactory.createLiteralString(job.fileName())));
          }
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g,
                  NodeFactory.createURI(Lbt.NS + "sha256"),
                  NodeFactory.createLiteralString(job.sha256())));
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g,
                  NodeFactory.createURI(Lbt.NS + "rowCount"),
                  NodeFactory.createLiteralDT(
                      Integer.toString(parsed.rows()), XSDDatatype.XSDinteger)));
          sink.triple(
              org.apache.jena.graph.Triple.create(
                  g,
                  NodeFactory.createURI(Lbt.NS + "uploadKind"),
                  NodeFactory.createLiteralString(job.kind())));
          parsed.triples().forEach(sink::triple);
        });
    return null;
  }

  private ReferenceCodes codes() {
    Ontology current = ontology.get();
    CachedCodes c = codes;
    if (c == null || c.ontology() != current) {
      c = new CachedCodes(current, new ReferenceCodes(current));
      codes = c;
    }
    return c.codes();
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return workers.executeBlocking(work, true);
  }
}
