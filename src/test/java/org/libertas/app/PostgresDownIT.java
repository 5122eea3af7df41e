package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * PostgreSQL going away and coming back: requests that need it answer 503 problem+json with
 * Retry-After (never 500), /readyz says it is down while /healthz stays 200, and the service works
 * again when it is back — through a TCP proxy in front of the external server that the test cuts,
 * and with the embedded server killed with SIGKILL and restarted by the supervisor. The waits for
 * recovery are generous bounds: the point is that the service answers again at all.
 */
class PostgresDownIT {
  private static final Duration RECOVERY = Duration.ofSeconds(90);

  /** A TCP proxy to PostgreSQL that can be cut (listener closed, connections dropped). */
  static final class Proxy implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient();
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile String host;
    private volatile int targetPort;
    private NetServer server;
    private int port;

    void up() throws Exception {
      server =
          vertx
              .createNetServer()
              .connectHandler(
                  in -> {
                    in.pause();
                    client
                        .connect(targetPort, host)
                        .onSuccess(
                            out -> {
                              open.add(in);
                              open.add(out);
                              in.pipeTo(out);
                              out.pipeTo(in);
                              in.resume();
                            })
                        .onFailure(e -> in.close());
                  });
      port =
          server
              .listen(port, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .actualPort();
    }

    void down() throws Exception {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      for (NetSocket s : open) {
        s.close();
      }
      open.clear();
    }

    /** The fresh database's URI, rewritten to go through the proxy, which now points at it. */
    URI via(URI database) {
      host = database.getHost();
      targetPort = database.getPort() > 0 ? database.getPort() : 5432;
      String auth = database.getRawUserInfo() == null ? "" : database.getRawUserInfo() + "@";
      return URI.create("postgresql://" + auth + "127.0.0.1:" + port + database.getRawPath());
    }

    @Override
    public void close() throws Exception {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void whileTheExternalServerIsUnreachableRequestsAre503AndTheServiceRecovers() throws Exception {
    // Whichever server the tests use (LIBERTAS_PG_URL, or the embedded test server): the proxy
    // points at the fresh database's server, learnt when TestApp asks for the URI to use.
    try (Proxy proxy = new Proxy()) {
      proxy.up();
      try (TestApp app = TestApp.start(Map.of(), proxy::via)) {
        String key = app.tenantWithKey("outage", "compliance");
        assertThat(app.get("/v1/suppliers", key).status()).isEqualTo(200);
        assertThat(app.get("/readyz", null).status()).isEqualTo(200);
        assertThat(instanceLocks(app)).isEqualTo(1);

        proxy.down();
        for (String path : List.of("/v1/suppliers", "/v1/webhooks", "/v1/decisions")) {
          TestApp.Response r = app.get(path, key);
          assertThat(r.status()).as(path + " " + r.body()).isEqualTo(503);
          assertThat(r.contentType()).startsWith("application/problem+json");
          assertThat(r.header("Retry-After")).isNotBlank();
          assertThat(r.json().get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
          assertThat(r.body()).doesNotContain("Exception");
        }
        TestApp.Response write =
            app.postJson(
                "/v1/tenants", TestApp.ADMIN_KEY, "{\"id\":\"during\",\"name\":\"During\"}");
        assertThat(write.status()).as(write.body()).isEqualTo(503);
        TestApp.Response ready = app.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("checks").get("postgres").asText()).isEqualTo("unavailable");
        assertThat(app.get("/healthz", null).status()).isEqualTo(200);

        proxy.up();
        awaitStatus(app, "/v1/suppliers", key, 200);
        assertThat(app.get("/readyz", null).status()).isEqualTo(200);
        assertThat(
                app.postJson(
                        "/v1/tenants", TestApp.ADMIN_KEY, "{\"id\":\"after\",\"name\":\"After\"}")
                    .status())
            .isEqualTo(201);
        // The LISTEN connection came back too, so the caches serve again.
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!app.app.tenants().keyCache().enabled() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(app.app.tenants().keyCache().enabled()).isTrue();
        // And the instance's own lock is held again, on a new connection (see Locks).
        while (instanceLocks(app) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(instanceLocks(app)).isEqualTo(1);
      }
    }
  }

  @Test
  void aKilledEmbeddedServerIsRestartedWithItsDataAndNothingAnswers500Meanwhile() throws Exception {
    Path dir = Files.createTempDirectory("libertas-killed-pg");
    String admin = "embedded-admin-key-0123456789abcdef";
    Config config =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_ADMIN_KEY",
                admin,
                "LIBERTAS_HTTP_HOST",
                "127.0.0.1",
                "LIBERTAS_HTTP_PORT",
                "0",
                "LIBERTAS_DATA_DIR",
                dir.toString()));
    try (Libertas app = Libertas.start(config)) {
      assertThat(app.postgres().embedded()).isTrue();
      assertThat(post(app, admin, "{\"id\":\"before\",\"name\":\"Before\"}").statusCode())
          .isEqualTo(201);
      long pid =
          Long.parseLong(
              Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      postmaster.destroyForcibly();
      postmaster.onExit().get(30, TimeUnit.SECONDS);

      List<String> wrong = new ArrayList<>();
      int ok = 0;
      long deadline = System.nanoTime() + RECOVERY.toNanos();
      while (ok == 0 && System.nanoTime() < deadline) {
        HttpResponse<String> r = get(app, admin, "/v1/tenants/before/keys");
        if (r.statusCode() == 200) {
          ok++;
        } else if (r.statusCode() != 503
            || !r.headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/problem+json")
            || r.headers().firstValue("Retry-After").isEmpty()) {
          wrong.add(r.statusCode() + " " + r.body());
        } else {
          Thread.sleep(100);
        }
      }
      assertThat(wrong).as("answers while PostgreSQL was down").isEmpty();
      assertThat(ok).as("the service answered again within " + RECOVERY).isEqualTo(1);
      // The server accepts connections a moment before the supervisor has finished its restart.
      while (app.postgres().restarts() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(app.postgres().restarts()).isEqualTo(1);
      assertThat(get(app, null, "/readyz").statusCode()).isEqualTo(200);
      // Same data directory: what was written before the kill is there, and writes work.
      assertThat(Libertas.await(app.tenants().find("before"))).isPresent();
      assertThat(post(app, admin, "{\"id\":\"after\",\"name\":\"After\"}").statusCode())
          .isEqualTo(201);
    }
    assertThat(
            ProcessHandle.allProcesses()
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains("postgres") && c.contains(dir.toString()))
                .toList())
        .as("no server left behind")
        .isEmpty();
  }

  /** Advisory locks of Locks.INSTANCE (0x4c425402) held on the test's database. */
  private static long instanceLocks(TestApp app) throws Exception {
    try (java.sql.Connection c = org.libertas.testing.TestPostgres.connect(app.database);
        java.sql.ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from pg_locks where locktype = 'advisory' and granted"
                        + " and classid = 1279415298 and database ="
                        + " (select oid from pg_database where datname = current_database())")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitStatus(TestApp app, String path, String key, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    TestApp.Response last = null;
    while (System.nanoTime() < deadline) {
      last = app.get(path, key);
      if (last.status() == status) {
        return;
      }
      assertThat(last.status()).as(last.body()).isEqualTo(503);
      Thread.sleep(100);
    }
    throw new AssertionError(path + " did not answer " + status + ": " + last.body());
  }

  private static HttpResponse<String> get(Libertas app, String key, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Libertas app, String key, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/tenants"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
