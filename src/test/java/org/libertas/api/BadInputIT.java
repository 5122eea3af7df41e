package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;

/** Each bad-input class of the foundation: a clear problem+json, and nothing changed. */
class BadInputIT {
  static TestApp app;
  static String acmeAuditor;
  static String acmeViewer;
  static String globexCompliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    acmeAuditor = app.tenantWithKey("acme", "auditor");
    acmeViewer = app.key("acme", "viewer");
    globexCompliance = app.tenantWithKey("globex", "compliance");
    JsonNode u =
        app.upload(acmeAuditor, "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertProblem(TestApp.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void missingKeyIsUnauthorized() {
    assertProblem(app.get("/v1/suppliers", null), 401);
  }

  @Test
  void unknownKeyIsUnauthorized() {
    assertProblem(app.get("/v1/suppliers", "lbt_not-a-real-key"), 401);
  }

  @Test
  void anotherTenantsSupplierIsNotFoundNeverForbidden() {
    TestApp.Response r = app.get("/v1/suppliers/A1/risk", globexCompliance);
    assertProblem(r, 404);
    assertThat(r.body()).doesNotContain("Acme Mine");
    assertThat(app.get("/v1/suppliers", globexCompliance).json().get("items").size()).isZero();
  }

  @Test
  void anotherTenantsUploadIsNotFound() {
    TestApp.Response r =
        app.postCsv(
            "/v1/uploads?kind=suppliers",
            acmeAuditor,
            "supplier_id,name,country\nA2,Acme Two,PE\n");
    String location = r.header("Location");
    app.awaitUpload(acmeAuditor, location);
    assertProblem(app.get(location, globexCompliance), 404);
  }

  @Test
  void missingRequiredColumnIsRefusedAtOnceNamingItAndLoadsNothing() throws Exception {
    long before = uploads();
    TestApp.Response r =
        app.postCsv("/v1/uploads?kind=suppliers", acmeAuditor, "supplier_id,name\nA9,Nine Ltd\n");
    assertProblem(r, 422);
    JsonNode err = r.json().get("errors").get(0);
    assertThat(err.get("line").asInt()).isEqualTo(1);
    assertThat(err.get("column").asText()).isEqualTo("country");
    assertThat(err.get("code").asText()).isEqualTo("missing-column");
    assertThat(uploads()).isEqualTo(before);
    assertThat(app.get("/v1/suppliers/A9/risk", acmeAuditor).status()).isEqualTo(404);
  }

  @Test
  void unknownKindIsBadRequest() {
    TestApp.Response r = app.postCsv("/v1/uploads?kind=invoices", acmeAuditor, "a,b\n1,2\n");
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).contains("invoices").contains("suppliers");
  }

  @Test
  void aBadRowFailsTheJobWithLineAndColumnAndLoadsNothing() {
    JsonNode u =
        app.upload(
            acmeAuditor, "suppliers", "supplier_id,name,country\nB1,Good Ltd,FR\nB2,Bad Ltd,XX\n");
    assertThat(u.get("status").asText()).isEqualTo("failed");
    JsonNode e = u.get("errors").get(0);
    assertThat(e.get("line").asInt()).isEqualTo(3);
    assertThat(e.get("column").asText()).isEqualTo("country");
    assertThat(e.get("code").asText()).isEqualTo("bad-country");
    assertThat(app.get("/v1/suppliers/B1/risk", acmeAuditor).status()).isEqualTo(404);
  }

  @Test
  void aRoleWithoutTheRightIsForbidden() {
    assertProblem(
        app.postCsv(
            "/v1/uploads?kind=suppliers", acmeViewer, "supplier_id,name,country\nV1,V,PE\n"),
        403);
    assertProblem(
        app.postJson("/v1/tenants", acmeAuditor, "{\"id\":\"evil\",\"name\":\"Evil\"}"), 403);
  }

  @Test
  void aJsonBodyOutsideTheContractNamesTheField() {
    TestApp.Response r =
        app.postJson("/v1/tenants/acme/keys", TestApp.ADMIN_KEY, "{\"role\":\"superuser\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("/role");
    assertProblem(app.postJson("/v1/tenants", TestApp.ADMIN_KEY, "not json"), 400);
  }

  @Test
  void queryParametersOutsideTheContractNameTheParameter() {
    for (String[] c :
        new String[][] {
          {"/v1/suppliers?limit=abc", "limit"},
          {"/v1/suppliers?limit=9999", "limit"},
          {"/v1/suppliers?band=purple", "band"},
          {"/v1/suppliers?hardStop=maybe", "hardStop"},
          {"/v1/suppliers/A1/risk?lang=de", "lang"}
        }) {
      TestApp.Response r = app.get(c[0], acmeAuditor);
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("column").asText()).as(c[0]).isEqualTo(c[1]);
    }
    TestApp.Response dry =
        app.postCsv(
            "/v1/uploads?kind=suppliers&dryRun=maybe",
            acmeAuditor,
            "supplier_id,name,country\nQ1,Q,PE\n");
    assertProblem(dry, 400);
    assertThat(dry.json().get("errors").get(0).get("column").asText()).isEqualTo("dryRun");
  }

  @Test
  void aQueryParameterTheContractDoesNotDeclareIsRefusedByName() {
    // a typo of a filter must not give an unfiltered answer
    TestApp.Response r = app.get("/v1/suppliers?recomendation=do-not-source", acmeAuditor);
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("unknown query parameter 'recomendation'");
    JsonNode e = r.json().get("errors").get(0);
    assertThat(e.get("column").asText()).isEqualTo("recomendation");
    assertThat(e.get("code").asText()).isEqualTo("unknown-parameter");
    assertThat(r.json().get("errors").size()).isEqualTo(1);

    TestApp.Response two = app.get("/v1/suppliers?limit=5&bnad=low&sort=name&x%20y=1", acmeAuditor);
    assertProblem(two, 400);
    assertThat(two.json().get("errors").findValuesAsText("column")).containsExactly("bnad", "x y");

    // every operation, public ones too
    assertProblem(app.get("/v1/suppliers/A1/risk/history?lang=fr", acmeAuditor), 400);
    assertProblem(app.get("/healthz?verbose=1", null), 400);
  }

  @Test
  void declaredQueryParametersStillWork() {
    String band = app.get("/v1/suppliers/A1/risk", acmeAuditor).json().get("band").asText();
    TestApp.Response r =
        app.get("/v1/suppliers?band=" + band + "&sort=name&limit=1&hardStop=false", acmeAuditor);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("items").findValuesAsText("supplierId")).containsExactly("A1");
    TestApp.Response other = app.get("/v1/suppliers?band=" + other(band), acmeAuditor);
    assertThat(other.status()).as(other.body()).isEqualTo(200);
    assertThat(other.json().get("items").size()).isZero();
    assertThat(app.get("/v1/suppliers?tier=1000", acmeAuditor).status()).isEqualTo(200);
    // declared because the SPARQL protocol has it, and refused by the handler for what it means
    TestApp.Response dataset =
        app.get("/v1/sparql?query=ASK%7B%7D&default-graph-uri=urn%3Ax", acmeAuditor);
    assertProblem(dataset, 400);
    assertThat(dataset.json().get("errors").get(0).get("code").asText())
        .isEqualTo("dataset-refused");
    // a constraint that was only in Java is now the contract's
    TestApp.Response deep = app.get("/v1/suppliers?tier=1001", acmeAuditor);
    assertProblem(deep, 400);
    assertThat(deep.json().get("errors").get(0).get("column").asText()).isEqualTo("tier");
    assertThat(app.get("/healthz", null).status()).isEqualTo(200);
  }

  private static String other(String band) {
    return band.equals("low") ? "critical" : "low";
  }

  /** A request sent as raw bytes: the JDK client refuses to send a malformed URI at all. */
  private static String raw(String requestLine, String key) throws Exception {
    java.net.URI base = java.net.URI.create(app.base());
    try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      String req =
          requestLine
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + key
              + "\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void malformedPercentEscapesAndNulInTheUriAreBadRequestsNeverA500() throws Exception {
    for (String line :
        java.util.List.of(
            "GET /v1/suppliers?limit=%zz",
            "GET /v1/suppliers?band=%",
            "GET /v1/suppliers/%zz/risk",
            "GET /v1/suppliers/A%00B/risk",
            "GET /v1/suppliers?band=high%00")) {
      String answer = raw(line, acmeViewer);
      assertThat(answer).as(line).startsWith("HTTP/1.1 400");
      assertThat(answer).as(line).contains("application/problem+json");
      assertThat(answer).as(line).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void nulAndLoneSurrogatesInJsonStringsAreRefusedNamingTheField() {
    String compliance = app.key("acme", "compliance");
    for (String rationale : java.util.List.of("bad\\u0000byte", "half \\ud800 a pair")) {
      TestApp.Response r =
          app.postJson(
              "/v1/suppliers/A1/decisions",
              compliance,
              "{\"decision\":\"approve\",\"rationale\":\"" + rationale + "\"}");
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("/rationale");
      assertThat(r.json().get("errors").get(0).get("code").asText()).isEqualTo("bad-string");
    }
    assertThat(app.get("/v1/decisions", compliance).json().get("items")).isEmpty();
  }

  @Test
  void aKeyGivenTwiceInAJsonObjectIsRefusedNamingItNeverLastWins() {
    String compliance = app.key("acme", "compliance");
    TestApp.Response r =
        app.postJson(
            "/v1/suppliers/A1/decisions",
            compliance,
            "{\"decision\":\"approve\",\"rationale\":\"ok\",\"decision\":\"reject\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("code").asText()).isEqualTo("duplicate-key");
    assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("/decision");
    // Nested objects too: the pointer says which one.
    TestApp.Response nested =
        app.postJson(
            "/v1/tenants",
            TestApp.ADMIN_KEY,
            "{\"id\":\"dup\",\"name\":\"Dup\",\"x\":{\"a\":1,\"a\":2}}");
    assertProblem(nested, 400);
    assertThat(nested.json().get("errors").get(0).get("column").asText()).isEqualTo("/x/a");
    assertThat(app.get("/v1/decisions", compliance).json().get("items")).isEmpty();
  }

  @Test
  void aJsonBodyIsTakenOnlyAsApplicationJson() {
    String compliance = app.key("acme", "compliance");
    String body = "{\"decision\":\"approve\",\"rationale\":\"ok\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (String type :
        java.util.Arrays.asList(
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1",
            "application/jsonx",
            null)) {
      TestApp.Response r = app.post("/v1/suppliers/A1/decisions", compliance, type, bytes);
      assertProblem(r, 415);
      assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("Content-Type");
    }
    assertThat(app.get("/v1/decisions", compliance).json().get("items")).isEmpty();
    // The media type is case-insensitive and charset may be quoted (RFC 9110).
    assertThat(
            app.post(
                    "/v1/tenants",
                    TestApp.ADMIN_KEY,
                    "Application/JSON; charset=\"UTF-8\"",
                    "{\"id\":\"typed\",\"name\":\"Typed\"}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
  }

  @Test
  void unknownRouteIsAProblemToo() {
    assertProblem(app.get("/v1/nothing-here", acmeAuditor), 404);
  }

  private static long uploads() throws Exception {
    try (Connection c = TestPostgres.connect(app.database);
        ResultSet rs = c.createStatement().executeQuery("select count(*) from uploads")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
