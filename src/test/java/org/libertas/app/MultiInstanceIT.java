package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;
import org.libertas.testing.TestStore;

/**
 * Two Libertas instances sharing one PostgreSQL database and one Fuseki, as behind a load balancer:
 * uploads sent alternately to both are each processed exactly once, both answer the same scores —
 * the same as one instance given the same uploads — and an ontology published on one is used by the
 * other.
 */
class MultiInstanceIT {
  static final String ADMIN = TestApp.ADMIN_KEY;
  static final String[] TENANTS = {"north", "south"};
  static final int SUPPLIERS = 12;
  static final int UPLOADS_PER_TENANT = 8;
  static final String PATCH =
      "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
          + "DELETE { lbt:defaultScoring lbt:sectorRiskStrength ?s } INSERT { lbt:defaultScoring lbt:sectorRiskStrength 0.9 }"
          + " WHERE { lbt:defaultScoring lbt:sectorRiskStrength ?s }";
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The uploads of a tenant, in the order they are sent. */
  static List<String[]> uploads(String tenant) {
    List<String[]> out = new ArrayList<>();
    StringBuilder s = new StringBuilder("supplier_id,name,country,sector\n");
    for (int i = 0; i < SUPPLIERS; i++) {
      s.append("S").append(i).append(',').append(tenant).append(" Supplier ").append(i);
      s.append(i % 3 == 0 ? ",TH,fishing\n" : i % 3 == 1 ? ",DE,logistics\n" : ",MY,electronics\n");
    }
    out.add(new String[] {"suppliers", s.toString()});
    String[] indicators = {"isolation", "deception", "excessive-overtime", "debt-bondage"};
    for (int u = 0; u < UPLOADS_PER_TENANT; u++) {
      if (u % 4 == 3) {
        // A merge that moves two suppliers to another country.
        out.add(
            new String[] {
              "suppliers",
              "supplier_id,name,country,sector\nS"
                  + u
                  + ","
                  + tenant
                  + " Moved "
                  + u
                  + ",BD,apparel\nS"
                  + (u + 1)
                  + ","
                  + tenant
                  + " Moved "
                  + (u + 1)
                  + ",NO,fishing\n"
            });
      } else {
        StringBuilder f =
            new StringBuilder(
                "supplier_id,indicator,severity,status,observed_on,auditor,evidence\n");
        for (int k = 0; k < 3; k++) {
          f.append('S')
              .append((u * 3 + k) % SUPPLIERS)
              .append(',')
              .append(indicators[(u + k) % indicators.length])
              .append(k == 0 ? ",high,open," : ",medium,open,")
              .append("2024-0")
              .append(1 + u % 9)
              .append("-15,Auditor ")
              .append(u)
              .append(",Finding ")
              .append(u)
              .append('-')
              .append(k)
              .append('\n');
        }
        out.add(new String[] {"findings", f.toString()});
      }
    }
    return out;
  }

  @Test
  void twoInstancesShareTheQueueTheStoreAndTheScores() throws Exception {
    URI db = TestPostgres.freshDatabase();
    try (TestStore fuseki = TestStore.fuseki();
        Libertas a = start(db, fuseki);
        Libertas b = start(db, fuseki)) {
      List<Libertas> both = List.of(a, b);
      Map<String, Map<String, String>> keys = new HashMap<>();
      for (String t : TENANTS) {
        JsonNode created =
            call(a, "POST", "/v1/tenants", ADMIN, "{\"id\":\"" + t + "\",\"name\":\"" + t + "\"}");
        assertThat(created.path("id").asText()).isEqualTo(t);
        Map<String, String> k = new HashMap<>();
        for (String role : List.of("auditor", "compliance", "ngo-editor")) {
          // Keys issued by one instance authenticate on the other: they live in PostgreSQL.
          k.put(
              role,
              call(b, "POST", "/v1/tenants/" + t + "/keys", ADMIN, "{\"role\":\"" + role + "\"}")
                  .get("key")
                  .asText());
        }
        keys.put(t, k);
      }

      // Every upload of both tenants queued at once, sent alternately to the two instances.
      List<String[]> sent = new ArrayList<>(); // instance index, location, tenant
      int n = 0;
      for (int i = 0; i <= UPLOADS_PER_TENANT; i++) {
        for (String t : TENANTS) {
          String[] u = uploads(t).get(i);
          int via = n++ % 2;
          HttpResponse<String> r =
              send(
                  both.get(via),
                  "POST",
                  "/v1/uploads?kind=" + u[0],
                  keys.get(t).get("auditor"),
                  "text/csv",
                  u[1]);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          sent.add(
              new String[] {
                Integer.toString(via), r.headers().firstValue("Location").orElseThrow(), t
              });
        }
      }
      for (String[] s : sent) {
        JsonNode done = await(both.get(1 - Integer.parseInt(s[0])), s[1], keys.get(s[2]));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      }

      try (Connection c = TestPostgres.connect(db)) {
        assertThat(count(c, "select count(*) from uploads")).isEqualTo(sent.size());
        assertThat(count(c, "select count(*) from uploads where claims <> 1"))
            .as("every upload claimed exactly once")
            .isZero();
        long instances = count(c, "select count(distinct claimed_by) from uploads");
        System.out.println("MultiInstanceIT: uploads processed by " + instances + " instance(s)");
      }

      Map<String, Map<String, String>> scoresA = new TreeMap<>();
      for (String t : TENANTS) {
        Map<String, String> onA = scores(a, keys.get(t).get("compliance"));
        Map<String, String> onB = scores(b, keys.get(t).get("compliance"));
        assertThat(onA).hasSize(SUPPLIERS).isEqualTo(onB);
        scoresA.put(t, onA);
      }

      // The same uploads, one by one, on a single instance of its own give the same scores.
      try (TestApp single = TestApp.start()) {
        for (String t : TENANTS) {
          String auditor = single.tenantWithKey(t, "auditor");
          for (String[] u : uploads(t)) {
            assertThat(single.upload(auditor, u[0], u[1]).get("status").asText())
                .isEqualTo("succeeded");
          }
          assertThat(scores(single.app, single.key(t, "compliance"))).isEqualTo(scoresA.get(t));
        }
      }

      // An ontology published on A is activated and used by B.
      String ngo = keys.get("north").get("ngo-editor");
      JsonNode draft =
          JSON.readTree(
              send(a, "POST", "/v1/ontology/drafts", ngo, "application/sparql-update", PATCH)
                  .body());
      assertThat(draft.get("valid").asBoolean()).as(draft.toString()).isTrue();
      JsonNode published =
          JSON.readTree(
              send(
                      a,
                      "POST",
                      "/v1/ontology/drafts/" + draft.get("id").asText() + "/publish",
                      ngo,
                      null,
                      "")
                  .body());
      int v2 = published.get("version").asInt();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!call(a, "GET", "/v1/ontology/versions/" + v2 + "/impact", ngo, null)
          .get("rescoring")
          .asText()
          .equals("complete")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(100);
      }
      String compliance = keys.get("north").get("compliance");
      while (call(b, "GET", "/v1/ontology", compliance, null).get("version").asInt() != v2) {
        assertThat(System.nanoTime()).as("B activates version " + v2).isLessThan(deadline);
        Thread.sleep(100);
      }
      Map<String, String> afterA = scores(a, compliance);
      assertThat(afterA).isNotEqualTo(scoresA.get("north"));
      assertThat(scores(b, compliance)).isEqualTo(afterA);
      assertThat(
              call(b, "GET", "/v1/suppliers/S0/risk", compliance, null)
                  .get("ontologyVersion")
                  .asInt())
          .isEqualTo(v2);

      // B rescoring after the publication (an upload sent to B) uses the new version.
      HttpResponse<String> late =
          send(
              b,
              "POST",
              "/v1/uploads?kind=suppliers",
              keys.get("north").get("auditor"),
              "text/csv",
              "supplier_id,name,country,sector\nS11,north Late,TH,fishing\n");
      assertThat(
              await(b, late.headers().firstValue("Location").orElseThrow(), keys.get("north"))
                  .get("status")
                  .asText())
          .isEqualTo("succeeded");
      assertThat(
              call(a, "GET", "/v1/suppliers/S11/risk", compliance, null)
                  .get("ontologyVersion")
                  .asInt())
          .isEqualTo(v2);
      assertThat(scores(a, compliance)).isEqualTo(scores(b, compliance));
    }
  }

  /**
   * Start-up repairs only the jobs of instances that are gone: a job in progress on a running
   * instance is left alone by another instance starting, and redone once its instance has stopped.
   */
  @Test
  void startUpLeavesTheJobsOfALiveInstanceAlone() throws Exception {
    URI db = TestPostgres.freshDatabase();
    try (TestStore fuseki = TestStore.fuseki()) {
      Libertas a = start(db, fuseki);
      Map<String, String> keys = new HashMap<>();
      try {
        call(a, "POST", "/v1/tenants", ADMIN, "{\"id\":\"live\",\"name\":\"Live\"}");
        keys.put(
            "auditor",
            call(a, "POST", "/v1/tenants/live/keys", ADMIN, "{\"role\":\"auditor\"}")
                .get("key")
                .asText());
        HttpResponse<String> r =
            send(
                a,
                "POST",
                "/v1/uploads?kind=suppliers",
                keys.get("auditor"),
                "text/csv",
                "supplier_id,name,country,sector\nL1,Live One,TH,fishing\n");
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(await(a, location, keys).get("status").asText()).isEqualTo("succeeded");
        // As if A were still loading it: in progress, claimed by A, which is running.
        try (Connection c = TestPostgres.connect(db)) {
          // (a finished job's file is no longer kept: put it back, as a running job has it)
          c.createStatement()
              .execute(
                  "update uploads set status = 'loading', content = convert_to("
                      + "'supplier_id,name,country,sector' || chr(10) || 'L1,Live One,TH,fishing'"
                      + " || chr(10), 'UTF8')");
        }
        try (Libertas b = start(db, fuseki)) {
          try (Connection c = TestPostgres.connect(db)) {
            assertThat(
                    count(
                        c, "select count(*) from uploads where status = 'loading' and claims = 1"))
                .as("B left A's job alone")
                .isEqualTo(1);
          }
        }
      } finally {
        a.close();
      }
      // A is gone: the next instance to start redoes its job.
      try (Libertas c2 = start(db, fuseki)) {
        try (Connection c = TestPostgres.connect(db)) {
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (count(c, "select count(*) from uploads where status = 'succeeded' and claims = 2")
              != 1) {
            assertThat(System.nanoTime()).as("the job is redone").isLessThan(deadline);
            Thread.sleep(100);
          }
        }
      }
    }
  }

  static Libertas start(URI db, TestStore store) throws Exception {
    Map<String, String> env = new HashMap<>(store.env());
    env.put("LIBERTAS_ADMIN_KEY", ADMIN);
    env.put("LIBERTAS_HTTP_HOST", "127.0.0.1");
    env.put("LIBERTAS_HTTP_PORT", "0");
    env.put("LIBERTAS_WORKER_THREADS", "2");
    env.put("LIBERTAS_RATE_LIMIT_PER_MINUTE", "0");
    env.put("LIBERTAS_DATA_DIR", Files.createTempDirectory("libertas-multi").toString());
    env.put("LIBERTAS_PG_URL", db.toString());
    return Libertas.start(Config.fromEnv(env));
  }

  Map<String, String> scores(Libertas app, String key) throws Exception {
    Map<String, String> out = new TreeMap<>();
    call(app, "GET", "/v1/suppliers?limit=500", key, null)
        .get("items")
        .forEach(
            i ->
                out.put(
                    i.get("supplierId").asText(),
                    i.get("score").asInt() + " " + i.path("band").asText()));
    return out;
  }

  JsonNode await(Libertas app, String location, Map<String, String> keys) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      JsonNode u = call(app, "GET", location, keys.get("auditor"), null);
      String status = u.path("status").asText();
      if (status.equals("succeeded") || status.equals("failed")) {
        return u;
      }
      assertThat(System.nanoTime()).as("upload " + location + " ends").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  JsonNode call(Libertas app, String method, String path, String key, String json)
      throws Exception {
    HttpResponse<String> r =
        send(app, method, path, key, json == null ? null : "application/json", json);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  HttpResponse<String> send(
      Libertas app, String method, String path, String key, String type, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static long count(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
