package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.Test;
import org.libertas.app.Config;
import org.libertas.app.Libertas;
import org.libertas.app.Main;
import org.libertas.graph.GraphNames;
import org.libertas.testing.TestPostgres;
import org.libertas.testing.TestStore;

/**
 * kill -9 in the middle of a load: after a restart on the same data directory and database, the job
 * ends succeeded or failed, no graph is left that no committed row points to, and the tenant's
 * current view holds either all of the upload or none of it.
 */
class UploadCrashIT {
  static final String ADMIN = "crash-admin-key-0123456789abcdefgh";
  static final int ROWS = 6_000;
  static final String[] INDICATORS = {"isolation", "deception", "excessive-overtime"};
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ObjectMapper json = new ObjectMapper();

  @Test
  void aJobKilledWhileLoadingIsNeverHalfVisible() throws Exception {
    Path dir = Files.createTempDirectory("libertas-crash");
    URI db = TestPostgres.freshDatabase();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("LIBERTAS_ADMIN_KEY", ADMIN);
    env.put("LIBERTAS_HTTP_HOST", "127.0.0.1");
    env.put("LIBERTAS_HTTP_PORT", Integer.toString(port));
    env.put("LIBERTAS_DATA_DIR", dir.toString());
    env.put("LIBERTAS_PG_URL", db.toString());
    env.put("LIBERTAS_WORKER_THREADS", "2");
    // The store outlives the killed child: the restart must find what the crash left.
    TestStore store = TestStore.start();
    env.putAll(store.env());

    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx768m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("child.log").toFile());
    Process child = pb.start();
    String base = "http://127.0.0.1:" + port;
    String uploadId;
    try {
      awaitReady(base, child, dir);
      send(
          base,
          "POST",
          "/v1/tenants",
          ADMIN,
          "application/json",
          "{\"id\":\"kill\",\"name\":\"Kill\"}");
      String key =
          json.readTree(
                  send(
                          base,
                          "POST",
                          "/v1/tenants/kill/keys",
                          ADMIN,
                          "application/json",
                          "{\"role\":\"auditor\"}")
                      .body())
              .get("key")
              .asText();
      HttpResponse<String> small =
          send(
              base,
              "POST",
              "/v1/uploads?kind=suppliers",
              key,
              "text/csv",
              "supplier_id,name,country\nK0,Before,PE\n");
      awaitStatus(
          base, key, small.headers().firstValue("Location").orElseThrow(), "succeeded", child, dir);

      // Many findings on few suppliers: a long write, but a rescoring that stays quick.
      StringBuilder big =
          new StringBuilder("supplier_id,indicator,severity,status,observed_on,auditor,evidence\n");
      for (int i = 0; i < ROWS; i++) {
        big.append("K0,")
            .append(INDICATORS[i % INDICATORS.length])
            .append(",low,remediated,2020-01-01,Auditor ")
            .append(i % 7)
            .append(",Interview note number ")
            .append(i)
            .append('\n');
      }
      HttpResponse<String> r =
          send(base, "POST", "/v1/uploads?kind=findings", key, "text/csv", big.toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String location = r.headers().firstValue("Location").orElseThrow();
      uploadId = location.substring(location.lastIndexOf('/') + 1);
      // Kill once rows are being written: the TDB2 transaction is open, PostgreSQL not yet told.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int loadingPolls = 0;
      while (true) {
        JsonNode u = json.readTree(send(base, "GET", location, key, null, null).body());
        String status = u.get("status").asText();
        loadingPolls = status.equals("loading") ? loadingPolls + 1 : 0;
        if (loadingPolls > 0 && (u.get("rowsProcessed").asInt() > 0 || loadingPolls >= 3)) {
          break;
        }
        assertThat(status)
            .as("the job must be caught while loading")
            .isIn("queued", "validating", "loading");
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(5);
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, String> restart = new java.util.HashMap<>(env);
    restart.put("LIBERTAS_DATA_DIR", dir.toString());
    restart.put("LIBERTAS_HTTP_PORT", "0");
    restart.put("LIBERTAS_PG_URL", db.toString());
    Config config = Config.fromEnv(restart);
    try (Libertas again = Libertas.start(config)) {
      String status = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        status =
            String.valueOf(
                IngestChecks.count(
                    db,
                    "select case status when 'succeeded' then 1 when 'failed' then 2 else 0 end from uploads where id = ?::uuid",
                    uploadId));
        if (!status.equals("0")) {
          break;
        }
        Thread.sleep(100);
      }
      String last =
          String.valueOf(
              IngestChecks.count(
                  db, "select rows_processed from uploads where id = ?::uuid", uploadId));
      assertThat(status).as("the interrupted job ends; rows processed " + last).isIn("1", "2");

      // No orphan: every tenant graph is the current view or a committed upload.
      assertThat(IngestChecks.graphs(again.graphStore(), "kill"))
          .containsExactlyInAnyOrderElementsOf(
              concat(IngestChecks.committedGraphs(db, "kill"), GraphNames.current("kill")));
      long findings =
          count(
              again,
              "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/libertas/ns#AuditFinding> }");
      assertThat(findings)
          .as("all of the upload or none of it")
          .isEqualTo(status.equals("1") ? ROWS : 0);
      assertThat(
              count(
                  again,
                  "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/libertas/ns#Supplier> }"))
          .isEqualTo(1);
    } finally {
      store.close();
    }
  }

  private static List<String> concat(java.util.Set<String> a, String b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.add(b);
    return out;
  }

  private static long count(Libertas app, String q) {
    return app.graphStore()
        .select(
            QueryFactory.create(q),
            List.of(GraphNames.current("kill")),
            rs -> rs.next().getLiteral("n").getLong());
  }

  private void awaitReady(String base, Process child, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(child.isAlive()).as(() -> log(dir)).isTrue();
      try {
        if (send(base, "GET", "/readyz", null, null, null).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("child did not become ready: " + log(dir));
  }

  private void awaitStatus(
      String base, String key, String location, String want, Process child, Path dir)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode u = json.readTree(send(base, "GET", location, key, null, null).body());
      if (u.get("status").asText().equals(want)) {
        return;
      }
      assertThat(u.get("status").asText()).as(u.toString()).isNotEqualTo("failed");
      Thread.sleep(50);
    }
    throw new AssertionError("upload did not reach " + want + ": " + log(dir));
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }

  private HttpResponse<String> send(
      String base, String method, String path, String key, String type, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
