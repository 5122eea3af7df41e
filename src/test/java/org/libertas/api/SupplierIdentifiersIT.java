package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Open Supply Hub, GLEIF and Dun &amp; Bradstreet identifiers through the real HTTP API: uploaded
 * under the headers auditors use, kept in one form, found by {@code GET /v1/suppliers?identifier=}
 * however they are written, shown in the risk document, and refused when malformed.
 */
class SupplierIdentifiersIT {
  static TestApp app;
  static String auditor;
  static String viewer;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("idents", "auditor");
    viewer = app.key("idents", "viewer");
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,registration_id,OS ID,LEI,D-U-N-S number\n"
                + "ID-1,Apple Inc,US,C0806592,,hwupkr0mpou8fgxbt394,\n"
                + "ID-2,Tidewater Garments,CN,,cn-2019303-bq3fz-p,,15-048-3782\n"
                + "ID-3,Equity Fund,GB,,,549300MLUDYVRQOOXS22,150483799\n"
                + "ID-4,No Identifiers Ltd,GB,,,,\n");
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<String> found(String identifier) {
    TestApp.Response r =
        app.get(
            "/v1/suppliers?identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8),
            viewer);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("items").forEach(i -> ids.add(i.get("supplierId").asText()));
    return ids;
  }

  @Test
  void eachIdentifierFindsItsSupplierHoweverItIsWritten() {
    assertThat(found("HWUPKR0MPOU8FGXBT394")).containsExactly("ID-1");
    assertThat(found("hwupkr0mpou8fgxbt394")).containsExactly("ID-1");
    assertThat(found("c0806592")).as("registration number").containsExactly("ID-1");
    assertThat(found("CN2019303BQ3FZP")).containsExactly("ID-2");
    assertThat(found("cn-2019303-bq3fz-p")).containsExactly("ID-2");
    assertThat(found("150483782")).containsExactly("ID-2");
    assertThat(found("15-048-3782")).as("D-U-N-S dashes ignored").containsExactly("ID-2");
    assertThat(found("549300mludyvrqooxs22")).containsExactly("ID-3");
    assertThat(found("150483799")).containsExactly("ID-3");
    assertThat(found("999999999")).isEmpty();
    // With the other filters, as one list.
    assertThat(app.get("/v1/suppliers?identifier=150483782&country=US", viewer).json().get("items"))
        .isEmpty();
    JsonNode item = app.get("/v1/suppliers?identifier=150483782&country=CN", viewer).json();
    assertThat(item.get("items").get(0).get("identifiers").get("osId").asText())
        .isEqualTo("CN2019303BQ3FZP");
  }

  @Test
  void theRiskDocumentCarriesTheIdentifiers() {
    JsonNode ids = app.get("/v1/suppliers/ID-2/risk", viewer).json().get("identifiers");
    assertThat(ids.get("osId").asText()).isEqualTo("CN2019303BQ3FZP");
    assertThat(ids.get("dunsId").asText()).isEqualTo("150483782");
    assertThat(ids.get("leiId").isNull()).isTrue();
    assertThat(ids.get("registrationId").isNull()).isTrue();
    JsonNode one = app.get("/v1/suppliers/ID-1/risk", viewer).json().get("identifiers");
    assertThat(one.get("leiId").asText()).isEqualTo("HWUPKR0MPOU8FGXBT394");
    assertThat(one.get("registrationId").asText()).isEqualTo("C0806592");
    JsonNode none = app.get("/v1/suppliers/ID-4/risk", viewer).json().get("identifiers");
    assertThat(none.get("osId").isNull() && none.get("leiId").isNull()).isTrue();
  }

  @Test
  void aChangeOfIdentifierAloneIsStoredAndSearched() {
    String key = app.tenantWithKey("idents-change", "auditor");
    String viewerKey = app.key("idents-change", "viewer");
    assertThat(
            app.upload(
                    key,
                    "suppliers",
                    "supplier_id,name,country,lei_id\nC-1,Fund,GB,213800T8PC8Q4FYJZR07\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    // The same supplier, the same facts a rule reads: only its LEI changes (a merge upload).
    assertThat(
            app.upload(
                    key,
                    "suppliers",
                    "supplier_id,name,country,lei_id\nC-1,Fund,GB,529900T8BM49AURSDO55\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    JsonNode ids = app.get("/v1/suppliers/C-1/risk", viewerKey).json().get("identifiers");
    assertThat(ids.get("leiId").asText()).isEqualTo("529900T8BM49AURSDO55");
    assertThat(
            app.get("/v1/suppliers?identifier=529900T8BM49AURSDO55", viewerKey).json().get("items"))
        .hasSize(1);
    assertThat(
            app.get("/v1/suppliers?identifier=213800T8PC8Q4FYJZR07", viewerKey).json().get("items"))
        .isEmpty();
  }

  @Test
  void aBlankOrOversizedIdentifierIsAProblem() {
    for (String bad : List.of("%20%20", "", "A".repeat(101))) {
      TestApp.Response r = app.get("/v1/suppliers?identifier=" + bad, viewer);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body()).contains("identifier");
    }
  }

  @Test
  void aMalformedIdentifierRefusesTheFileNamingItsCell() {
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,LEI,duns_id,os_id\n"
                + "ID-9,Bad Ids,US,HWUPKR0MPOU8FGXBT395,15-048-378,CN2019303BQ3FZQ\n");
    assertThat(u.get("status").asText()).isEqualTo("failed");
    List<String> errors = new ArrayList<>();
    u.get("errors")
        .forEach(
            e ->
                errors.add(
                    e.get("line").asInt()
                        + " "
                        + e.get("column").asText()
                        + " "
                        + e.get("code").asText()));
    assertThat(errors)
        .containsExactlyInAnyOrder("2 LEI bad-lei", "2 duns_id bad-duns", "2 os_id bad-os-id");
    assertThat(found("HWUPKR0MPOU8FGXBT395")).isEmpty();
  }
}
