package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libertas.app.Config;
import org.libertas.app.Libertas;
import org.libertas.app.Main;
import org.libertas.graph.GraphNames;
import org.libertas.reliability.Bounds;
import org.libertas.reliability.Figures;
import org.libertas.testing.TestHttp;
import org.libertas.testing.TestPostgres;
import org.libertas.testing.TestStore;

/**
 * kill -9 at random moments (docs/reliability.md): a child process serves the API; each run sends
 * an upload or publishes an ontology version and kills the process after a random delay drawn over
 * the operation's whole span (measured first, without a kill). After each kill, Libertas restarts
 * in-process on the same data directory and database, recovers, settles, and must be consistent:
 * every accepted upload ends succeeded, the current view holds all of the latest findings upload
 * and nothing of any other, no graph is left that no row points to (tenant or ontology), no
 * rescoring stays unfinished, and every stored score carries the tenant's data version and the
 * active ontology version. {@code libertas.reliability.crash.runs}: 4 in verify, 100 in the
 * profile.
 */
class CrashConsistencyIT {
  static final String ADMIN = "crash-admin-key-0123456789abcdefgh";
  static final String TENANT = "kill";
  static final String[] INDICATORS = {"isolation", "deception", "excessive-overtime"};
  final int runs = Bounds.integer("crash.runs", 4);
  final int rows = Bounds.integer("crash.rows", 2_000);
  final long seed = Long.getLong("libertas.reliability.crash.seed", System.nanoTime());
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ObjectMapper json = new ObjectMapper();
  final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
  Path dir;
  URI db;
  Map<String, String> env;
  String auditor;
  String ngo;

  TestStore store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** Rows of each findings upload the API accepted, by upload id. */
  final Map<String, Integer> accepted = new HashMap<>();

  @Test
  void killedAtRandomPointsTheServiceComesBackConsistent() throws Exception {
    dir = Files.createTempDirectory("libertas-crash");
    db = TestPostgres.freshDatabase();
    env = new HashMap<>();
    env.put("LIBERTAS_ADMIN_KEY", ADMIN);
    env.put("LIBERTAS_HTTP_HOST", "127.0.0.1");
    env.put("LIBERTAS_DATA_DIR", dir.toString());
    env.put("LIBERTAS_PG_URL", db.toString());
    env.put("LIBERTAS_WORKER_THREADS", "2");
    env.put("LIBERTAS_RATE_LIMIT_PER_MINUTE", "0");
    // The store outlives the killed children: each restart must find what the crash left.
    store = TestStore.start();
    env.putAll(store.env());
    Random random = new Random(seed);

    // Calibration: one upload and one publication, not killed, to learn how long each takes.
    long uploadSpan;
    long publishSpan;
    Child c = startChild();
    try {
      send(c, "POST", "/v1/tenants", ADMIN, "application/json", "{\"id\":\"kill\",\"name\":\"K\"}");
      auditor = key(c, "auditor");
      ngo = key(c, "ngo-editor");
      StringBuilder suppliers = new StringBuilder("supplier_id,name,country,sector\n");
      for (int i = 0; i < 10; i++) {
        suppliers.append("K").append(i).append(",Kill ").append(i).append(",TH,fishing\n");
      }
      String loc =
          send(c, "POST", "/v1/uploads?kind=suppliers", auditor, "text/csv", suppliers.toString())
              .headers()
              .firstValue("Location")
              .orElseThrow();
      awaitUpload(c, loc);
      long t0 = System.nanoTime();
      HttpResponse<String> r = upload(c, 0);
      awaitUpload(c, r.headers().firstValue("Location").orElseThrow());
      uploadSpan = (System.nanoTime() - t0) / 1_000_000;
      String draft = draft(c, 0);
      t0 = System.nanoTime();
      publish(c, draft);
      awaitRescoring(c);
      publishSpan = (System.nanoTime() - t0) / 1_000_000;
    } finally {
      c.kill();
    }
    checkAfterRestart(0);

    int uploadRuns = 0;
    int publishRuns = 0;
    int answered = 0;
    int fullChecks = 1;
    long childStartMs = 0;
    List<Long> delays = new ArrayList<>();
    int every = Bounds.integer("crash.full.check.every", 10);
    // A time budget for busy machines: no new run starts after it; the figures say how many ran.
    long budget = Bounds.integer("crash.max.seconds", Integer.MAX_VALUE / 1000) * 1_000_000_000L;
    long started = System.nanoTime();
    int done = 0;
    for (int run = 1; run <= runs && System.nanoTime() - started < budget; run++) {
      done = run;
      boolean isUpload = run % 2 == 1;
      long t0 = System.nanoTime();
      // Starting the child is the restart after the previous kill: it recovers first.
      Child child = startChild();
      childStartMs += (System.nanoTime() - t0) / 1_000_000;
      try {
        checkThroughTheApi(child, run);
        String draft = isUpload ? null : draft(child, run);
        long delay = (long) (random.nextDouble() * 1.2 * (isUpload ? uploadSpan : publishSpan));
        delays.add(delay);
        killer.schedule(child::kill, delay, TimeUnit.MILLISECONDS);
        try {
          HttpResponse<String> r = isUpload ? upload(child, run) : publish(child, draft);
          answered++;
          if (isUpload) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          } else {
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
          }
        } catch (IOException e) {
          // Killed before the answer: the operation may or may not have happened.
        }
        child.process.waitFor(60, TimeUnit.SECONDS);
      } finally {
        child.kill();
      }
      if (TestStore.remote()) {
        // A remote store (here Fuseki, in this JVM) may still be executing an update the dead
        // process had sent; the restart's clean-up must see what the crash left, not race it. The
        // wait is a whole calibrated publication: no single update takes longer.
        Thread.sleep(Math.max(2_000, publishSpan));
      }
      if (isUpload) {
        uploadRuns++;
      } else {
        publishRuns++;
      }
      if (run % every == 0 || run == runs || System.nanoTime() - started >= budget) {
        checkAfterRestart(run);
        fullChecks++;
      }
    }
    killer.shutdownNow();
    long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
    Figures.record(
        6, "kill -9 runs (uploads + ontology publishes) done / planned", done + " / " + runs, "");
    Figures.record(6, "runs killed during an upload", uploadRuns, "");
    Figures.record(6, "runs killed during an ontology publish", publishRuns, "");
    Figures.record(6, "runs where the request was answered before the kill", answered, "");
    Figures.record(
        6,
        "kill delay after the request: min / median / max",
        sorted[0] + " / " + Figures.percentile(sorted, 50) + " / " + sorted[sorted.length - 1],
        "ms");
    Figures.record(
        6,
        "operation span measured without a kill: upload (" + rows + " rows) / publish",
        uploadSpan + " / " + publishSpan,
        "ms");
    Figures.record(6, "inconsistent restarts (half uploads, orphan graphs, stale scores)", 0, "");
    Figures.record(
        6,
        "mean restart (child start + recovery until ready)",
        childStartMs / Math.max(1, done),
        "ms");
    Figures.record(
        6,
        "in-process restarts with the graph-store checks (orphans, all-or-nothing)",
        fullChecks,
        "");
    Figures.record(6, "random seed (-Dlibertas.reliability.crash.seed to replay)", seed, "");
  }

  /**
   * After a restart, through the child's API and the database: accepted uploads succeeded, the
   * current view holds the latest findings upload exactly, scores are of the current versions.
   */
  private void checkThroughTheApi(Child c, int run) throws Exception {
    settle("run " + run);
    String at = "after kill " + (run - 1) + " (seed " + seed + ")";
    checkRows(at);
    JsonNode n =
        json.readTree(
            send(
                    c,
                    "POST",
                    "/v1/sparql",
                    auditor,
                    "application/sparql-query",
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a"
                        + " <https://w3id.org/libertas/ns#AuditFinding> } }")
                .body());
    long findings = n.at("/results/bindings/0/n/value").asLong();
    assertThat(findings).as(at + ": findings in the tenant's graphs").isEqualTo(expectedFindings());
  }

  private void settle(String at) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (count(
            "select (select count(*) from uploads where status not in ('succeeded', 'failed'))"
                + " + (select count(*) from ontology_versions where rescoring <> 'complete')")
        > 0) {
      assertThat(System.nanoTime()).as(at + ": jobs settle").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private long expectedFindings() throws Exception {
    String latest =
        text(
            "select id::text from uploads where tenant_id = 'kill' and kind = 'findings'"
                + " and status = 'succeeded' order by seq desc limit 1");
    return latest == null ? 0 : rowsOf(latest);
  }

  /** What the database alone can tell: jobs ended, scores of the current versions. */
  private void checkRows(String at) throws Exception {
    for (String id : accepted.keySet()) {
      assertThat(text("select status from uploads where id = '" + id + "'"))
          .as(at + ": accepted upload " + id)
          .isEqualTo("succeeded");
    }
    long dataVersion =
        count(
            "select coalesce(max(seq), 0) from uploads where tenant_id = 'kill' and status ="
                + " 'succeeded' and not dry_run and graph_iri is not null");
    long active = count("select max(version) from ontology_versions");
    assertThat(
            count(
                "select count(*) from current_scores where tenant_id = 'kill' and"
                    + " (data_version <> "
                    + dataVersion
                    + " or ontology_version <> "
                    + active
                    + ")"))
        .as(at + ": scores of data version " + dataVersion + ", ontology " + active)
        .isZero();
    assertThat(count("select count(*) from current_scores where tenant_id = 'kill'"))
        .as(at + ": every supplier scored")
        .isEqualTo(10);
  }

  /** Restarts in-process, waits for the jobs and rescorings to end, checks every invariant. */
  private void checkAfterRestart(int run) throws Exception {
    Map<String, String> restart = new HashMap<>(env);
    restart.put("LIBERTAS_HTTP_PORT", "0");
    try (Libertas again = Libertas.start(Config.fromEnv(restart))) {
      String at = "run " + run + " (seed " + seed + ")";
      settle(at);
      checkRows(at);
      // All or nothing: the current view holds exactly the rows of the latest findings upload.
      long findings =
          again
              .graphStore()
              .select(
                  QueryFactory.create(
                      "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/libertas/ns#AuditFinding> }"),
                  List.of(GraphNames.current(TENANT)),
                  rs -> rs.next().getLiteral("n").getLong());
      assertThat(findings).as(at + ": findings").isEqualTo(expectedFindings());
      // No orphan graph: tenant graphs are the committed uploads' and the current view; ontology
      // graphs are the published versions'.
      Set<String> tenantGraphs = IngestChecks.graphs(again.graphStore(), TENANT);
      Set<String> committed = IngestChecks.committedGraphs(db, TENANT);
      committed.add(GraphNames.current(TENANT));
      tenantGraphs.remove(GraphNames.screening(TENANT));
      committed.remove(GraphNames.screening(TENANT));
      assertThat(tenantGraphs).as(at + ": tenant graphs").isEqualTo(committed);
      Set<String> ontologyGraphs =
          new TreeSet<>(again.graphStore().graphNames(GraphNames.BASE + "ontology:"));
      assertThat(ontologyGraphs)
          .as(at + ": ontology graphs")
          .isEqualTo(strings("select graph_iri from ontology_versions"));
    }
  }

  private Integer rowsOf(String uploadId) throws Exception {
    Integer known = accepted.get(uploadId);
    if (known != null) {
      return known;
    }
    // Accepted by a child killed before it answered: the row count is in the row.
    return (int) count("select rows_total from uploads where id = '" + uploadId + "'");
  }

  private HttpResponse<String> upload(Child c, int run) throws Exception {
    int n = rows + run;
    StringBuilder big =
        new StringBuilder(
            "finding_id,supplier_id,indicator,severity,status,observed_on,auditor,evidence\n");
    for (int i = 0; i < n; i++) {
      // Each row its own finding: without finding_id, rows of one supplier, indicator and date
      // would name one finding twice (duplicate-finding).
      big.append("F-")
          .append(run)
          .append('-')
          .append(i)
          .append(",K")
          .append(i % 10)
          .append(',')
          .append(INDICATORS[i % INDICATORS.length])
          .append(",low,remediated,2020-01-01,Auditor ")
          .append(i % 7)
          .append(",Note ")
          .append(run)
          .append('-')
          .append(i)
          .append('\n');
    }
    HttpResponse<String> r =
        send(
            c,
            "POST",
            "/v1/uploads?kind=findings&mode=replace",
            auditor,
            "text/csv",
            big.toString());
    if (r.statusCode() == 202) {
      String loc = r.headers().firstValue("Location").orElseThrow();
      accepted.put(loc.substring(loc.lastIndexOf('/') + 1), n);
    }
    return r;
  }

  /** A valid draft that changes a weight: each run publishes a different version. */
  private String draft(Child c, int run) throws Exception {
    String patch =
        "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
            + "DELETE { lbt:defaultScoring lbt:sectorRiskStrength ?s } INSERT {"
            + " lbt:defaultScoring lbt:sectorRiskStrength "
            + String.format("%.3f", 0.3 + (run % 500) / 1000.0)
            + " } WHERE { lbt:defaultScoring lbt:sectorRiskStrength ?s }";
    HttpResponse<String> r =
        send(c, "POST", "/v1/ontology/drafts", ngo, "application/sparql-update", patch);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private HttpResponse<String> publish(Child c, String draftLocation) throws Exception {
    return send(c, "POST", draftLocation + "/publish", ngo, null, null);
  }

  private void awaitRescoring(Child c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (count("select count(*) from ontology_versions where rescoring <> 'complete'") > 0) {
      assertThat(System.nanoTime()).as(c.log()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private void awaitUpload(Child c, String location) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      JsonNode u = json.readTree(send(c, "GET", location, auditor, null, null).body());
      String status = u.path("status").asText();
      if (status.equals("succeeded")) {
        return;
      }
      assertThat(status).as(u.toString()).isNotEqualTo("failed");
      assertThat(System.nanoTime()).as(c.log()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String key(Child c, String role) throws Exception {
    return json.readTree(
            send(
                    c,
                    "POST",
                    "/v1/tenants/kill/keys",
                    ADMIN,
                    "application/json",
                    "{\"role\":\"" + role + "\"}")
                .body())
        .get("key")
        .asText();
  }

  /** The service in its own JVM, so that it can be killed with SIGKILL. */
  private final class Child {
    final Process process;
    final String base;

    Child(Process process, int port) {
      this.process = process;
      this.base = "http://127.0.0.1:" + port;
    }

    /**
     * SIGKILL, then waits until the process is gone: a restart must not find its TDB2 lock still
     * held (one CI run failed on exactly that right after the calibration run).
     */
    void kill() {
      process.destroyForcibly(); // SIGKILL on Linux
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the killed child did not exit within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String log() {
      try {
        return Files.readString(dir.resolve("child.log"));
      } catch (IOException e) {
        return "(no log)";
      }
    }
  }

  private Child startChild() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx768m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve");
    pb.environment().putAll(env);
    pb.environment().put("LIBERTAS_HTTP_PORT", Integer.toString(port));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("child.log").toFile());
    Child c = new Child(pb.start(), port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      assertThat(c.process.isAlive()).as(c::log).isTrue();
      try {
        if (send(c, "GET", "/readyz", null, null, null).statusCode() == 200) {
          return c;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    String threads = jstack(c.process.pid());
    c.kill();
    throw new AssertionError("child did not become ready: " + c.log() + "\n" + threads);
  }

  /** The child's threads, to tell a slow start on a busy machine from a hang. */
  private static String jstack(long pid) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                  Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      return new String(p.getInputStream().readAllBytes());
    } catch (IOException e) {
      return "(no jstack: " + e + ")";
    }
  }

  private HttpResponse<String> send(
      Child c, String method, String path, String key, String type, String body) throws Exception {
    return http.send(
        TestHttp.request(c.base, method, path, key, type, body)
            .version(HttpClient.Version.HTTP_1_1)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long count(String sql) throws Exception {
    try (Connection c = TestPostgres.connect(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String text(String sql) throws Exception {
    try (Connection c = TestPostgres.connect(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private Set<String> strings(String sql) throws Exception {
    Set<String> out = new TreeSet<>();
    try (Connection c = TestPostgres.connect(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
