package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** serve --demo: the sample data loads through the upload jobs and scores as its README says. */
class DemoIT {
  static TestApp app;
  static String key;
  static final Map<String, JsonNode> bySupplier = new HashMap<>();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    key = Demo.load(app.app);
    JsonNode page = app.get("/v1/suppliers?limit=500", key).json();
    page.get("items").forEach(i -> bySupplier.put(i.get("supplierId").asText(), i));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everySampleSupplierIsScored() {
    assertThat(bySupplier).hasSizeGreaterThanOrEqualTo(30);
    assertThat(bySupplier.values())
        .allSatisfy(s -> assertThat(s.get("score").asInt()).isBetween(0, 100));
  }

  @Test
  void notableSuppliersLandInTheBandsAnAnalystExpects() {
    // Illegal gold mining in Madre de Dios and Puno, and the Samut Sakhon seafood chain.
    assertThat(band("S-PE-002")).isEqualTo("critical");
    assertThat(band("S-PE-003")).isEqualTo("critical");
    assertThat(band("S-TH-005")).isEqualTo("critical");
    // Clean European logistics and packaging stay low.
    assertThat(band("S-DE-002")).isEqualTo("low");
    assertThat(band("S-ES-001")).isEqualTo("low");
    // Buyers inherit decayed upstream risk but are not critical themselves.
    assertThat(band("S-DE-001")).isIn("medium", "high");
  }

  @Test
  void screeningMakesExactlyTheThreeListedPartiesHardStops() {
    // sample-data/README.md: two recruiters on the (illustrative) blacklist, one UFLPA entity.
    assertThat(
            bySupplier.values().stream()
                .filter(s -> s.get("hardStop").asBoolean())
                .map(s -> s.get("supplierId").asText()))
        .containsExactlyInAnyOrder("S-TH-001", "S-QA-001", "S-CN-002");
    assertHardStop(
        "S-TH-001",
        "recruiter-blacklisted",
        "https://w3id.org/libertas/ref/recruiter-golden-bridge-manpower",
        "Golden Bridge Manpower Company Limited");
    assertHardStop(
        "S-QA-001",
        "recruiter-blacklisted",
        "https://w3id.org/libertas/ref/recruiter-al-noor-overseas",
        "{\"feature\":\"identifier\",\"value\":\"NP-1134/2071\",\"score\":1.0}");
    assertHardStop(
        "S-CN-002",
        "listed-entity",
        "https://w3id.org/libertas/ref/uflpa-hoshine-silicon",
        "{\"feature\":\"tokens-equal-normalised\",\"value\":\"hoshine, industry, shanshan, silicon\"}");
  }

  private static void assertHardStop(String supplier, String rule, String entry, String reason) {
    assertThat(band(supplier)).as(supplier).isEqualTo("critical");
    JsonNode risk = app.get("/v1/suppliers/" + supplier + "/risk", key).json();
    assertThat(risk.get("hardStops")).as(supplier).hasSize(1);
    JsonNode factor = risk.get("hardStops").get(0);
    assertThat(factor.get("rule").asText()).isEqualTo(rule);
    JsonNode listed = null;
    JsonNode match = null;
    for (JsonNode e : factor.get("evidence")) {
      if (e.get("id").asText().equals(entry)) {
        listed = e;
      } else if (e.has("matchScore")) {
        match = e;
      }
    }
    assertThat(listed).as(supplier + " evidence names the list entry").isNotNull();
    assertThat(listed.get("name").asText()).isNotBlank();
    assertThat(match).as(supplier + " evidence names the screening match").isNotNull();
    assertThat(match.get("listEntry").asText()).isEqualTo(entry);
    assertThat(match.get("matchScore").asDouble()).isGreaterThanOrEqualTo(0.9);
    assertThat(match.get("matchStatus").asText()).endsWith("#Match");
    // The graph keeps each reason as its JSON object of codes and values.
    List<String> reasons = new ArrayList<>();
    match.get("matchReason").forEach(r -> reasons.add(r.asText()));
    assertThat(reasons)
        .as(supplier)
        .anySatisfy(r -> assertThat(r).startsWith("{").contains(reason));
  }

  @Test
  void theDemoIsIdempotent() {
    String again = Demo.load(app.app);
    assertThat(again).isNotEqualTo(key);
    assertThat(app.get("/v1/suppliers?limit=500", again).json().get("items").size())
        .isEqualTo(bySupplier.size());
  }

  private static String band(String id) {
    return bySupplier.get(id).get("band").asText();
  }
}
