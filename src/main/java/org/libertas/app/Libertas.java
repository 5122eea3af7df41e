package org.libertas.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.libertas.alerts.Alerts;
import org.libertas.api.AnonymousGate;
import org.libertas.api.Api;
import org.libertas.api.ApiVerticle;
import org.libertas.api.AssessmentRoutes;
import org.libertas.api.Auth;
import org.libertas.api.Bodies;
import org.libertas.api.ComplianceRoutes;
import org.libertas.api.Contract;
import org.libertas.api.ExportRoutes;
import org.libertas.api.Metrics;
import org.libertas.api.OntologyRoutes;
import org.libertas.api.OpsRoutes;
import org.libertas.api.RateLimit;
import org.libertas.api.ReproductionRoutes;
import org.libertas.api.ScreeningRoutes;
import org.libertas.api.SparqlAdmission;
import org.libertas.api.SparqlRoutes;
import org.libertas.api.SupplierRoutes;
import org.libertas.api.TenantGraphs;
import org.libertas.api.TenantRoutes;
import org.libertas.api.UploadRoutes;
import org.libertas.api.UpstreamRoutes;
import org.libertas.api.WebhookRoutes;
import org.libertas.graph.GraphStore;
import org.libertas.graph.JenaGraphStore;
import org.libertas.graph.RemoteGraphStore;
import org.libertas.ingest.CsvLimits;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.ontology.OntologyVersions;
import org.libertas.reasoning.TenantScorer;
import org.libertas.rescoring.ProofGraph;
import org.libertas.rescoring.RegressionCases;
import org.libertas.rescoring.Reproduction;
import org.libertas.rescoring.Rescoring;
import org.libertas.rescoring.TenantScreening;
import org.libertas.store.AuditLog;
import org.libertas.store.Decisions;
import org.libertas.store.Postgres;
import org.libertas.store.RecoveryProgress;
import org.libertas.store.Scores;
import org.libertas.store.ScreeningReviews;
import org.libertas.store.Tenants;
import org.libertas.store.UploadMappings;
import org.libertas.store.Uploads;
import org.libertas.store.Webhooks;
import org.libertas.uploads.UploadJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Libertas: stores started, ontology loaded, crashed jobs repaired, queue running, HTTP
 * serving. {@link #start} blocks until all of that is true; {@link #close} undoes it in reverse.
 */
public final class Libertas implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Libertas.class);

  /** The one executor for blocking work: Jena, CSV parsing, scoring, hashing, rendering. */
  static final String WORKERS = "libertas-worker";

  /** The upload jobs' own executor: one thread per job running at once (parsing, TDB2 writes). */
  static final String UPLOAD_WORKERS = "libertas-upload";

  /** {@code /v1/sparql}'s own executor: user queries never take the shared workers. */
  static final String SPARQL_WORKERS = "libertas-sparql";

  private final Vertx vertx;
  private final Postgres postgres;
  private final GraphStore graph;
  private final WorkerExecutor workers;
  private final List<WorkerExecutor> ownPools;
  private final UploadJobs jobs;
  private final int port;
  private final Tenants tenants;
  private final Rescoring rescoring;
  private final OntologyVersions versions;
  private final String generatedAdminKey;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Libertas(
      Vertx vertx,
      Postgres postgres,
      GraphStore graph,
      WorkerExecutor workers,
      List<WorkerExecutor> ownPools,
      UploadJobs jobs,
      int port,
      Tenants tenants,
      Rescoring rescoring,
      OntologyVersions versions,
      String generatedAdminKey) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.graph = graph;
    this.workers = workers;
    this.ownPools = ownPools;
    this.jobs = jobs;
    this.port = port;
    this.tenants = tenants;
    this.rescoring = rescoring;
    this.versions = versions;
    this.generatedAdminKey = generatedAdminKey;
  }

  public static Libertas start(Config config) {
    // The worker pool of Vert.x itself stays unused: blocking work goes to the one named executor.
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.threads().eventLoops()));
    Postgres postgres = null;
    GraphStore graph = null;
    try {
      Path uploadsDir = prepareDataDir(config);
      postgres = Postgres.start(vertx, config.stores().pgUrl(), config.stores().dataDir(), 16);
      graph = openGraphStore(config);
      Path ontologyDir = config.ontology().dir().orElseGet(OntologyLoader::bundledDirectory);
      Ontology bundled = OntologyLoader.load(ontologyDir, 1);
      WorkerExecutor workers =
          vertx.createSharedWorkerExecutor(
              WORKERS, config.threads().workers(), 10, TimeUnit.MINUTES);
      WorkerExecutor uploadWorkers =
          vertx.createSharedWorkerExecutor(
              UPLOAD_WORKERS, config.uploads().parallelJobs(), 10, TimeUnit.MINUTES);
      Config.Sparql sparql = config.sparql();
      WorkerExecutor sparqlWorkers =
          vertx.createSharedWorkerExecutor(SPARQL_WORKERS, sparql.threads(), 10, TimeUnit.MINUTES);
      SparqlAdmission sparqlAdmission =
          new SparqlAdmission(
              sparql.threads(), sparql.perTenant(), sparql.queue(), sparql.timeoutMs());

      Tenants tenants = new Tenants(postgres.pool(), config.cache().entries());
      Uploads uploads = new Uploads(postgres.pool());
      Scores scores = new Scores(postgres.pool(), config.cache().entries());
      // Caches of current scores and keys, kept right across instances by PostgreSQL notifications.
      await(
          org.libertas.store.ChangeFeed.start(
              vertx, postgres.options(), scores.cache(), tenants.keyCache()));
      AuditLog audit = new AuditLog(postgres.pool());
      Decisions decisions = new Decisions(postgres.pool());
      GraphStore g = graph;
      // Built on the first draft that changes a rule, not here: start-up never pays for it.
      ProofGraph proof =
          new ProofGraph(
              () -> bundled, config.ontology().proofSuppliers(), config.ontology().ruleBudgetMs());
      OntologyVersions versions =
          new OntologyVersions(
              postgres.pool(),
              g,
              workers,
              ontologyDir,
              config.ontology().maxBytes(),
              RegressionCases.runner(ontologyDir.resolve("tests")),
              proof);
      Supplier<Ontology> ontology = versions::active;
      ScreeningReviews screeningReviews = new ScreeningReviews(postgres.pool());
      TenantScreening screening = new TenantScreening();
      TenantScorer scorer = new TenantScorer(g);
      org.libertas.store.TenantRegimes regimes =
          new org.libertas.store.TenantRegimes(postgres.pool());
      Rescoring rescoring =
          new Rescoring(
              workers, g, uploads, scores, scorer, screening, screeningReviews, regimes, ontology);
      rescoring.boundCache(config.cache().residentMaxTriples());
      versions.rescoreWith(rescoring::rescore);
      // Several instances may share the database (and a remote graph store): see Locks.
      org.libertas.store.Locks locks =
          // Each upload job running holds a tenant lock's connection while it loads.
          await(
              org.libertas.store.Locks.open(
                  vertx, postgres.options(), 5 + config.uploads().parallelJobs()));
      rescoring.shareWith(locks, versions::refresh);
      Metrics metrics = new Metrics();
      rescoring.addListener((t, changes, took) -> metrics.recordRescoring(took));
      metrics.gauge(
          "libertas_run_cache_facts",
          "facts held by the run cache (bound: LIBERTAS_RESIDENT_MAX_TRIPLES)",
          () -> rescoring.cacheState().size());
      metrics.gauge(
          "libertas_ontology_proof_graph_builds",
          "times the rule proof graph of draft validation was built (once per process)",
          proof::builds);
      metrics.gauge(
          "libertas_run_cache_tenants",
          "tenants whose last run the run cache holds",
          () -> rescoring.cacheState().entries());
      metrics.gauge(
          "libertas_run_cache_evictions",
          "tenants evicted from the run cache since start",
          () -> rescoring.cacheState().evictions());
      metrics.gauge(
          "libertas_sparql_in_flight",
          "SPARQL queries admitted and not yet ended, running or waiting for a thread",
          sparqlAdmission::inFlight);
      Webhooks webhooks = new Webhooks(postgres.pool());
      Config.Webhooks hooks = config.webhooks();
      Alerts alerts =
          new Alerts(vertx, webhooks, hooks.attempts(), hooks.backoffMs(), hooks.timeoutMs());
      rescoring.addListener(alerts::rescored);
      versions.onPublished(alerts::ontologyPublished);
      boolean republished = await(versions.bootstrap(bundled));
      UploadJobs jobs =
          new UploadJobs(
              workers,
              uploadWorkers,
              config.uploads().parallelJobs(),
              uploads,
              g,
              ontology,
              rescoring::rescoreLocked,
              csvLimits(config.uploads()),
              config.uploads().retentionDays(),
              locks);
      String generated = bootstrapAdmin(tenants, config.adminKey());
      RecoveryProgress recovery = new RecoveryProgress();

      Contract contract = Contract.load();
      TenantGraphs tenantGraphs = new TenantGraphs(g, workers, ontology);
      Postgres pg = postgres;
      // Built once and shared by every API verticle: handlers hold no per-loop state.
      var handlers =
          Api.handlers(
              metrics.handlers(uploads::countByStatus),
              OpsRoutes.handlers(
                  contract,
                  () -> workers.executeBlocking(g::ping, false),
                  () -> pg.pool().query("select 1").execute().map(rs -> true),
                  recovery),
              TenantRoutes.handlers(tenants, audit, config.ngoPublishers()),
              UploadRoutes.handlers(
                  uploads,
                  new UploadMappings(pg.pool()),
                  jobs,
                  audit,
                  workers,
                  ontology,
                  csvLimits(config.uploads())),
              SupplierRoutes.handlers(scores, ontology),
              org.libertas.api.DueDiligenceRoutes.handlers(
                  scores, regimes, rescoring, audit, ontology),
              OntologyRoutes.handlers(versions, audit),
              AssessmentRoutes.handlers(
                  scores, uploads, scorer, screening, ontology, workers, rescoring::regimes),
              ReproductionRoutes.handlers(
                  new Reproduction(
                      scores, uploads, screeningReviews, versions, g, scorer, screening, workers)),
              ScreeningRoutes.handlers(
                  screening, ontology, screeningReviews, audit, rescoring::rescore, workers),
              UpstreamRoutes.handlers(scores, tenantGraphs),
              ComplianceRoutes.handlers(decisions, audit),
              WebhookRoutes.handlers(webhooks, audit, hooks.allowedHosts()),
              ExportRoutes.handlers(scores, decisions, screeningReviews, tenantGraphs),
              SparqlRoutes.handlers(
                  tenantGraphs,
                  new SparqlRoutes.Limits(
                      sparqlWorkers,
                      sparqlAdmission,
                      sparql.timeoutMs(),
                      sparql.maxRows(),
                      sparql.maxQueryBytes())));
      int rateLimit = config.http().rateLimitPerMinute();
      var anonymous = new AnonymousGate(config.http().maxAnonymousConnections());
      var guards =
          new Api.Guards(
              metrics,
              rateLimit == 0 ? null : new RateLimit(rateLimit),
              config.http().corsOrigins(),
              anonymous);
      var bodies =
          new Bodies(
              config.http().jsonMaxBytes(),
              config.uploads().maxBytes(),
              config.ontology().maxBytes(),
              // A query may come as a form field, URL-encoded (up to 3×).
              3L * config.sparql().maxQueryBytes(),
              config.http().bodyTimeoutMs(),
              config.http().bodyMinBytesPerSecond());
      Function<Vertx, Router> routes =
          v -> Api.router(v, contract, tenants, bodies, uploadsDir.toString(), handlers, guards);
      // Listening before recovery: /healthz answers at once, /readyz says what recovery does, and
      // reads answer from the last committed state while it runs (finding 6: a crash during a
      // 100k-row upload left the port closed for 7 minutes).
      int port =
          deployApi(vertx, serverOptions(config), routes, anonymous, config.threads().eventLoops());
      LOG.info(
          "Libertas listening on {}:{} on {} event loops (data in {}, PostgreSQL {}); recovering",
          config.http().host(),
          port,
          config.threads().eventLoops(),
          config.stores().dataDir(),
          postgres.embedded() ? "embedded" : "external");
      scores.listen(recovery);
      try {
        recoverInterruptedWork(jobs, versions, republished, recovery);
      } catch (RuntimeException e) {
        recovery.failed(e);
        throw e;
      } finally {
        scores.listen((t, saved, total) -> {});
      }
      // Uploads accepted meanwhile waited in the queue: the runner drains it as it starts.
      for (var runner : jobs.runners()) {
        await(vertx.deployVerticle(runner));
      }
      followPublishedVersions(vertx, versions);
      recovery.done();
      LOG.info("Libertas ready on port {}", port);
      return new Libertas(
          vertx,
          postgres,
          graph,
          workers,
          List.of(uploadWorkers, sparqlWorkers),
          jobs,
          port,
          tenants,
          rescoring,
          versions,
          generated);
    } catch (IOException e) {
      closeAll(vertx, postgres, graph);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeAll(vertx, postgres, graph);
      throw e;
    }
  }

  /** The data directory, and the directory the HTTP body handler streams uploads into. */
  private static Path prepareDataDir(Config config) throws IOException {
    Files.createDirectories(config.stores().dataDir());
    return Files.createDirectories(config.stores().dataDir().resolve("http-uploads"));
  }

  private static CsvLimits csvLimits(Config.Uploads u) {
    return new CsvLimits(
        u.maxBytes(), u.maxRows(), u.maxFieldChars(), u.maxLinesPerField(), u.maxErrors());
  }

  /**
   * Repairs what a crash interrupted: upload jobs left running, then an ontology publication whose
   * rescoring did not end. Every tenant is rescored when the bundled ontology was republished too.
   */
  private static void recoverInterruptedWork(
      UploadJobs jobs, OntologyVersions versions, boolean republished, RecoveryProgress progress) {
    await(jobs.recover(progress));
    progress.step("ontology");
    boolean interrupted = await(versions.recover());
    if (republished || interrupted) {
      progress.step("rescoring");
      await(versions.rescoreAllNow(progress));
    }
  }

  /** Host, port and the request limits every API verticle's server shares. */
  private static HttpServerOptions serverOptions(Config config) {
    return new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(config.http().port())
        .setCompressionSupported(true)
        // HTTP/1.1 only in clear text (TLS ends at the proxy): the JDK client's
        // h2c upgrade on a GET sometimes read the answer as HTTP/2 frames.
        .setHttp2ClearTextEnabled(false)
        // Netty's defaults, stated: a longer request line gets 414, larger headers 431.
        .setMaxInitialLineLength(HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH)
        .setMaxHeaderSize(HttpServerOptions.DEFAULT_MAX_HEADER_SIZE)
        // A SPARQL query may come as a form field, URL-encoded (up to 3×).
        .setMaxFormAttributeSize(3 * config.sparql().maxQueryBytes())
        // A connection silent both ways this long is closed (a stalled client, a half-sent
        // request); a body still arriving has its own time limit (Bodies).
        .setIdleTimeout(config.http().idleTimeoutSeconds())
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Deploys the API verticle once per event loop, all on one port; returns that port. Vert.x shares
   * a port among servers that ask for the same one; port 0 would give each instance its own free
   * port, so it is asked as -1 instead: "any free port, the same for every server asking -1".
   */
  private static int deployApi(
      Vertx vertx,
      HttpServerOptions options,
      Function<Vertx, Router> routes,
      AnonymousGate anonymous,
      int instances) {
    HttpServerOptions shared =
        options.getPort() == 0 ? new HttpServerOptions(options).setPort(-1) : options;
    List<ApiVerticle> deployed = new CopyOnWriteArrayList<>();
    await(
        vertx.deployVerticle(
            () -> {
              ApiVerticle v = new ApiVerticle(shared, routes, anonymous);
              deployed.add(v);
              return v;
            },
            new DeploymentOptions().setInstances(instances)));
    Set<Integer> ports = new TreeSet<>();
    deployed.forEach(v -> ports.add(v.actualPort()));
    if (ports.size() != 1 || deployed.size() != instances) {
      throw new IllegalStateException(
          instances + " API verticles should share one port, they listen on " + ports);
    }
    return ports.iterator().next();
  }

  /** Another instance may publish a version: follow it. */
  private static void followPublishedVersions(Vertx vertx, OntologyVersions versions) {
    vertx.setPeriodic(
        5000, t -> versions.refresh().onFailure(e -> LOG.warn("ontology refresh failed", e)));
  }

  /** The platform tenant and its first admin key: from LIBERTAS_ADMIN_KEY, or generated once. */
  private static String bootstrapAdmin(Tenants tenants, Optional<String> configuredKey) {
    await(tenants.ensure(Auth.PLATFORM, "Platform administration"));
    if (configuredKey.isPresent()) {
      await(tenants.issueKey(Auth.PLATFORM, "admin", configuredKey.get()));
      return null;
    }
    if (await(tenants.hasKeys(Auth.PLATFORM, "admin"))) {
      return null;
    }
    return await(tenants.issueKey(Auth.PLATFORM, "admin", null)).key();
  }

  /** Waits for a start-up or shutdown step on the calling (non-Vert.x) thread. */
  static <T> T await(Future<T> f) {
    try {
      return f.await(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("start-up step did not finish in 10 minutes", e);
    }
  }

  /** Asks the job runner to look at the queue now (after enqueueing outside the API). */
  public void kickJobs() {
    jobs.kick();
  }

  /** Purges superseded upload graphs past retention now (it also runs hourly); how many. */
  public Future<Integer> purgeExpiredUploads() {
    return jobs.purgeExpired();
  }

  /**
   * Rebuilds a tenant's current view from its committed uploads (what start-up does after a crash).
   */
  public Future<Void> rebuildView(String tenant) {
    return jobs.rebuildView(tenant);
  }

  /** The RDF store, for checks that only the store can answer (tests, operations). */
  public GraphStore graphStore() {
    return graph;
  }

  /** The port every API verticle listens on. */
  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Tenants tenants() {
    return tenants;
  }

  public Rescoring rescoring() {
    return rescoring;
  }

  public Ontology ontology() {
    return versions.active();
  }

  public OntologyVersions versions() {
    return versions;
  }

  public Postgres postgres() {
    return postgres;
  }

  /** The admin key generated at first start (null when configured or generated earlier). */
  public String generatedAdminKey() {
    return generatedAdminKey;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    await(jobs.stop());
    try {
      // Undeploying the API verticles closes their servers.
      await(Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()));
    } catch (RuntimeException e) {
      LOG.warn("HTTP server did not close cleanly", e);
    }
    workers.close();
    ownPools.forEach(WorkerExecutor::close);
    closeAll(vertx, postgres, graph);
  }

  /** The remote SPARQL store when configured, else the embedded TDB2 under the data directory. */
  private static GraphStore openGraphStore(Config config) {
    Config.Stores stores = config.stores();
    if (stores.sparqlStore().isPresent()) {
      Config.SparqlStore s = stores.sparqlStore().get();
      LOG.info("graph store: SPARQL endpoint {} (updates {})", s.queryUrl(), s.updateUrl());
      return new RemoteGraphStore(
          s.queryUrl(), s.updateUrl(), s.user(), s.password(), stores.queryTimeoutMs());
    }
    return new JenaGraphStore(
        stores.dataDir().resolve("tdb2"),
        stores.dataDir().resolve("tdb2-uploads"),
        stores.queryTimeoutMs());
  }

  private static void closeAll(Vertx vertx, Postgres postgres, GraphStore graph) {
    if (postgres != null) {
      postgres.close();
    }
    if (graph != null) {
      graph.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
  }
}
