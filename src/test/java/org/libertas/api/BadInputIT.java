package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
