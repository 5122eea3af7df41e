package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opencsv.CSVReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * What leaves the system: formula-safe risk CSV, the risk report as JSON, the tenant's graph by
 * content negotiation, a supplier's upstream graph and its dossier (JSON and printable HTML).
 */
class ExportsIT {
  static final String LBT = "https://w3id.org/libertas/ns#";
  static TestApp app;
  static String compliance;
  static String viewer;
  static String globexCompliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    String auditor = app.tenantWithKey("acme", "auditor");
    compliance = app.key("acme", "compliance");
    viewer = app.key("acme", "viewer");
    ok(
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,commodities,duns_id\n"
                + "F1,\"=HYPERLINK(\"\"http://x\"\")\",PE,gold,\n"
                + "F2,+cmd,TH,shrimp,\n"
                + "F3,@SUM(1),DE,,\n"
                + "F4,-2+3,MY,,\n"
                + "A,\"Alpha, \"\"Prime\"\" Ltd\",DE,,\n"
                + "B,<script>alert(1)</script> Trading,MM,garments,15-048-3782\n"
                + "C,Gamma Mill,MY,,\n"
                + "D,Delta Farm,PE,gold,\n"));
    ok(app.upload(auditor, "relationships", "buyer_id,supplier_id\nA,B\nB,C\nC,A\nC,D\n"));
    ok(
        app.upload(
            auditor,
            "recruiters",
            "supplier_id,recruiter_name,recruiter_country,licence_number\n"
                + "B,Goldn Brige Manpower Co,MM,\n"));
    String globexAuditor = app.tenantWithKey("globex", "auditor");
    globexCompliance = app.key("globex", "compliance");
    ok(
        app.upload(
            globexAuditor, "suppliers", "supplier_id,name,country\nG1,Globex Secret Works,PE\n"));
  }

  static void ok(JsonNode upload) {
    assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static TestApp.Response get(String path, String key, String accept) {
    var b = HttpRequest.newBuilder(URI.create(app.base() + path)).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return app.send(b, key);
  }

  @Test
  void theRiskCsvNeutralisesFormulas() throws Exception {
    TestApp.Response r = app.get("/v1/reports/risk.csv", compliance);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.header("Content-Disposition")).contains("risk.csv");
    List<String[]> rows;
    try (CSVReader csv = new CSVReader(new StringReader(r.body()))) {
      rows = csv.readAll();
    }
    assertThat(rows.get(0))
        .containsExactly(
            "supplierId",
            "name",
            "country",
            "region",
            "sector",
            "tier",
            "score",
            "band",
            "recommendation",
            "hardStop",
            "contextScore",
            "contextBand",
            "evidenceScore",
            "evidenceBand",
            "recommendationRow",
            "lastAuditOn",
            "priority",
            "osId",
            "leiId",
            "dunsId",
            "registrationId",
            "factor1",
            "factor2",
            "factor3",
            "ontologyVersion",
            "dataVersion",
            "computedAt");
    assertThat(rows).hasSize(9);
    Map<String, String> names = new HashMap<>();
    for (String[] row : rows.subList(1, rows.size())) {
      names.put(row[0], row[1]);
      assertThat(row[19])
          .as("dunsId of " + row[0])
          .isEqualTo(row[0].equals("B") ? "150483782" : "");
      for (String cell : row) {
        assertThat(cell)
            .as(String.join(",", row))
            .doesNotStartWith("=")
            .doesNotStartWith("+")
            .doesNotStartWith("-")
            .doesNotStartWith("@")
            .doesNotStartWith("\t");
      }
      assertThat(row[21]).as("top factor of " + row[0]).matches("([a-z0-9-]+:[0-9.]+)?");
    }
    assertThat(names)
        .containsEntry("F1", "'=HYPERLINK(\"http://x\")")
        .containsEntry("F2", "'+cmd")
        .containsEntry("F3", "'@SUM(1)")
        .containsEntry("F4", "'-2+3")
        .containsEntry("A", "Alpha, \"Prime\" Ltd");
    assertThat(r.body()).doesNotContain("Globex");
    assertThat(app.get("/v1/reports/risk.csv", viewer).status()).isEqualTo(403);
    org.libertas.reliability.Figures.record(
        3,
        "risk.csv: cells checked, none starting with = + - @ tab CR",
        (rows.size() - 1) * rows.get(0).length,
        "");
  }

  @Test
  void sparqlCsvResultsNeutraliseFormulasToo() throws Exception {
    TestApp.Response r =
        app.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base() + "/v1/sparql"))
                .header("Content-Type", "application/sparql-query")
                .header("Accept", "text/csv")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")),
            compliance);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    List<String[]> rows;
    try (CSVReader csv = new CSVReader(new StringReader(r.body()))) {
      rows = csv.readAll();
    }
    int cells = 0;
    for (String[] row : rows) {
      for (String cell : row) {
        assertThat(cell)
            .doesNotStartWith("=")
            .doesNotStartWith("+")
            .doesNotStartWith("-")
            .doesNotStartWith("@")
            .doesNotStartWith("\t")
            .doesNotStartWith("\r");
        cells++;
      }
    }
    assertThat(rows.stream().map(row -> row[0])).contains("'=HYPERLINK(\"http://x\")", "'+cmd");
    org.libertas.reliability.Figures.record(
        3, "/v1/sparql text/csv: cells checked, none starting with = + - @ tab CR", cells, "");
  }

  @Test
  void theRiskReportAsJsonHasTheSameSuppliers() {
    JsonNode report = app.get("/v1/reports/risk", compliance).json();
    assertThat(report.get("items")).hasSize(8);
    JsonNode first = report.get("items").get(0);
    assertThat(first.get("topFactors").size()).isBetween(1, 3);
    int previous = Integer.MAX_VALUE;
    for (JsonNode i : report.get("items")) {
      assertThat(i.get("score").asInt()).isLessThanOrEqualTo(previous);
      previous = i.get("score").asInt();
    }
  }

  @Test
  void theGraphIsTheTenantsOwnInTurtleOrJsonLd() {
    TestApp.Response ttl = get("/v1/graph", compliance, null);
    assertThat(ttl.status()).isEqualTo(200);
    assertThat(ttl.contentType()).startsWith("text/turtle");
    Model m = ModelFactory.createDefaultModel();
    RDFParser.fromString(ttl.body(), Lang.TURTLE).parse(m);
    assertThat(ttl.body()).contains("Gamma Mill").doesNotContain("Globex");
    Set<String> predicates = new HashSet<>();
    m.listStatements().forEach(s -> predicates.add(s.getPredicate().getURI()));
    assertThat(predicates).contains(LBT + "supplierId", LBT + "buyer");
    // No ontology: the countries' codes and labels are not the tenant's data.
    assertThat(predicates)
        .doesNotContain(LBT + "iso2", "http://www.w3.org/2004/02/skos/core#prefLabel");

    TestApp.Response jsonld = get("/v1/graph", compliance, "application/ld+json");
    assertThat(jsonld.status()).isEqualTo(200);
    assertThat(jsonld.contentType()).startsWith("application/ld+json");
    Model j = ModelFactory.createDefaultModel();
    RDFParser.fromString(jsonld.body(), Lang.JSONLD).parse(j);
    assertThat(j.isIsomorphicWith(m)).isTrue();

    TestApp.Response refused = get("/v1/graph", compliance, "application/xml");
    assertThat(refused.status()).isEqualTo(406);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(get("/v1/graph", globexCompliance, null).body()).doesNotContain("Gamma Mill");
  }

  @Test
  void theUpstreamGraphFollowsLinksThroughACycle() {
    JsonNode up = app.get("/v1/suppliers/A/upstream", viewer).json();
    Set<String> nodes = new HashSet<>();
    up.get("nodes").forEach(n -> nodes.add(n.get("supplierId").asText()));
    assertThat(nodes).containsExactlyInAnyOrder("A", "B", "C", "D");
    Set<String> edges = new HashSet<>();
    up.get("edges")
        .forEach(e -> edges.add(e.get("buyer").asText() + ">" + e.get("supplier").asText()));
    assertThat(edges).containsExactlyInAnyOrder("A>B", "B>C", "C>A", "C>D");
    JsonNode a = up.get("nodes").get(0);
    assertThat(a.get("supplierId").asText()).isEqualTo("A");
    assertThat(a.get("score").isInt()).isTrue();
    assertThat(a.get("band").asText()).isNotBlank();

    JsonNode shallow = app.get("/v1/suppliers/A/upstream?depth=1", viewer).json();
    assertThat(shallow.get("nodes")).hasSize(2);
    TestApp.Response tooDeep = app.get("/v1/suppliers/A/upstream?depth=11", viewer);
    assertThat(tooDeep.status()).isEqualTo(400);
    assertThat(tooDeep.json().get("errors").get(0).get("column").asText()).isEqualTo("depth");
    assertThat(app.get("/v1/suppliers/NOPE/upstream", viewer).status()).isEqualTo(404);
    assertThat(app.get("/v1/suppliers/A/upstream", globexCompliance).status()).isEqualTo(404);
  }

  @Test
  void theDossierGathersRiskScreeningDecisionsAndHistory() {
    TestApp.Response d =
        app.postJson(
            "/v1/suppliers/B/decisions",
            compliance,
            "{\"decision\":\"suspend\",\"rationale\":\"Recruiter <b>on a blacklist</b>.\"}");
    assertThat(d.status()).isEqualTo(201);
    JsonNode dossier = app.get("/v1/suppliers/B/dossier", viewer).json();
    assertThat(dossier.get("supplierId").asText()).isEqualTo("B");
    assertThat(dossier.get("risk").get("factors")).isNotEmpty();
    assertThat(dossier.get("decisions").get(0).get("decision").asText()).isEqualTo("suspend");
    assertThat(dossier.get("history")).isNotEmpty();
    // The recruiter of B resembles a blacklisted one: its match belongs in B's dossier.
    assertThat(dossier.get("screening")).isNotEmpty();
    assertThat(dossier.get("screening").get(0).get("screened").get("kind").asText())
        .isEqualTo("recruiter");
    // Its reasons are labelled in the dossier's language, as on the screening endpoints.
    JsonNode reason = dossier.get("screening").get(0).get("reasons").get(0);
    assertThat(reason.get("feature").asText()).isNotBlank();
    JsonNode fr = app.get("/v1/suppliers/B/dossier?lang=fr", viewer).json();
    JsonNode frReason = fr.get("screening").get(0).get("reasons").get(0);
    assertThat(frReason.get("feature")).isEqualTo(reason.get("feature"));
    assertThat(frReason.get("value")).isEqualTo(reason.get("value"));
    assertThat(frReason.get("label").asText())
        .isNotBlank()
        .isNotEqualTo(reason.get("label").asText())
        .isNotEqualTo(reason.get("feature").asText());
    JsonNode other = app.get("/v1/suppliers/C/dossier", viewer).json();
    assertThat(other.get("screening")).isEmpty();
    assertThat(other.get("decisions")).isEmpty();
    assertThat(app.get("/v1/suppliers/B/dossier", globexCompliance).status()).isEqualTo(404);
  }

  @Test
  void thePrintableDossierIsEscapedAndSelfContained() {
    app.postJson(
        "/v1/suppliers/B/decisions",
        compliance,
        "{\"decision\":\"reject\",\"rationale\":\"<img src=x onerror=alert(1)>\"}");
    TestApp.Response html = get("/v1/suppliers/B/dossier", viewer, "text/html");
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.contentType()).startsWith("text/html");
    assertThat(html.body())
        .startsWith("<!DOCTYPE html>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; Trading")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("@media print")
        .containsPattern("(Name|Alias) compared: Golden Bridge")
        .contains("D-U-N-S 150483782")
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<link")
        .doesNotContain("src=\"");
    assertThat(get("/v1/suppliers/B/dossier", viewer, "image/png").status()).isEqualTo(406);
  }
}
