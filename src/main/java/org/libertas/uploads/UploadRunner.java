package org.libertas.uploads;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.ValidationException;
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
import org.libertas.ingest.SheetKinds;
import org.libertas.ingest.SheetTable;
import org.libertas.ingest.UploadDelta;
import org.libertas.ingest.WorkbookUpload;
import org.libertas.ontology.Ontology;
import org.libertas.store.Locks;
import org.libertas.store.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slot of the upload queue, one job at a time, in a verticle of its own: jobs are claimed from
 * PostgreSQL (other instances may enqueue), polled every second and whenever {@link #kick()} is
 * called; slot 0 also purges superseded graphs past retention hourly. An instance runs {@code
 * LIBERTAS_UPLOAD_PARALLEL_JOBS} slots, each on its own context, so one tenant's large upload does
 * not hold back another tenant's (the claim serves tenants in turn and never a tenant twice at
 * once: {@link Uploads#claim}). The blocking steps (CSV, Jena) run on the upload executor, one
 * thread per slot, never on this verticle's event loop.
 *
 * <p>One job, in order (see {@link #run}): parse, validate, write the graph, record in PostgreSQL,
 * rescore. The last three hold the tenant's lock, once, so no other instance reads or writes the
 * tenant in between; no PostgreSQL call is made inside the TDB2 write transaction (the writer only
 * counts, a timer reports).
 */
public final class UploadRunner extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRunner.class);
  private static final Query SUPPLIER_IDS = Sparql.query("supplier-ids.rq");
  private static final long POLL_MILLIS = 1_000;
  private static final long PROGRESS_MILLIS = 250;

  private final int slot;
  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final GraphStore store;
  private final Supplier<Ontology> ontology;
  private final UploadJobs.Rescorer rescore;
  private final CsvLimits limits;
  private final Locks locks;
  private final UploadRecovery recovery;
  private final Retention retention;
  private volatile Context deployed;
  private boolean running;
  private boolean again;

  UploadRunner(
      int slot,
      WorkerExecutor workers,
      Uploads uploads,
      GraphStore store,
      Supplier<Ontology> ontology,
      UploadJobs.Rescorer rescore,
      CsvLimits limits,
      Locks locks,
      UploadRecovery recovery,
      Retention retention) {
    this.slot = slot;
    this.workers = workers;
    this.uploads = uploads;
    this.store = store;
    this.ontology = ontology;
    this.rescore = rescore;
    this.limits = limits;
    this.locks = locks;
    this.recovery = recovery;
    this.retention = retention;
  }

  /** Starts the timers (cancelled by Vert.x when the verticle is undeployed) and drains once. */
  @Override
  public Future<?> start() {
    deployed = context;
    vertx.setPeriodic(POLL_MILLIS, t -> kick());
    if (slot == 0) {
      vertx.setPeriodic(
          10_000,
          3_600_000,
          t ->
              retention
                  .purgeExpired()
                  .onFailure(e -> LOG.warn("purging expired upload graphs failed", e)));
    }
    kick();
    return Future.succeededFuture();
  }

  /** Undeploys the runner (its timers go with it); a job under way runs to its end. */
  Future<Void> undeploy() {
    return deployed == null ? Future.succeededFuture() : vertx.undeploy(deploymentID());
  }

  /**
   * Asks the runner to look at the queue now; from any thread, never blocks. Before the verticle is
   * deployed it does nothing: deployment drains the queue.
   */
  public void kick() {
    var ctx = deployed;
    if (ctx == null) {
      return;
    }
    ctx.runOnContext(
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

  /** One job, how far it got: what a failure must undo depends on it. */
  private static final class Attempt {
    static final int PARSED = 0;
    static final int WRITING = 1;
    static final int RECORDED = 2;

    final Uploads.Job job;

    /** null for a workbook of several kinds ({@link WorkbookUpload}) */
    final CsvKind kind;

    final String graph;
    volatile int stage = PARSED;

    Attempt(Uploads.Job job) {
      this.job = job;
      this.kind = CurrentView.kindOf(job.kind());
      this.graph = GraphNames.upload(job.tenantId(), job.id().toString());
    }
  }

  /** The upload walk of package-info, step by step. */
  private Future<Void> run(Uploads.Job job) {
    Attempt a = new Attempt(job);
    Future<ParsedUpload> validated =
        a.kind == null
            ? blocking(() -> workbook(a))
            : blocking(() -> parse(a)).compose(table -> blocking(() -> validate(a, table)));
    return validated
        .compose(parsed -> job.dryRun() ? finishDryRun(a, parsed) : load(a, parsed))
        .recover(e -> failed(a, e));
  }

  /**
   * 1. parse: the bytes as a table: a CSV file (encoding, delimiter, limits) or one sheet of an
   * Excel workbook (streamed; the same limits and a zip-bomb guard).
   */
  private CsvTable parse(Attempt a) {
    if ("xlsx".equals(a.job.format())) {
      return SheetTable.read(a.job.content(), a.job.sheet(), limits);
    }
    Charset declared = a.job.charset() == null ? null : Charset.forName(a.job.charset());
    return CsvTable.read(a.job.content(), declared, limits);
  }

  /**
   * 2. validate: every row mapped to triples, every error found (a file with any loads nothing);
   * rows may refer to the suppliers of the tenant's current view.
   */
  private ParsedUpload validate(Attempt a, CsvTable table) {
    Set<String> known =
        a.kind == CsvKind.SUPPLIERS || a.kind == CsvKind.OPENSUPPLYHUB
            ? Set.of()
            : supplierIds(GraphNames.current(a.job.tenantId()));
    return new RowMapper(
            a.kind,
            table,
            ReferenceCodes.of(ontology.get()),
            a.job.tenantId(),
            known::contains,
            limits.maxErrors(),
            a.job.mapping())
        .map();
  }

  /**
   * Steps 1 and 2 for a workbook of several kinds: its sheets read and mapped in order, suppliers
   * first, every error naming its sheet; any error in any sheet refuses the whole workbook.
   */
  private ParsedUpload workbook(Attempt a) {
    ReferenceCodes codes = ReferenceCodes.of(ontology.get());
    byte[] content = a.job.content();
    SheetKinds.Plan plan = codes.sheetKinds().plan(SheetTable.sheetNames(content, limits));
    if (plan.sheets().isEmpty()) {
      throw new ValidationException(
          "no sheet of the workbook names a kind of file; nothing was loaded",
          List.of(
              new FieldError(0, "sheet", "no-kind-sheet", "name the sheets " + CsvKind.codes())));
    }
    List<WorkbookUpload.Table> tables = WorkbookUpload.read(content, plan, limits);
    Set<String> known = supplierIds(GraphNames.current(a.job.tenantId()));
    return WorkbookUpload.map(
        tables,
        plan.warnings(),
        codes,
        a.job.tenantId(),
        known::contains,
        limits.maxErrors(),
        a.job.mapping());
  }

  private Future<Void> finishDryRun(Attempt a, ParsedUpload parsed) {
    return uploads
        .progress(a.job.id(), "validating", parsed.rows(), parsed.rows())
        .compose(x -> uploads.finish(a.job.id(), "succeeded", List.of(), parsed.warnings()));
  }

  /** Steps 3 to 5 under one acquisition of the tenant's lock, then the job's row finished. */
  private Future<Void> load(Attempt a, ParsedUpload parsed) {
    return uploads
        .progress(a.job.id(), "loading", parsed.rows(), 0)
        .compose(
            x ->
                locks.withTenant(
                    a.job.tenantId(),
                    () ->
                        writeGraph(a, parsed)
                            .compose(y -> record(a, parsed))
                            .compose(y -> rescore(a, parsed))))
        .compose(warnings -> uploads.finish(a.job.id(), "succeeded", List.of(), warnings));
  }

  /**
   * 3. write the graph: one TDB2 write transaction holds the upload's own graph (provenance and
   * data, never edited afterwards) and the tenant's current view with the upload applied. The
   * writer only counts the triples it has applied; a timer on this verticle reports them to
   * PostgreSQL, outside the transaction.
   */
  private Future<Void> writeGraph(Attempt a, ParsedUpload parsed) {
    a.stage = Attempt.WRITING;
    List<Triple> provenance = Provenance.of(a.job, a.graph, parsed.rows(), Instant.now());
    List<Triple> data = parsed.triples();
    AtomicInteger applied = new AtomicInteger();
    int[] reported = {0};
    long timer =
        vertx.setPeriodic(
            PROGRESS_MILLIS,
            t -> {
              int added = applied.get();
              if (added > reported[0]) {
                reported[0] = added;
                // The status guard keeps a late report from undoing a later state.
                uploads.progressRows(
                    a.job.id(), "loading", (int) ((long) parsed.rows() * added / data.size()));
              }
            });
    return blocking(
            () -> {
              store.write(
                  w -> {
                    // The store may write the upload graph beside the view (JenaGraphStore does).
                    w.clear(a.graph);
                    provenance.forEach(t -> w.add(a.graph, t));
                    data.forEach(t -> w.add(a.graph, t));
                    CurrentView.apply(
                        w,
                        GraphNames.current(a.job.tenantId()),
                        a.kind,
                        a.job.mode(),
                        data,
                        applied::set);
                  });
              return null;
            })
        .<Void>mapEmpty()
        .onComplete(x -> vertx.cancelTimer(timer));
  }

  /** 4. record in PostgreSQL: the row that makes the graph current (status scoring). */
  private Future<Void> record(Attempt a, ParsedUpload parsed) {
    Future<Void> loaded =
        a.kind != null
            ? uploads.loaded(a.job, a.graph, parsed.rows())
            : uploads.loaded(
                a.job,
                a.graph,
                parsed.rows(),
                CurrentView.kindsHeld(parsed.triples()).stream().map(CsvKind::code).toList());
    return loaded.onSuccess(x -> a.stage = Attempt.RECORDED);
  }

  /**
   * 5. rescore, with what the upload changed; the warnings to finish the job with. The data is
   * committed and current by now: a failed rescoring only leaves the scores behind, and says so.
   */
  private Future<List<FieldError>> rescore(Attempt a, ParsedUpload parsed) {
    UploadDelta delta =
        new UploadDelta(a.job.seq(), a.kind, a.job.mode(), parsed.triples(), parsed.supplierIds());
    return rescore
        .rescore(a.job.tenantId(), delta)
        .map(x -> parsed.warnings())
        .recover(
            e -> {
              LOG.error("upload {} loaded but rescoring failed", a.job.id(), e);
              List<FieldError> warnings = new ArrayList<>(parsed.warnings());
              warnings.add(
                  new FieldError(
                      0,
                      null,
                      "rescoring-deferred",
                      "the data was loaded; scores will be refreshed on the next rescoring"));
              return Future.succeededFuture(warnings);
            });
  }

  /**
   * A refused file fails with its errors; an unexpected failure before the row was recorded is
   * undone (the graph dropped, the view rebuilt); after it, the row stays in 'scoring' and start-up
   * completes it.
   */
  private Future<Void> failed(Attempt a, Throwable e) {
    if (e instanceof LibertasException le) {
      return uploads.finish(
          a.job.id(),
          "failed",
          le.errors().isEmpty()
              ? List.of(new FieldError(0, null, le.code(), le.getMessage()))
              : le.errors(),
          List.of());
    }
    if (a.stage == Attempt.RECORDED) {
      LOG.error("upload {} loaded but could not be finished", a.job.id(), e);
      return Future.succeededFuture();
    }
    LOG.error("upload {} failed unexpectedly", a.job.id(), e);
    Future<Void> undo =
        a.stage == Attempt.PARSED
            ? Future.succeededFuture()
            : recovery.undo(a.job.tenantId(), a.graph);
    return undo.recover(
            u -> {
              LOG.error("could not undo upload {}; start-up will", a.job.id(), u);
              return Future.succeededFuture();
            })
        .compose(
            x ->
                uploads.finish(
                    a.job.id(),
                    "failed",
                    List.of(
                        new FieldError(
                            0,
                            null,
                            "internal-error",
                            "the upload could not be processed; nothing was loaded")),
                    List.of()));
  }

  private Set<String> supplierIds(String graph) {
    return store.select(
        SUPPLIER_IDS,
        List.of(graph),
        rs -> {
          Set<String> ids = new HashSet<>();
          rs.forEachRemaining(q -> ids.add(q.getLiteral("id").getString()));
          return ids;
        });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, true);
  }
}
