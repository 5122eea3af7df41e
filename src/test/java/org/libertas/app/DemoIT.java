package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
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
