package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * The walk-through of docs/ontology.md §4, as an NGO analyst does it: add a blacklisted recruiter
 * through the API, publish, see whose band changed, roll back.
 */
class NgoBlacklistIT {
  static TestApp app;
  static String compliance;
  static String ngo;

  // The patch of docs/ontology.md §4, verbatim in substance.
  static final String PATCH =
      """
      PREFIX lbt: <https://w3id.org/libertas/ns#>
      PREFIX dct: <http://purl.org/dc/terms/>
      PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
      INSERT DATA {
        <https://w3id.org/libertas/ref/recruiter-example-manpower> a lbt:ListedRecruiter ;
          lbt:name "Example Manpower Pvt. Ltd." ; lbt:alias "Example Man Power Private Limited" ;
          lbt:licenceNumber "1234/075/76" ; lbt:country <https://w3id.org/libertas/country/NP> ;
          lbt:listingBody "Department of Foreign Employment, Nepal" ; dct:issued "2025-03-01"^^xsd:date ;
          dct:source <https://example.org/the-published-list> .
      }
      """;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    String auditor = app.tenantWithKey("garments", "auditor");
    compliance = app.key("garments", "compliance");
    ngo = app.key("garments", "ngo-editor");
    assertThat(
            app.upload(
                    auditor,
                    "suppliers",
                    "supplier_id,name,country,sector\nK1,Kathmandu Knits,DE,manufacturing\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    assertThat(
            app.upload(
                    auditor,
                    "recruiters",
                    "supplier_id,recruiter_name,recruiter_country,licence_number\nK1,Example Man Power Pvt Ltd,NP,1234/075/76\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonNode k1() {
    return app.get("/v1/suppliers/K1/risk", compliance).json();
  }

  @Test
  void addingABlacklistedRecruiterMakesItsEmployerAHardStopAndRollbackUndoesIt() throws Exception {
    JsonNode before = k1();
    assertThat(before.get("hardStops").size()).isZero();
    String bandBefore = before.get("band").asText();
    assertThat(bandBefore).isNotEqualTo("critical");

    TestApp.Response d =
        app.post(
            "/v1/ontology/drafts",
            ngo,
            "application/sparql-update",
            PATCH.getBytes(StandardCharsets.UTF_8));
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    TestApp.Response p =
        app.post(
            "/v1/ontology/drafts/" + d.json().get("id").asText() + "/publish",
            ngo,
            null,
            new byte[0]);
    assertThat(p.status()).as(p.body()).isEqualTo(202);
    int v = p.json().get("version").asInt();

    JsonNode impact = app.awaitImpact(ngo, v);
    assertThat(impact.get("rescoring").asText()).isEqualTo("complete");
    assertThat(impact.get("changes").toString())
        .contains("\"supplierId\":\"K1\"")
        .contains("\"bandAfter\":\"critical\"");
    JsonNode after = k1();
    assertThat(after.get("band").asText()).isEqualTo("critical");
    assertThat(after.get("hardStops").get(0).get("rule").asText())
        .isEqualTo("recruiter-blacklisted");
    assertThat(after.get("hardStops").get(0).get("evidence").toString())
        .contains("recruiter-example-manpower");

    TestApp.Response rb =
        app.post("/v1/ontology/versions/" + (v - 1) + "/rollback", ngo, null, new byte[0]);
    assertThat(rb.status()).as(rb.body()).isEqualTo(202);
    app.awaitImpact(ngo, rb.json().get("version").asInt());
    JsonNode back = k1();
    assertThat(back.get("band").asText()).isEqualTo(bandBefore);
    assertThat(back.get("score").asInt()).isEqualTo(before.get("score").asInt());
    assertThat(back.get("hardStops").size()).isZero();
  }
}
