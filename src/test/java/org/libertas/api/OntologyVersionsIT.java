package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;

/** Draft → validate → publish → rescoring with impact → rollback, through the API. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OntologyVersionsIT {
  static TestApp app;
  static String ngo;
  static String compliance;
  static Map<String, Integer> original;
  static String betaAdmin;
  static io.vertx.core.Vertx vertx;
  static io.vertx.core.http.HttpServer receiver;
  static final java.util.concurrent.LinkedBlockingQueue<JsonNode> events =
      new java.util.concurrent.LinkedBlockingQueue<>();

  // Fishing becomes far riskier: every fishing supplier's score must rise.
  static final String PATCH =
      "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
          + "DELETE { lbt:defaultScoring lbt:sectorRiskStrength ?s } INSERT { lbt:defaultScoring lbt:sectorRiskStrength 0.9 }"
          + " WHERE { lbt:defaultScoring lbt:sectorRiskStrength ?s }";

  @BeforeAll
  static void start() throws Exception {
    // A webhook receiver for the other tenant: versions published elsewhere must reach it.
    vertx = io.vertx.core.Vertx.vertx();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              try {
                                events.add(
                                    new com.fasterxml.jackson.databind.ObjectMapper()
                                        .readTree(b.getBytes()));
                              } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                              }
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
    app =
        TestApp.start(
            Map.of(
                "LIBERTAS_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                "LIBERTAS_NGO_PUBLISHER_TENANTS", "ngo-lab"));
    String auditor = app.tenantWithKey("acme", "auditor");
    compliance = app.key("acme", "compliance");
    ngo = app.key("acme", "ngo-editor");
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,sector\nF1,Andaman Trawlers,TH,fishing\nF2,Bergen Fisk AS,NO,fishing\nL1,Hafen Logistik,DE,logistics\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    original = scores();
    // Another company on the same platform: the ontology's versions rescore it too.
    String betaAuditor = app.tenantWithKey("beta", "auditor");
    betaAdmin = app.key("beta", "admin");
    assertThat(
            app.upload(
                    betaAuditor,
                    "suppliers",
                    "supplier_id,name,country,sector\nB1,Phuket Seafood,TH,fishing\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    TestApp.Response hook =
        app.postJson(
            "/v1/webhooks",
            betaAdmin,
            "{\"url\":\"http://127.0.0.1:" + receiver.actualPort() + "/beta\"}");
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    vertx
        .close()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The next ontology.published event for the other tenant (band-changed ones are skipped). */
  static JsonNode nextPublished() throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode e = events.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (e != null && e.get("type").asText().equals("ontology.published")) {
        return e;
      }
    }
    throw new AssertionError("no ontology.published event");
  }

  static Map<String, Integer> scores() {
    Map<String, Integer> out = new HashMap<>();
    app.get("/v1/suppliers?limit=500", compliance)
        .json()
        .get("items")
        .forEach(i -> out.put(i.get("supplierId").asText(), i.get("score").asInt()));
    return out;
  }

  static TestApp.Response draft(String mediaType, String body) {
    return app.post("/v1/ontology/drafts", ngo, mediaType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @Order(0)
  void theReferenceDataListsEveryEntryWithItsSourceInTheLanguageAsked() {
    JsonNode all = app.get("/v1/ontology/reference?lang=fr", ngo).json();
    assertThat(all.get("lang").asText()).isEqualTo("fr");
    Map<String, Integer> counts = new HashMap<>();
    all.get("types").forEach(t -> counts.put(t.get("type").asText(), t.get("count").asInt()));
    assertThat(counts.keySet())
        .contains("TipTierAssessment", "IlabListing", "ListedRecruiter", "ListedEntity");
    assertThat(all.get("items").size())
        .isEqualTo(counts.values().stream().mapToInt(Integer::intValue).sum());

    JsonNode recruiters = app.get("/v1/ontology/reference?type=ListedRecruiter", ngo).json();
    assertThat(recruiters.get("items").size()).isEqualTo(counts.get("ListedRecruiter"));
    JsonNode golden = null;
    for (JsonNode i : recruiters.get("items")) {
      assertThat(i.get("type").asText()).isEqualTo("ListedRecruiter");
      if (i.get("id").asText().endsWith("/recruiter-golden-bridge-manpower")) {
        golden = i;
      }
    }
    assertThat(golden).isNotNull();
    assertThat(golden.get("label").asText()).isEqualTo("Golden Bridge Manpower Co., Ltd.");
    assertThat(golden.get("source").get("title").asText()).contains("illustrative");
    assertThat(golden.get("properties").get("licenceNumber").get(0).asText())
        .isEqualTo("MM-REC-0472");
    // An ILAB row is named by its good and country, in the language asked for.
    JsonNode ilab = app.get("/v1/ontology/reference?type=IlabListing&lang=es", compliance).json();
    assertThat(ilab.get("items").get(0).get("label").asText()).contains(" — ");
    assertThat(ilab.get("items").get(0).get("source").get("id").asText()).startsWith("https://");

    TestApp.Response bad = app.get("/v1/ontology/reference?type=Nonsense", ngo);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get(0).get("column").asText()).isEqualTo("type");
    assertThat(bad.json().get("errors").get(0).get("code").asText()).isEqualTo("unknown-type");
  }

  @Test
  @Order(1)
  void theRepositoryOntologyIsVersionOneAndExportsAsTurtle() {
    assertThat(app.get("/v1/ontology", compliance).json().get("version").asInt()).isEqualTo(1);
    TestApp.Response ttl =
        app.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base() + "/v1/ontology"))
                .header("Accept", "text/turtle"),
            ngo);
    assertThat(ttl.contentType()).startsWith("text/turtle");
    assertThat(ttl.body()).contains("lbt:queryText").contains("debt-bondage");
  }

  @Test
  @Order(2)
  void refusedDraftsChangeNothing() {
    TestApp.Response syntax =
        draft(
            "text/turtle",
            "@prefix lbt: <https://w3id.org/libertas/ns#> .\nlbt:x lbt:y \"open .\n");
    assertThat(syntax.status()).isEqualTo(422);
    assertThat(syntax.contentType()).startsWith("application/problem+json");
    assertThat(syntax.json().get("errors").get(0).get("code").asText()).isEqualTo("parse");
    assertThat(syntax.json().get("errors").get(0).get("line").asInt()).isPositive();

    TestApp.Response load = draft("application/sparql-update", "LOAD <http://127.0.0.1:9/x.ttl>");
    assertThat(load.status()).isEqualTo(422);
    assertThat(load.json().get("errors").get(0).get("code").asText()).isEqualTo("safety");

    TestApp.Response rdfxml = draft("application/rdf+xml", "<rdf:RDF/>");
    assertThat(rdfxml.status()).isEqualTo(415);

    TestApp.Response shacl =
        draft(
            "application/sparql-update",
            "PREFIX lbt: <https://w3id.org/libertas/ns#>\nDELETE { ?i lbt:weight ?w } INSERT { ?i lbt:weight 7.0 } WHERE { ?i lbt:weight ?w ; <http://www.w3.org/2004/02/skos/core#notation> \"debt-bondage\" }");
    assertThat(shacl.status()).isEqualTo(422);
    assertThat(shacl.json().get("errors").get(0).get("code").asText()).isEqualTo("shacl");
    String refusedId = shacl.header("Location").replaceAll(".*/", "");
    assertThat(app.get("/v1/ontology/drafts/" + refusedId, ngo).json().get("valid").asBoolean())
        .isFalse();
    assertThat(
            app.post("/v1/ontology/drafts/" + refusedId + "/publish", ngo, null, new byte[0])
                .status())
        .isEqualTo(409);

    assertThat(app.get("/v1/ontology", compliance).json().get("version").asInt()).isEqualTo(1);
    assertThat(scores()).isEqualTo(original);
  }

  @Test
  @Order(3)
  void onlyNgoEditorsSubmitDrafts() {
    TestApp.Response r =
        app.post(
            "/v1/ontology/drafts",
            compliance,
            "application/sparql-update",
            PATCH.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void aTenantsAdminNeitherIssuesNgoEditorKeysNorReadsDrafts() {
    // The ontology is platform-wide: an ngo-editor key would let one tenant rescore the others.
    TestApp.Response k =
        app.postJson("/v1/tenants/beta/keys", betaAdmin, "{\"role\":\"ngo-editor\"}");
    assertThat(k.status()).as(k.body()).isEqualTo(403);
    assertThat(k.json().get("detail").asText()).contains("platform administrator");
    assertThat(app.postJson("/v1/tenants/beta/keys", betaAdmin, "{\"role\":\"auditor\"}").status())
        .isEqualTo(201);
    assertThat(
            app.postJson("/v1/tenants/beta/keys", TestApp.ADMIN_KEY, "{\"role\":\"ngo-editor\"}")
                .status())
        .isEqualTo(201);

    TestApp.Response d = draft("application/sparql-update", PATCH);
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    String id = d.json().get("id").asText();
    assertThat(app.get("/v1/ontology/drafts/" + id, betaAdmin).status()).isEqualTo(403);
    assertThat(app.get("/v1/ontology/drafts/" + id, ngo).status()).isEqualTo(200);
    assertThat(app.get("/v1/ontology/drafts/" + id, TestApp.ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void anNgoPublisherNamedByThePlatformIssuesNgoEditorKeysToItselfOnly() {
    assertThat(
            app.postJson(
                    "/v1/tenants",
                    TestApp.ADMIN_KEY,
                    "{\"id\":\"ngo-lab\",\"name\":\"An NGO maintaining the ontology\"}")
                .status())
        .isEqualTo(201);
    String ngoAdmin = app.key("ngo-lab", "admin");
    TestApp.Response own =
        app.postJson("/v1/tenants/ngo-lab/keys", ngoAdmin, "{\"role\":\"ngo-editor\"}");
    assertThat(own.status()).as(own.body()).isEqualTo(201);
    assertThat(own.json().get("role").asText()).isEqualTo("ngo-editor");
    // Not to another tenant (that tenant is not its to manage), and no other tenant's admin can.
    assertThat(
            app.postJson("/v1/tenants/beta/keys", ngoAdmin, "{\"role\":\"ngo-editor\"}").status())
        .isEqualTo(404);
    assertThat(
            app.postJson("/v1/tenants/beta/keys", betaAdmin, "{\"role\":\"ngo-editor\"}").status())
        .isEqualTo(403);
  }

  @Test
  @Order(4)
  void publishingRescoresEveryoneAndReportsTheImpactThenRollbackRestoresEveryScore()
      throws Exception {
    TestApp.Response d = draft("application/sparql-update", PATCH);
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    assertThat(d.json().get("valid").asBoolean()).isTrue();
    String id = d.json().get("id").asText();

    TestApp.Response p = app.post("/v1/ontology/drafts/" + id + "/publish", ngo, null, new byte[0]);
    assertThat(p.status()).as(p.body()).isEqualTo(202);
    int v2 = p.json().get("version").asInt();
    assertThat(v2).isEqualTo(2);
    JsonNode impact = app.awaitImpact(ngo, v2);
    assertThat(impact.get("rescoring").asText()).isEqualTo("complete");

    Map<String, Integer> after = scores();
    assertThat(after.get("F1")).isGreaterThan(original.get("F1"));
    assertThat(after.get("F2")).isGreaterThan(original.get("F2"));
    assertThat(after.get("L1")).isEqualTo(original.get("L1"));
    assertThat(impact.get("changes").size()).isPositive();
    assertThat(impact.get("changes").get(0).get("supplierId").asText()).startsWith("F");
    JsonNode risk = app.get("/v1/suppliers/F1/risk", compliance).json();
    assertThat(risk.get("ontologyVersion").asInt()).isEqualTo(2);
    assertThat(app.post("/v1/ontology/drafts/" + id + "/publish", ngo, null, new byte[0]).status())
        .isEqualTo(409);

    TestApp.Response rb = app.post("/v1/ontology/versions/1/rollback", ngo, null, new byte[0]);
    assertThat(rb.status()).as(rb.body()).isEqualTo(202);
    int v3 = rb.json().get("version").asInt();
    assertThat(v3).isEqualTo(3);
    assertThat(app.awaitImpact(ngo, v3).get("rescoring").asText()).isEqualTo("complete");
    assertThat(scores()).isEqualTo(original);
    assertThat(app.get("/v1/suppliers/F1/risk", compliance).json().get("ontologyVersion").asInt())
        .isEqualTo(3);

    JsonNode versions = app.get("/v1/ontology/versions", compliance).json().get("items");
    assertThat(versions.size()).isEqualTo(3);
    assertThat(versions.get(0).get("active").asBoolean()).isTrue();
    assertThat(versions.get(0).get("rolledBackFrom").asInt()).isEqualTo(1);

    JsonNode diff = app.get("/v1/ontology/versions/2/diff?against=1", ngo).json();
    assertThat(diff.get("added").toString()).contains("sectorRiskStrength").contains("0.9");

    try (Connection c = TestPostgres.connect(app.database);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select action from audit_log where action like 'ontology.%' order by id")) {
      java.util.List<String> actions = new java.util.ArrayList<>();
      while (rs.next()) {
        actions.add(rs.getString(1));
      }
      assertThat(actions).contains("ontology.draft", "ontology.publish", "ontology.rollback");
    }
    // The other tenant's own trail says that versions published elsewhere rescored it, and how.
    try (Connection c = TestPostgres.connect(app.database);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select details->>'version', details->>'cause', details->'bandChanges',"
                        + " actor_key is not null from audit_log"
                        + " where tenant_id = 'beta' and action = 'ontology.rescored' order by id")) {
      java.util.List<String> seen = new java.util.ArrayList<>();
      while (rs.next()) {
        seen.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(4));
        if (rs.getString(2).equals("publish")) {
          assertThat(rs.getString(3)).contains("B1");
        }
      }
      assertThat(seen).contains(v2 + " publish true", v3 + " rollback true");
    }
    // ...and its webhooks were told, with its own impact only.
    JsonNode published = nextPublished();
    assertThat(published.get("tenantId").asText()).isEqualTo("beta");
    assertThat(published.get("version").asInt()).isEqualTo(v2);
    assertThat(published.get("cause").asText()).isEqualTo("publish");
    assertThat(published.get("changes").toString()).contains("B1").doesNotContain("F1");
    JsonNode rolledBack = nextPublished();
    assertThat(rolledBack.get("version").asInt()).isEqualTo(v3);
    assertThat(rolledBack.get("cause").asText()).isEqualTo("rollback");
    assertThat(rolledBack.get("changes").toString()).contains("B1");
  }

  @Test
  @Order(5)
  void historyKeepsBothVersionsOfAScore() {
    JsonNode h = app.get("/v1/suppliers/F1/risk/history", compliance).json().get("items");
    java.util.Set<Integer> versions = new java.util.HashSet<>();
    h.forEach(i -> versions.add(i.get("ontologyVersion").asInt()));
    assertThat(versions).contains(1, 2, 3);
  }

  @Test
  @Order(6)
  void everyScoreInTheHistoryRecomputesExactlyFromItsVersions() {
    JsonNode items = app.get("/v1/suppliers/F1/risk/history", compliance).json().get("items");
    assertThat(items.size()).isGreaterThanOrEqualTo(3);
    for (JsonNode item : items) {
      TestApp.Response r =
          app.get(
              "/v1/suppliers/F1/risk/history/" + item.get("id").asLong() + "/recompute",
              compliance);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode c = r.json();
      assertThat(c.get("identical").asBoolean()).as(r.body()).isTrue();
      assertThat(c.get("recomputed").get("score").asInt()).isEqualTo(item.get("score").asInt());
      assertThat(c.get("recomputed").get("inputsHash").asText())
          .isEqualTo(item.get("inputsHash").asText());
      assertThat(c.get("ontologyVersion").asInt()).isEqualTo(item.get("ontologyVersion").asInt());
      // the whole document, as the contract describes it
      java.util.List<String> fields = new java.util.ArrayList<>();
      c.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactly(
              "snapshotId",
              "supplierId",
              "ontologyVersion",
              "dataVersion",
              "asOf",
              "stored",
              "recomputed",
              "identical");
      assertThat(c.get("snapshotId").asLong()).isEqualTo(item.get("id").asLong());
      assertThat(c.get("supplierId").asText()).isEqualTo("F1");
      assertThat(c.get("dataVersion").asLong()).isEqualTo(item.get("dataVersion").asLong());
      assertThat(c.get("asOf").asText()).isEqualTo(item.get("asOf").asText());
      JsonNode stored =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .createObjectNode()
              .put("score", item.get("score").asInt())
              .put("band", item.get("band").asText())
              .put("inputsHash", item.get("inputsHash").asText())
              .put("recommendation", item.get("recommendation").asText());
      assertThat(c.get("stored")).isEqualTo(stored);
      assertThat(c.get("recomputed")).isEqualTo(stored);
    }
    assertThat(app.get("/v1/suppliers/F1/risk/history/999999/recompute", compliance).status())
        .isEqualTo(404);
    org.libertas.reliability.Figures.record(
        12,
        "historic score snapshots of one supplier (across a publication and a rollback) recomputed → identical",
        items.size() + " of " + items.size(),
        "");
  }

  /** workforce-migrant-share with its threshold compared the other way round: same signals. */
  static String harmlessRuleChange(String filter) {
    return "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
        + "PREFIX dct: <http://purl.org/dc/terms/>\n"
        + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"\"\""
        + "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
        + "CONSTRUCT { _:s a lbt:RiskSignal ; lbt:supplier ?supplier ; lbt:strength ?strength ;"
        + " lbt:evidence ?supplier . }\n"
        + "WHERE { { SELECT DISTINCT ?supplier ?strength WHERE {\n"
        + "  ?supplier a lbt:Supplier ; lbt:migrantWorkerShare ?share .\n"
        + "  lbt:defaultScoring lbt:migrantShareThreshold ?threshold ;"
        + " lbt:migrantShareStrength ?strength .\n"
        + "  FILTER ("
        + filter
        + ")\n"
        + "} } }\"\"\" }"
        + " WHERE { ?r a lbt:Rule ; dct:identifier \"workforce-migrant-share\" ; lbt:queryText ?q }";
  }

  /**
   * Finding 9, the harmless side: a changed rule is run on the proof graph and reported with its
   * time; the graph is built once for the process (the metric counts builds), not per validation.
   */
  @Test
  @Order(7)
  void aHarmlesslyChangedRuleIsValidWithItsTimeAndTheProofGraphIsBuiltOnce() {
    TestApp.Response d =
        draft("application/sparql-update", harmlessRuleChange("?threshold < ?share"));
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    JsonNode times = d.json().get("report").get("ruleTimes");
    assertThat(times).hasSize(1);
    assertThat(times.get(0).get("rule").asText())
        .isEqualTo("https://w3id.org/libertas/rule/workforce-migrant-share");
    assertThat(times.get(0).get("withinBudget").asBoolean()).isTrue();
    assertThat(times.get(0).get("suppliers").asInt()).isEqualTo(300);
    assertThat(times.get(0).get("budgetMs").asLong()).isEqualTo(20_000);
    assertThat(times.get(0).get("elapsedMs").asLong()).isBetween(0L, 20_000L);

    TestApp.Response again =
        draft("application/sparql-update", harmlessRuleChange("!(?share <= ?threshold)"));
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().get("report").get("ruleTimes")).hasSize(1);
    // A draft that changes no rule runs none.
    assertThat(draft("application/sparql-update", PATCH).json().get("report").get("ruleTimes"))
        .isEmpty();
    assertThat(app.get("/metrics", null).body())
        .contains("libertas_ontology_proof_graph_builds 1.0");
  }
}
