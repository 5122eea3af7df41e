package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** POST /v1/assessments: a prospect screened and scored like a supplier, and nothing stored. */
class AssessmentIT {
  static TestApp app;
  static String compliance;
  static int suppliersBefore;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    String auditor = app.tenantWithKey("buyer", "auditor");
    compliance = app.key("buyer", "compliance");
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,sector,commodities\nV1,Andaman Star Fishing,TH,fishing,fish\nC1,Nordsee Logistik,DE,logistics,\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    suppliersBefore = app.get("/v1/suppliers", compliance).json().get("items").size();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<String> rules(JsonNode risk) {
    List<String> out = new ArrayList<>();
    risk.get("factors").forEach(f -> out.add(f.get("rule").asText()));
    return out;
  }

  @Test
  void aProspectUsingABlacklistedRecruiterIsAHardStopWithItsUpstreamExplained() {
    TestApp.Response r =
        app.postJson(
            "/v1/assessments?lang=fr",
            compliance,
            """
            {"name": "Samut Prawn Export Co., Ltd.", "country": "TH", "sector": "seafood-processing",
             "commodities": ["shrimp"], "migrantWorkerShare": 0.6,
             "recruiters": [{"name": "Al-Noor Overseas Employment Svcs", "country": "NP", "licenceNumber": "NP-1134/2071", "workerPaidFees": true}],
             "findings": [{"indicator": "Rétention des documents d'identité", "severity": "élevée", "status": "ouvert"}],
             "suppliers": ["V1"]}
            """);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode risk = r.json();
    assertThat(risk.get("supplierId").asText()).isEqualTo("prospect");
    assertThat(risk.get("stored").asBoolean()).isFalse();
    assertThat(risk.get("band").asText()).isEqualTo("critical");
    assertThat(risk.get("hardStops").size()).isPositive();
    assertThat(rules(risk))
        .contains(
            "recruiter-blacklisted",
            "recruiter-worker-paid-fees",
            "commodity-ilab",
            "finding-indicator",
            "upstream");
    double sum = 0;
    for (JsonNode f : risk.get("factors")) {
      sum += f.get("contribution").asDouble();
    }
    assertThat(sum)
        .isCloseTo(risk.get("score").asDouble(), org.assertj.core.data.Offset.offset(0.001));
    assertThat(risk.get("paths").get(0).get("steps").get(0).get("supplierId").asText())
        .isEqualTo("V1");
    assertThat(risk.get("lang").asText()).isEqualTo("fr");
  }

  @Test
  void aCleanProspectIsLowAndNothingIsStored() {
    TestApp.Response r =
        app.postJson(
            "/v1/assessments",
            compliance,
            "{\"name\": \"Hafen Verpackung GmbH\", \"country\": \"DE\", \"sector\": \"logistics\", \"suppliers\": [\"C1\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("band").asText()).isEqualTo("low");
    assertThat(r.json().get("hardStops").size()).isZero();
    JsonNode list = app.get("/v1/suppliers", compliance).json().get("items");
    assertThat(list.size()).isEqualTo(suppliersBefore);
    list.forEach(i -> assertThat(i.get("supplierId").asText()).isNotEqualTo("prospect"));
  }

  @Test
  void badDescriptionsNameTheField() {
    TestApp.Response missing = app.postJson("/v1/assessments", compliance, "{\"name\": \"X Ltd\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("country");

    TestApp.Response badCountry =
        app.postJson("/v1/assessments", compliance, "{\"name\": \"X Ltd\", \"country\": \"XX\"}");
    assertThat(badCountry.status()).isEqualTo(400);
    assertThat(badCountry.json().get("errors").get(0).get("column").asText()).isEqualTo("/country");

    TestApp.Response badIndicator =
        app.postJson(
            "/v1/assessments",
            compliance,
            "{\"name\": \"X Ltd\", \"country\": \"TH\", \"findings\": [{\"indicator\": \"bad vibes\"}]}");
    assertThat(badIndicator.status()).isEqualTo(400);
    assertThat(badIndicator.json().get("errors").get(0).get("column").asText())
        .isEqualTo("/findings/0/indicator");

    TestApp.Response extra =
        app.postJson(
            "/v1/assessments",
            compliance,
            "{\"name\": \"X Ltd\", \"country\": \"TH\", \"owner\": \"?\"}");
    assertThat(extra.status()).isEqualTo(400);
  }

  @Test
  void anUnknownSupplierIsNotFoundAndViewersMayNotAssess() {
    assertThat(
            app.postJson(
                    "/v1/assessments",
                    compliance,
                    "{\"name\": \"X Ltd\", \"country\": \"TH\", \"suppliers\": [\"NOPE\"]}")
                .status())
        .isEqualTo(404);
    String viewer = app.key("buyer", "viewer");
    assertThat(
            app.postJson("/v1/assessments", viewer, "{\"name\": \"X Ltd\", \"country\": \"TH\"}")
                .status())
        .isEqualTo(403);
  }
}
