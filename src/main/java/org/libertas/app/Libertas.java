package org.libertas.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.libertas.alerts.Alerts;
import org.libertas.api.Api;
import org.libertas.api.AssessmentRoutes;
import org.libertas.api.Auth;
import org.libertas.api.ComplianceRoutes;
import org.libertas.api.Contract;
import org.libertas.api.ExportRoutes;
import org.libertas.api.Metrics;
import org.libertas.api.OntologyRoutes;
import org.libertas.api.OpsRoutes;
import org.libertas.api.RateLimit;
import org.libertas.api.ReproductionRoutes;
import org.libertas.api.ScreeningRoutes;
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
import org.libertas.rescoring.RegressionCases;
import org.libertas.rescoring.Reproduction;
import org.libertas.rescoring.Rescoring;
import org.libertas.rescoring.TenantScreening;
import org.libertas.store.AuditLog;
import org.libertas.store.Decisions;
import org.libertas.store.Postgres;
import org.libertas.store.Scores;
import org.libertas.store.ScreeningReviews;
import org.libertas.store.Tenants;
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

  private final Vertx vertx;
  private final Postgres postgres;
  private final GraphStore graph;
  private final WorkerExecutor workers;
  private final UploadJobs jobs;
  private final HttpServer server;
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
      UploadJobs jobs,
      HttpServer server,
      Tenants tenants,
      Rescoring rescoring,
      OntologyVersions versions,
      String generatedAdminKey) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.graph = graph;
    this.workers = workers;
    this.jobs = jobs;
    this.server = server;
    this.tenants = tenants;
    this.rescoring = rescoring;
    this.versions = versions;
    this.generatedAdminKey = generatedAdminKey;
  }

  public static Libertas start(Config config) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(config.workerThreads()));
    Postgres postgres = null;
    GraphStore graph = null;
    try {
      Files.createDirectories(config.dataDir());
      Path uploadsDir = Files.createDirectories(config.dataDir().resolve("http-uploads"));
      postgres = Postgres.start(vertx, config.pgUrl(), config.dataDir(), 16);
      graph = openGraphStore(config);
      Path ontologyDir = config.ontologyDir().orElseGet(OntologyLoader::bundledDirectory);
      Ontology bundled = OntologyLoader.load(ontologyDir, 1);
      WorkerExecutor workers =
          vertx.createSharedWorkerExecutor(
              "libertas-jena", config.workerThreads(), 10, TimeUnit.MINUTES);

      Tenants tenants = new Tenants(postgres.pool(), config.cacheEntries());
      Uploads uploads = new Uploads(postgres.pool());
      Scores scores = new Scores(postgres.pool(), config.cacheEntries());
      // Caches of current scores and keys, kept right across instances by PostgreSQL notifications.
      await(
          org.libertas.store.ChangeFeed.start(
              vertx, postgres.options(), scores.cache(), tenants.keyCache()));
      AuditLog audit = new AuditLog(postgres.pool());
      Decisions decisions = new Decisions(postgres.pool());
      GraphStore g = graph;
      OntologyVersions versions =
          new OntologyVersions(
              postgres.pool(),
              g,
              workers,
              ontologyDir,
              config.ontologyMaxBytes(),
              RegressionCases.runner(ontologyDir.resolve("tests")));
      Supplier<Ontology> ontology = versions::active;
      ScreeningReviews screeningReviews = new ScreeningReviews(postgres.pool());
      TenantScreening screening = new TenantScreening(g);
      TenantScorer scorer = new TenantScorer(g);
      Rescoring rescoring =
          new Rescoring(workers, g, uploads, scores, scorer, screening, screeningReviews, ontology);
      rescoring.keepViews(config.residentMaxTriples());
      versions.rescoreWith(rescoring::rescore);
      // Several instances may share the database (and a remote graph store): see Locks.
      org.libertas.store.Locks locks =
          await(org.libertas.store.Locks.open(vertx, postgres.options()));
      rescoring.shareWith(locks, versions::refresh);
      Metrics metrics = new Metrics();
      rescoring.addListener((t, changes, took) -> metrics.recordRescoring(took));
      Webhooks webhooks = new Webhooks(postgres.pool());
      Alerts alerts =
          new Alerts(
              vertx,
              webhooks,
              config.webhookAttempts(),
              config.webhookBackoffMs(),
              config.webhookTimeoutMs());
      rescoring.addListener(alerts::rescored);
      boolean republished = await(versions.bootstrap(bundled));
      var limits =
          new CsvLimits(
              config.uploadMaxBytes(),
              config.uploadMaxRows(),
              config.uploadMaxFieldChars(),
              config.uploadMaxLinesPerField(),
              config.uploadMaxErrors());
      UploadJobs jobs =
          new UploadJobs(
              workers,
              uploads,
              g,
              ontology,
              rescoring::rescoreLocked,
              limits,
              config.retentionDays(),
              locks);
      await(jobs.recover());
      boolean interrupted = await(versions.recover());
      if (republished || interrupted) {
        await(versions.rescoreAllNow());
      }
      String generated = await(bootstrapAdmin(tenants, config));

      Contract contract = Contract.load();
      TenantGraphs tenantGraphs = new TenantGraphs(g, workers, ontology);
      Postgres pg = postgres;
      var router =
          Api.router(
              vertx,
              contract,
              tenants,
              config.uploadMaxBytes(),
              uploadsDir.toString(),
              Api.handlers(
                  metrics.handlers(uploads::countByStatus),
                  OpsRoutes.handlers(
                      contract,
                      () -> workers.executeBlocking(g::ping, false),
                      () -> pg.pool().query("select 1").execute().map(rs -> true)),
                  TenantRoutes.handlers(tenants, audit),
                  UploadRoutes.handlers(uploads, jobs, audit),
                  SupplierRoutes.handlers(scores, ontology),
                  OntologyRoutes.handlers(versions, audit),
                  AssessmentRoutes.handlers(scores, uploads, scorer, screening, ontology, workers),
                  ReproductionRoutes.handlers(
                      new Reproduction(
                          scores,
                          uploads,
                          screeningReviews,
                          versions,
                          g,
                          scorer,
                          screening,
                          workers)),
                  ScreeningRoutes.handlers(
                      screening, ontology, screeningReviews, audit, rescoring::rescore),
                  UpstreamRoutes.handlers(scores, tenantGraphs),
                  ComplianceRoutes.handlers(decisions, audit),
                  WebhookRoutes.handlers(webhooks, audit, config.webhookAllowedHosts()),
                  ExportRoutes.handlers(scores, decisions, screeningReviews, tenantGraphs),
                  SparqlRoutes.handlers(
                      tenantGraphs,
                      config.sparqlTimeoutMs(),
                      config.sparqlMaxRows(),
                      config.sparqlMaxQueryBytes())),
              new Api.Guards(
                  metrics,
                  config.rateLimitPerMinute() == 0
                      ? null
                      : new RateLimit(config.rateLimitPerMinute()),
                  config.corsOrigins()));
      HttpServer server =
          await(
              vertx
                  .createHttpServer(
                      new HttpServerOptions()
                          .setHost(config.httpHost())
                          .setPort(config.httpPort())
                          .setCompressionSupported(true)
                          // HTTP/1.1 only in clear text (TLS ends at the proxy): the JDK client's
                          // h2c upgrade on a GET sometimes read the answer as HTTP/2 frames.
                          .setHttp2ClearTextEnabled(false)
                          // A SPARQL query may come as a form field, URL-encoded (up to 3×).
                          .setMaxFormAttributeSize(3 * config.sparqlMaxQueryBytes()))
                  .requestHandler(router)
                  .listen());
      await(vertx.deployVerticle(jobs.runner()));
      // Another instance may publish a version: follow it.
      vertx.setPeriodic(
          5000, t -> versions.refresh().onFailure(e -> LOG.warn("ontology refresh failed", e)));
      LOG.info(
          "Libertas listening on {}:{} (data in {}, PostgreSQL {})",
          config.httpHost(),
          server.actualPort(),
          config.dataDir(),
          postgres.embedded() ? "embedded" : "external");
      return new Libertas(
          vertx, postgres, graph, workers, jobs, server, tenants, rescoring, versions, generated);
    } catch (IOException e) {
      closeAll(vertx, postgres, graph);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeAll(vertx, postgres, graph);
      throw e;
    }
  }

  /** The platform tenant and its first admin key: from LIBERTAS_ADMIN_KEY, or generated once. */
  private static Future<String> bootstrapAdmin(Tenants tenants, Config config) {
    return tenants
        .ensure(Auth.PLATFORM, "Platform administration")
        .compose(
            t -> {
              if (config.adminKey().isPresent()) {
                return tenants
                    .issueKey(Auth.PLATFORM, "admin", config.adminKey().get())
                    .map(k -> (String) null);
              }
              return tenants
                  .hasKeys(Auth.PLATFORM, "admin")
                  .compose(
                      has ->
                          has
                              ? Future.succeededFuture(null)
                              : tenants
                                  .issueKey(Auth.PLATFORM, "admin", null)
                                  .map(Tenants.IssuedKey::key));
            });
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

  public int port() {
    return server.actualPort();
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
      await(server.close());
    } catch (RuntimeException e) {
      LOG.warn("HTTP server did not close cleanly", e);
    }
    workers.close();
    closeAll(vertx, postgres, graph);
  }

  /** The remote SPARQL store when configured, else the embedded TDB2 under the data directory. */
  private static GraphStore openGraphStore(Config config) {
    if (config.sparqlStore().isPresent()) {
      Config.SparqlStore s = config.sparqlStore().get();
      LOG.info("graph store: SPARQL endpoint {} (updates {})", s.queryUrl(), s.updateUrl());
      return new RemoteGraphStore(
          s.queryUrl(), s.updateUrl(), s.user(), s.password(), config.storeQueryTimeoutMs());
    }
    return new JenaGraphStore(
        config.dataDir().resolve("tdb2"),
        config.dataDir().resolve("tdb2-uploads"),
        config.storeQueryTimeoutMs());
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
