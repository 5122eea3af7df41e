package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Every operation of the contract, called with each of the five roles and with a second tenant's
 * keys: 403 exactly where {@code x-roles} says no, 404 for the other tenant's ids, 401 for an
 * unknown key. Driven by openapi.yaml, so a new operation is covered the day it is added.
 */
class AccessIT {
  static final List<String> ROLES =
      List.of("admin", "compliance", "auditor", "ngo-editor", "viewer");

  /** Path parameters that name something of one tenant: another tenant must get 404. */
  static final Set<String> TENANT_OWNED =
      Set.of("tenantId", "supplierId", "uploadId", "keyId", "matchId", "webhookId");

  static TestApp app;
  static final Map<String, String> acme = new HashMap<>();
  static final Map<String, String> globex = new HashMap<>();
  static final Map<String, String> initech = new HashMap<>();
  static final Map<String, String> params = new HashMap<>();

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("LIBERTAS_WEBHOOK_ALLOWED_HOSTS", "hooks.example.org"));
    for (String role : ROLES) {
      acme.put(role, app.tenantWithKey("acme", role));
      globex.put(role, app.tenantWithKey("globex", role));
      initech.put(role, app.tenantWithKey("initech", role));
    }
    // Each other tenant has data of its own too, so that a leak could show either way.
    for (Map<String, String> t : List.of(globex, initech)) {
      assertThat(
              app.upload(t.get("auditor"), "suppliers", "supplier_id,name,country\nB1,Own,PE\n")
                  .get("status")
                  .asText())
          .isEqualTo("succeeded");
    }
    JsonNode upload =
        app.upload(acme.get("auditor"), "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\n");
    assertThat(upload.get("status").asText()).isEqualTo("succeeded");
    TestApp.Response spare =
        app.postJson("/v1/tenants/acme/keys", TestApp.ADMIN_KEY, "{\"role\":\"viewer\"}");
    params.put("tenantId", "acme");
    params.put("supplierId", "A1");
    params.put("uploadId", upload.get("id").asText());
    params.put("keyId", spare.json().get("id").asText());
    params.put("matchId", "no-such-match");
    params.put("draftId", "00000000-0000-0000-0000-000000000000");
    params.put("version", "999");
    params.put("kind", "suppliers");
    params.put("name", "access-test");
    TestApp.Response hook =
        app.postJson(
            "/v1/webhooks", acme.get("compliance"), "{\"url\":\"https://hooks.example.org/a\"}");
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    params.put("webhookId", hook.json().get("id").asText());
    params.put(
        "snapshotId",
        app.get("/v1/suppliers/A1/risk/history", acme.get("viewer"))
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A request for the operation that is inside the contract, so only access decides the answer. */
  static HttpRequest.Builder request(Contract.Operation op) {
    String path = op.path();
    for (var p : params.entrySet()) {
      path = path.replace("{" + p.getKey() + "}", p.getValue());
    }
    assertThat(path)
        .as("every path parameter of " + op.id() + " has a test value")
        .doesNotContain("{");
    String query =
        switch (op.id()) {
          case "createUpload" -> "?kind=suppliers&dryRun=true";
          case "screenRecruiters", "screenEntities" -> "?name=Acme";
          case "sparqlGet" -> "?query=" + URLEncoder.encode("ASK {}", StandardCharsets.UTF_8);
          default -> "";
        };
    String[] body =
        switch (op.id()) {
          case "createTenant" ->
              new String[] {"application/json", "{\"id\":\"zz-new\",\"name\":\"Z\"}"};
          case "createKey" -> new String[] {"application/json", "{\"role\":\"viewer\"}"};
          case "createWebhook" ->
              new String[] {"application/json", "{\"url\":\"https://hooks.example.org/x\"}"};
          case "createUpload" -> new String[] {"text/csv", "supplier_id,name,country\nA2,Two,PE\n"};
          case "createDecision" ->
              new String[] {
                "application/json", "{\"decision\":\"approve\",\"rationale\":\"fine\"}"
              };
          case "reviewScreeningMatch" ->
              new String[] {"application/json", "{\"decision\":\"dismiss\"}"};
          case "createDraft" -> new String[] {"text/turtle", "@prefix x: <urn:x#> . x:a x:b x:c ."};
          case "sparqlPost" -> new String[] {"application/sparql-query", "ASK {}"};
          case "putUploadMapping" -> new String[] {"application/json", "{\"Land\":\"country\"}"};
          default -> null;
        };
    var b = HttpRequest.newBuilder(URI.create(app.base() + path + query));
    if (body == null) {
      b.method(op.method().name(), HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", body[0])
          .method(op.method().name(), HttpRequest.BodyPublishers.ofString(body[1]));
    }
    return b;
  }

  @Test
  void eachRoleIsAllowedExactlyWhatTheContractSays() {
    int checked = 0;
    for (Contract.Operation op : Contract.load().operations().values()) {
      if (op.isPublic()) {
        continue;
      }
      for (String role : ROLES) {
        TestApp.Response r = app.send(request(op), acme.get(role));
        String what = op.id() + " as " + role + ": " + r.body();
        // A tenant's admin keys may not create tenants nor read the platform ontology's drafts:
        // those are the platform administrator's (role admin of the platform tenant).
        boolean platformOnly =
            op.id().equals("createTenant") || (op.id().equals("getDraft") && role.equals("admin"));
        if (!op.roles().contains(role) || platformOnly) {
          assertThat(r.status()).as(what).isEqualTo(403);
          assertThat(r.contentType()).as(what).startsWith("application/problem+json");
        } else {
          assertThat(r.status()).as(what).isNotIn(401, 403).isLessThan(500);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(150);
    org.libertas.reliability.Figures.record(
        9, "role × operation pairs checked (403 exactly where the contract says)", checked, "");
  }

  @Test
  void anotherTenantsIdsAreNotFound() {
    int checked = 0;
    for (Contract.Operation op : Contract.load().operations().values()) {
      boolean owned = TENANT_OWNED.stream().anyMatch(p -> op.path().contains("{" + p + "}"));
      if (op.isPublic() || !owned) {
        continue;
      }
      String role = ROLES.stream().filter(op.roles()::contains).findFirst().orElseThrow();
      for (Map<String, String> other : List.of(globex, initech)) {
        TestApp.Response r = app.send(request(op), other.get(role));
        assertThat(r.status())
            .as(op.id() + " as another tenant's " + role + ": " + r.body())
            .isEqualTo(404);
        assertThat(r.body()).doesNotContain("Acme Mine");
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
    org.libertas.reliability.Figures.record(
        8,
        "operations × other tenants given tenant A's ids (3 tenants) → 404",
        checked + " of " + checked,
        "");
  }

  @Test
  void anotherTenantsDataIsNeverListed() {
    for (String path :
        List.of(
            "/v1/suppliers",
            "/v1/decisions",
            "/v1/audit",
            "/v1/reports/risk",
            "/v1/reports/risk.csv",
            "/v1/graph")) {
      for (Map<String, String> other : List.of(globex, initech)) {
        TestApp.Response r = app.get(path, other.get("admin"));
        assertThat(r.status()).as(path).isEqualTo(200);
        assertThat(r.body()).as(path).doesNotContain("Acme Mine").doesNotContain("\"acme\"");
      }
    }
    // SPARQL: each tenant sees its own graphs and the ontology, never another tenant's.
    int graphs = 0;
    for (var t : Map.of("acme", acme, "globex", globex, "initech", initech).entrySet()) {
      TestApp.Response r =
          app.send(
              HttpRequest.newBuilder(URI.create(app.base() + "/v1/sparql"))
                  .header("Content-Type", "application/sparql-query")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")),
              t.getValue().get("viewer"));
      assertThat(r.status()).isEqualTo(200);
      for (JsonNode b : r.json().at("/results/bindings")) {
        String g = b.at("/g/value").asText();
        assertThat(g)
            .as(t.getKey())
            .matches("urn:libertas:(tenant:" + t.getKey() + ":|ontology:).*");
        graphs++;
      }
    }
    org.libertas.reliability.Figures.record(
        8, "graphs SPARQL showed the 3 tenants, each its own or the ontology's", graphs, "");
  }

  @Test
  void anUnknownKeyIsUnauthorizedEverywhere() {
    for (Contract.Operation op : Contract.load().operations().values()) {
      if (!op.isPublic()) {
        TestApp.Response r = app.send(request(op), "lbt_not-a-real-key");
        assertThat(r.status()).as(op.id()).isEqualTo(401);
      }
    }
  }

  @Test
  void theRoleTableOfTheDocsNamesEveryOperation() throws Exception {
    String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/api.md"));
    for (Contract.Operation op : Contract.load().operations().values()) {
      if (!op.isPublic()) {
        assertThat(docs)
            .as(op.id())
            .contains("`" + op.method().name() + " " + op.path() + "` (" + op.id() + ")");
      }
    }
  }
}
