package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Read-only SPARQL over the tenant's graphs and the ontology: own data only, updates and SERVICE
 * refused, the protocol's three ways to send a query, result formats, the row limit and the time
 * limit.
 */
class SparqlIT {
  static final String PREFIX = "PREFIX lbt: <https://w3id.org/libertas/ns#>\n";
  static final int MAX_ROWS = 50;
  static TestApp app;
  static String viewer;
  static String globexViewer;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            Map.of(
                "LIBERTAS_SPARQL_MAX_ROWS",
                Integer.toString(MAX_ROWS),
                "LIBERTAS_SPARQL_TIMEOUT_MS",
                "10000"));
    String auditor = app.tenantWithKey("acme", "auditor");
    viewer = app.key("acme", "viewer");
    ok(
        app.upload(
            auditor, "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\nA2,Acme Mill,TH\n"));
    String globexAuditor = app.tenantWithKey("globex", "auditor");
    globexViewer = app.key("globex", "viewer");
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

  static TestApp.Response post(String query, String key, String accept) {
    var b =
        HttpRequest.newBuilder(URI.create(app.base() + "/v1/sparql"))
            .header("Content-Type", "application/sparql-query")
            .POST(HttpRequest.BodyPublishers.ofString(query));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return app.send(b, key);
  }

  static List<String> column(TestApp.Response r, String var) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().get("results").get("bindings").forEach(b -> out.add(b.get(var).get("value").asText()));
    return out;
  }

  @Test
  void selectSeesTheTenantsOwnSuppliersOnly() {
    TestApp.Response r =
        post(
            PREFIX + "SELECT ?name WHERE { ?s a lbt:Supplier ; lbt:name ?name } ORDER BY ?name",
            viewer,
            null);
    assertThat(r.contentType()).startsWith("application/sparql-results+json");
    assertThat(r.header("X-Libertas-Truncated")).isEqualTo("false");
    assertThat(column(r, "name")).containsExactly("Acme Mill", "Acme Mine");
    assertThat(
            column(
                post(PREFIX + "SELECT ?name WHERE { ?s lbt:name ?name }", globexViewer, null),
                "name"))
        .contains("Globex Secret Works")
        .doesNotContain("Acme Mine");
  }

  @Test
  void anotherTenantsGraphIsOutOfReachEvenByName() {
    List<String> globexGraphs =
        column(post("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", globexViewer, null), "g");
    String globexUpload =
        globexGraphs.stream().filter(g -> g.endsWith(":current")).findFirst().orElseThrow();
    List<String> mine =
        column(post("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", viewer, null), "g");
    assertThat(mine).isNotEmpty();
    assertThat(mine)
        .allMatch(
            g ->
                g.startsWith("urn:libertas:tenant:acme:")
                    || g.startsWith("urn:libertas:ontology:"));
    TestApp.Response named =
        post("SELECT * WHERE { GRAPH <" + globexUpload + "> { ?s ?p ?o } }", viewer, null);
    assertThat(column(named, "s")).isEmpty();
    TestApp.Response from =
        post("SELECT * FROM <" + globexUpload + "> WHERE { ?s ?p ?o }", viewer, null);
    assertThat(from.status()).isEqualTo(400);
    TestApp.Response protocol =
        app.get(
            "/v1/sparql?query="
                + URLEncoder.encode("SELECT * WHERE { ?s ?p ?o }", StandardCharsets.UTF_8)
                + "&default-graph-uri="
                + URLEncoder.encode(globexUpload, StandardCharsets.UTF_8),
            viewer);
    assertThat(protocol.status()).isEqualTo(400);
  }

  @Test
  void theActiveOntologyIsPartOfTheDataset() {
    TestApp.Response r = post(PREFIX + "ASK { ?c lbt:iso2 \"PE\" }", viewer, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("boolean").asBoolean()).isTrue();
  }

  @Test
  void updatesAreRefusedWithTheirPosition() {
    TestApp.Response r = post(PREFIX + "INSERT DATA { <urn:x> lbt:name \"pwned\" }", viewer, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode e = r.json().get("errors").get(0);
    assertThat(e.get("code").asText()).isEqualTo("update-refused");
    assertThat(e.get("line").asInt()).isEqualTo(2);
    assertThat(e.get("column").asText()).isEqualTo("1");
    TestApp.Response asUpdate =
        app.post(
            "/v1/sparql",
            viewer,
            "application/sparql-update",
            "DELETE WHERE { ?s ?p ?o }".getBytes(StandardCharsets.UTF_8));
    assertThat(asUpdate.status()).isEqualTo(400);
    assertThat(column(post(PREFIX + "SELECT ?n WHERE { ?s lbt:name ?n }", viewer, null), "n"))
        .doesNotContain("pwned")
        .contains("Acme Mine");
  }

  @Test
  void serviceAndExtensionFunctionsAreRefused() {
    TestApp.Response service =
        post("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", viewer, null);
    assertThat(service.status()).isEqualTo(400);
    assertThat(service.json().get("detail").asText()).contains("SERVICE");
    TestApp.Response fn =
        post(
            "SELECT ?x WHERE { BIND(<java:org.apache.jena.sparql.function.library.sqrt>(4) AS ?x) }",
            viewer,
            null);
    assertThat(fn.status()).isEqualTo(400);
    TestApp.Response syntax = post("SELECT * WHERE { ?s ?p }", viewer, null);
    assertThat(syntax.status()).isEqualTo(400);
    assertThat(syntax.json().get("errors").get(0).get("code").asText()).isEqualTo("parse-error");
  }

  @Test
  void theProtocolsThreeWaysAndTheResultFormats() {
    String q = PREFIX + "SELECT ?id WHERE { ?s lbt:supplierId ?id } ORDER BY ?id";
    TestApp.Response get =
        app.get("/v1/sparql?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8), viewer);
    assertThat(column(get, "id")).containsExactly("A1", "A2");
    TestApp.Response form =
        app.post(
            "/v1/sparql",
            viewer,
            "application/x-www-form-urlencoded",
            ("query=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(column(form, "id")).containsExactly("A1", "A2");
    TestApp.Response csv = post(q, viewer, "text/csv");
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.body().replace("\r", "")).isEqualTo("id\nA1\nA2\n");

    TestApp.Response ttl =
        post(
            PREFIX + "CONSTRUCT { ?s lbt:name ?n } WHERE { ?s a lbt:Supplier ; lbt:name ?n }",
            viewer,
            null);
    assertThat(ttl.status()).isEqualTo(200);
    assertThat(ttl.contentType()).startsWith("text/turtle");
    Model m = ModelFactory.createDefaultModel();
    RDFParser.fromString(ttl.body(), Lang.TURTLE).parse(m);
    assertThat(m.size()).isEqualTo(2);
    assertThat(post("DESCRIBE ?s WHERE { ?s ?p \"Acme Mine\" }", viewer, "text/turtle").body())
        .contains("Acme Mine");
    assertThat(post(q, viewer, "text/turtle").status()).isEqualTo(406);
    assertThat(
            app.post("/v1/sparql", viewer, "text/plain", q.getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(415);
    assertThat(app.get("/v1/sparql", viewer).status()).isEqualTo(400);
  }

  @Test
  void resultsBeyondTheRowLimitAreCutAndSaidToBe() {
    TestApp.Response r = post("SELECT * WHERE { ?s ?p ?o }", viewer, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Libertas-Truncated")).isEqualTo("true");
    assertThat(r.json().get("results").get("bindings")).hasSize(MAX_ROWS);
    TestApp.Response graph = post("CONSTRUCT WHERE { ?s ?p ?o }", viewer, null);
    assertThat(graph.header("X-Libertas-Truncated")).isEqualTo("true");
    Model m = ModelFactory.createDefaultModel();
    RDFParser.fromString(graph.body(), Lang.TURTLE).parse(m);
    assertThat(m.size()).isEqualTo(MAX_ROWS);
  }

  @Test
  void aQueryRunningTooLongIsStopped() {
    long start = System.nanoTime();
    TestApp.Response r =
        post("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", viewer, null);
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.json().get("type").asText()).endsWith("query-timeout");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
  }
}
