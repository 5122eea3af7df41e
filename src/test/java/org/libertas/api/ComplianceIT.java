package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;

/**
 * Keys (list, revoke, expiry), cursor pagination over a large supplier list with the new filters,
 * decisions resting on a score snapshot, and the audit trail (tenant-scoped, append-only in the
 * database).
 */
class ComplianceIT {
  static final int SUPPLIERS = 250;
  static final String[] COUNTRIES = {"PE", "DE", "TH", "MY", "FR"};

  static TestApp app;
  static String acmeAdmin;
  static String compliance;
  static String complianceKeyId;
  static String viewer;
  static String auditor;
  static String globexAdmin;
  static String globexCompliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    acmeAdmin = app.tenantWithKey("acme", "admin");
    TestApp.Response k =
        app.postJson("/v1/tenants/acme/keys", acmeAdmin, "{\"role\":\"compliance\"}");
    compliance = k.json().get("key").asText();
    complianceKeyId = k.json().get("id").asText();
    viewer = app.key("acme", "viewer");
    auditor = app.key("acme", "auditor");
    globexAdmin = app.tenantWithKey("globex", "admin");
    globexCompliance = app.key("globex", "compliance");
    StringBuilder csv = new StringBuilder("supplier_id,name,country,commodities\n");
    for (int i = 0; i < SUPPLIERS; i++) {
      csv.append(
          String.format(
              "S-%03d,Supplier %03d,%s,%s%n",
              i, (i * 7) % SUPPLIERS, COUNTRIES[i % 5], i % 3 == 0 ? "gold" : ""));
    }
    ok(app.upload(auditor, "suppliers", csv.toString()));
    // S-000 buys from S-001..S-009: those are tier 1.
    StringBuilder links = new StringBuilder("buyer_id,supplier_id\n");
    for (int i = 1; i < 10; i++) {
      links.append(String.format("S-000,S-%03d%n", i));
    }
    ok(app.upload(auditor, "relationships", links.toString()));
  }

  static void ok(JsonNode upload) {
    assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static TestApp.Response delete(String path, String key) {
    return app.send(HttpRequest.newBuilder(URI.create(app.base() + path)).DELETE(), key);
  }

  // --- pagination and filters ---

  static List<JsonNode> walk(String query, int pageSize) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path =
          "/v1/suppliers?limit=" + pageSize + query + (cursor == null ? "" : "&cursor=" + cursor);
      TestApp.Response r = app.get(path, compliance);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode page = r.json();
      assertThat(page.get("items").size()).isLessThanOrEqualTo(pageSize);
      page.get("items").forEach(all::add);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      assertThat(++pages).isLessThan(100);
    } while (cursor != null);
    return all;
  }

  static List<String> ids(List<JsonNode> items) {
    return items.stream().map(i -> i.get("supplierId").asText()).toList();
  }

  @Test
  void pagesOf40CoverEverySupplierOnceInAStableOrder() {
    for (String sort : List.of("-score", "score", "name", "-name")) {
      List<JsonNode> paged = walk("&sort=" + sort, 40);
      List<String> ids = ids(paged);
      assertThat(ids).as(sort).hasSize(SUPPLIERS).doesNotHaveDuplicates();
      // The same order as one big page: no gaps, no reordering between pages.
      assertThat(ids).as(sort).isEqualTo(ids(walk("&sort=" + sort, 500)));
      for (int i = 1; i < paged.size(); i++) {
        JsonNode a = paged.get(i - 1);
        JsonNode b = paged.get(i);
        String key = sort.endsWith("score") ? "score" : "name";
        int c =
            key.equals("score")
                ? Integer.compare(a.get(key).asInt(), b.get(key).asInt())
                : a.get(key).asText().compareTo(b.get(key).asText());
        if (sort.startsWith("-")) {
          c = -c;
        }
        assertThat(c).as(sort + " at " + i).isLessThanOrEqualTo(0);
        if (c == 0) {
          assertThat(a.get("supplierId").asText()).isLessThan(b.get("supplierId").asText());
        }
      }
    }
  }

  @Test
  void filtersCombineWithPagination() {
    List<JsonNode> tier1 = walk("&tier=1", 4);
    assertThat(ids(tier1))
        .containsExactlyInAnyOrder(
            "S-001", "S-002", "S-003", "S-004", "S-005", "S-006", "S-007", "S-008", "S-009");
    List<JsonNode> goldPeru = walk("&country=pe&commodity=gold&hardStop=false", 7);
    assertThat(goldPeru).isNotEmpty();
    for (JsonNode s : goldPeru) {
      assertThat(s.get("country").asText()).isEqualTo("PE");
      assertThat(s.get("hardStop").asBoolean()).isFalse();
      assertThat(s.get("tier").isNull() || s.get("tier").asInt() >= 0).isTrue();
    }
    assertThat(walk("&hardStop=true", 40)).allMatch(s -> s.get("hardStop").asBoolean());
    TestApp.Response bad = app.get("/v1/suppliers?tier=x", compliance);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get(0).get("column").asText()).isEqualTo("tier");
    assertThat(app.get("/v1/suppliers?hardStop=maybe", compliance).status()).isEqualTo(400);
    assertThat(app.get("/v1/suppliers?cursor=bm9wZQ", compliance).status()).isEqualTo(400);
  }

  // --- keys ---

  @Test
  void keysAreListedWithoutSecretsAndRevokedKeysStopWorking() {
    TestApp.Response issued =
        app.postJson("/v1/tenants/acme/keys", acmeAdmin, "{\"role\":\"viewer\"}");
    String key = issued.json().get("key").asText();
    String id = issued.json().get("id").asText();
    assertThat(app.get("/v1/suppliers?limit=1", key).status()).isEqualTo(200);

    TestApp.Response list = app.get("/v1/tenants/acme/keys", acmeAdmin);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(key).doesNotContain("hash");
    JsonNode mine = null;
    for (JsonNode k : list.json().get("items")) {
      assertThat(k.has("key")).isFalse();
      if (k.get("id").asText().equals(id)) {
        mine = k;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("prefix").asText()).hasSize(8).isEqualTo(key.substring(0, 8));
    assertThat(mine.get("role").asText()).isEqualTo("viewer");
    assertThat(mine.get("revokedAt").isNull()).isTrue();

    assertThat(delete("/v1/tenants/acme/keys/" + id, acmeAdmin).status()).isEqualTo(204);
    TestApp.Response refused = app.get("/v1/suppliers", key);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
    // Idempotent, and audited once.
    assertThat(delete("/v1/tenants/acme/keys/" + id, acmeAdmin).status()).isEqualTo(204);
    JsonNode audit = app.get("/v1/audit?action=key.revoke&limit=500", acmeAdmin).json();
    long revocations = 0;
    for (JsonNode e : audit.get("items")) {
      if (e.get("target").asText().equals(id)) {
        revocations++;
        assertThat(e.get("requestId").asText()).isNotBlank();
      }
    }
    assertThat(revocations).isEqualTo(1);
    JsonNode after = app.get("/v1/tenants/acme/keys", acmeAdmin).json();
    for (JsonNode k : after.get("items")) {
      if (k.get("id").asText().equals(id)) {
        assertThat(k.get("revokedAt").isNull()).isFalse();
      }
    }
  }

  @Test
  void tenantAdminsManageOnlyTheirOwnKeysThePlatformAdminAll() {
    String globexKeyId =
        app.postJson("/v1/tenants/globex/keys", globexAdmin, "{\"role\":\"viewer\"}")
            .json()
            .get("id")
            .asText();
    assertThat(app.get("/v1/tenants/globex/keys", acmeAdmin).status()).isEqualTo(404);
    assertThat(delete("/v1/tenants/globex/keys/" + globexKeyId, acmeAdmin).status()).isEqualTo(404);
    // A key of globex named under acme is not acme's key.
    assertThat(delete("/v1/tenants/acme/keys/" + globexKeyId, acmeAdmin).status()).isEqualTo(404);
    assertThat(app.get("/v1/tenants/globex/keys", TestApp.ADMIN_KEY).status()).isEqualTo(200);
    assertThat(app.get("/v1/tenants/nobody/keys", TestApp.ADMIN_KEY).status()).isEqualTo(404);
    assertThat(delete("/v1/tenants/acme/keys/not-a-uuid", acmeAdmin).status()).isEqualTo(400);
    assertThat(delete("/v1/tenants/acme/keys/" + UUID.randomUUID(), acmeAdmin).status())
        .isEqualTo(404);
  }

  @Test
  void anExpiredKeyStopsWorking() throws Exception {
    TestApp.Response past =
        app.postJson(
            "/v1/tenants/acme/keys",
            acmeAdmin,
            "{\"role\":\"viewer\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.json().get("errors").get(0).get("column").asText()).isEqualTo("/expiresAt");
    assertThat(
            app.postJson(
                    "/v1/tenants/acme/keys",
                    acmeAdmin,
                    "{\"role\":\"viewer\",\"expiresAt\":\"next tuesday\"}")
                .status())
        .isEqualTo(400);

    TestApp.Response issued =
        app.postJson(
            "/v1/tenants/acme/keys",
            acmeAdmin,
            "{\"role\":\"viewer\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    assertThat(issued.status()).isEqualTo(201);
    String key = issued.json().get("key").asText();
    assertThat(app.get("/v1/suppliers?limit=1", key).status()).isEqualTo(200);
    // Let the time pass in the database rather than in the test.
    try (Connection c = TestPostgres.connect(app.database);
        PreparedStatement s =
            c.prepareStatement(
                "update api_keys set expires_at = now() - interval '1 second' where id = ?")) {
      s.setObject(1, UUID.fromString(issued.json().get("id").asText()));
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    // A change made outside the service reaches its key cache by a PostgreSQL notification (V8),
    // within milliseconds rather than at once.
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status = app.get("/v1/suppliers?limit=1", key).status();
    while (status != 401 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = app.get("/v1/suppliers?limit=1", key).status();
    }
    assertThat(status).isEqualTo(401);
  }

  // --- decisions ---

  @Test
  void aDecisionRecordsTheScoreSnapshotItRestedOn() {
    JsonNode risk = app.get("/v1/suppliers/S-010/risk", compliance).json();
    TestApp.Response r =
        app.postJson(
            "/v1/suppliers/S-010/decisions",
            compliance,
            "{\"decision\":\"approve-with-conditions\",\"rationale\":\"Remediation plan accepted.\","
                + "\"conditions\":\"Follow-up audit in six months.\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode d = r.json();
    assertThat(d.get("decision").asText()).isEqualTo("approve-with-conditions");
    assertThat(d.get("conditions").asText()).isEqualTo("Follow-up audit in six months.");
    assertThat(d.get("keyId").asText()).isEqualTo(complianceKeyId);
    assertThat(d.get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
    JsonNode snap = d.get("snapshot");
    assertThat(snap.get("id").asLong()).isPositive();
    assertThat(snap.get("score").asInt()).isEqualTo(risk.get("score").asInt());
    assertThat(snap.get("band").asText()).isEqualTo(risk.get("band").asText());
    assertThat(snap.get("ontologyVersion").asInt()).isEqualTo(risk.get("ontologyVersion").asInt());
    assertThat(snap.get("dataVersion").asLong()).isPositive();
    assertThat(snap.get("inputsHash").asText()).isEqualTo(risk.get("inputsHash").asText());

    JsonNode listed = app.get("/v1/decisions?supplierId=S-010", viewer).json().get("items").get(0);
    assertThat(listed.get("id").asLong()).isEqualTo(d.get("id").asLong());
    assertThat(listed.get("snapshot").get("id").asLong()).isEqualTo(snap.get("id").asLong());

    JsonNode audit = app.get("/v1/audit?action=decision.create", compliance).json();
    assertThat(audit.get("items").get(0).get("target").asText()).isEqualTo("S-010");
    assertThat(audit.get("items").get(0).get("requestId").asText())
        .isEqualTo(r.header("X-Request-Id"));
  }

  @Test
  void decisionsOutsideTheContractOrTheTenantAreRefused() {
    String path = "/v1/suppliers/S-011/decisions";
    TestApp.Response badDecision =
        app.postJson(path, compliance, "{\"decision\":\"maybe\",\"rationale\":\"x\"}");
    assertThat(badDecision.status()).isEqualTo(400);
    assertThat(badDecision.json().get("errors").toString()).contains("/decision");
    TestApp.Response tooLong =
        app.postJson(
            path,
            compliance,
            "{\"decision\":\"reject\",\"rationale\":\"" + "x".repeat(5001) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("errors").toString()).contains("/rationale");
    assertThat(
            app.postJson(path, compliance, "{\"decision\":\"reject\",\"rationale\":\"\"}").status())
        .isEqualTo(400);
    assertThat(
            app.postJson(
                    path,
                    compliance,
                    "{\"decision\":\"approve-with-conditions\",\"rationale\":\"ok\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            app.postJson(
                    path, compliance, "{\"decision\":\"reject\",\"rationale\":\"x\",\"extra\":1}")
                .status())
        .isEqualTo(400);
    assertThat(
            app.postJson(
                    "/v1/suppliers/NOPE/decisions",
                    compliance,
                    "{\"decision\":\"reject\",\"rationale\":\"x\"}")
                .status())
        .isEqualTo(404);
    assertThat(
            app.postJson(path, globexCompliance, "{\"decision\":\"reject\",\"rationale\":\"x\"}")
                .status())
        .isEqualTo(404);
    assertThat(app.postJson(path, viewer, "{\"decision\":\"reject\",\"rationale\":\"x\"}").status())
        .isEqualTo(403);
    assertThat(app.get("/v1/decisions", auditor).status()).isEqualTo(403);
    assertThat(app.get("/v1/decisions?from=yesterday", viewer).status()).isEqualTo(400);
    assertThat(app.get("/v1/decisions?decision=perhaps", viewer).status()).isEqualTo(400);
  }

  @Test
  void decisionsAreListedNewestFirstWithCursorsAndFilters() {
    List<Long> made = new ArrayList<>();
    for (String decision : List.of("approve", "suspend", "reject")) {
      TestApp.Response r =
          app.postJson(
              "/v1/suppliers/S-020/decisions",
              compliance,
              "{\"decision\":\"" + decision + "\",\"rationale\":\"step " + decision + "\"}");
      assertThat(r.status()).isEqualTo(201);
      made.add(r.json().get("id").asLong());
    }
    JsonNode first = app.get("/v1/decisions?supplierId=S-020&limit=2", viewer).json();
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("items").get(0).get("id").asLong()).isEqualTo(made.get(2));
    assertThat(first.get("items").get(1).get("id").asLong()).isEqualTo(made.get(1));
    JsonNode second =
        app.get(
                "/v1/decisions?supplierId=S-020&limit=2&cursor=" + first.get("nextCursor").asText(),
                viewer)
            .json();
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.get("items").get(0).get("id").asLong()).isEqualTo(made.get(0));
    assertThat(second.get("nextCursor").isNull()).isTrue();
    JsonNode rejects = app.get("/v1/decisions?supplierId=S-020&decision=reject", viewer).json();
    assertThat(rejects.get("items")).hasSize(1);
    assertThat(app.get("/v1/decisions?from=2999-01-01", viewer).json().get("items")).isEmpty();
    assertThat(app.get("/v1/decisions?to=2000-01-01T00:00:00Z", viewer).json().get("items"))
        .isEmpty();
    assertThat(app.get("/v1/decisions", globexCompliance).json().get("items")).isEmpty();
  }

  // --- audit ---

  @Test
  void theAuditTrailIsTenantScopedAndPaged() {
    Set<Long> seen = new HashSet<>();
    String cursor = null;
    do {
      JsonNode page =
          app.get("/v1/audit?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), compliance)
              .json();
      for (JsonNode e : page.get("items")) {
        assertThat(e.get("tenantId").asText()).isEqualTo("acme");
        assertThat(seen.add(e.get("id").asLong())).isTrue();
        assertThat(e.get("action").asText()).isNotBlank();
        assertThat(e.get("at").asText()).isNotBlank();
      }
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(seen.size()).isGreaterThanOrEqualTo(4); // tenant, keys, uploads
    List<String> actions = new ArrayList<>();
    app.get("/v1/audit?limit=500", compliance)
        .json()
        .get("items")
        .forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions).contains("tenant.create", "key.create", "upload.create");

    assertThat(app.get("/v1/audit?tenant=globex", acmeAdmin).status()).isEqualTo(404);
    assertThat(app.get("/v1/audit?tenant=acme", acmeAdmin).status()).isEqualTo(200);
    assertThat(app.get("/v1/audit", viewer).status()).isEqualTo(403);
    assertThat(app.get("/v1/audit", auditor).status()).isEqualTo(403);
    JsonNode globexView = app.get("/v1/audit?tenant=globex", TestApp.ADMIN_KEY).json();
    assertThat(globexView.get("items")).isNotEmpty();
    globexView
        .get("items")
        .forEach(e -> assertThat(e.get("tenantId").asText()).isEqualTo("globex"));
    Set<String> tenants = new HashSet<>();
    app.get("/v1/audit?limit=500", TestApp.ADMIN_KEY)
        .json()
        .get("items")
        .forEach(e -> tenants.add(e.get("tenantId").asText()));
    assertThat(tenants).contains("acme", "globex");
  }

  @Test
  void theDatabaseRefusesToRewriteTheAuditTrail() throws Exception {
    try (Connection c = TestPostgres.connect(app.database)) {
      long before = count(c);
      assertThat(before).isPositive();
      assertThatThrownBy(
              () -> c.createStatement().executeUpdate("update audit_log set action = 'nothing'"))
          .hasMessageContaining("audit_log is append-only");
      assertThatThrownBy(() -> c.createStatement().executeUpdate("delete from audit_log"))
          .hasMessageContaining("audit_log is append-only");
      assertThatThrownBy(() -> c.createStatement().executeUpdate("truncate audit_log"))
          .hasMessageContaining("audit_log is append-only");
      assertThatThrownBy(() -> c.createStatement().executeUpdate("truncate decisions"))
          .hasMessageContaining("decisions is append-only");
      assertThat(count(c)).isEqualTo(before);
    }
    org.libertas.reliability.Figures.record(
        11,
        "UPDATE, DELETE, TRUNCATE on audit_log and TRUNCATE on decisions refused by the database",
        "4 of 4",
        "");
  }

  private static long count(Connection c) throws Exception {
    try (var rs = c.createStatement().executeQuery("select count(*) from audit_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
