package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * After an upload, rules run only for the suppliers it touched, and the result equals a full run.
 */
class IncrementalRescoringIT {
  static TestApp app;
  static String auditor;
  static String viewer;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("inc", "auditor");
    viewer = app.key("inc", "viewer");
    assertThat(
            app.upload(
                    auditor,
                    "suppliers",
                    "supplier_id,name,country,sector\nA,Alpha Logistik,DE,logistics\nB,Bangkok Trawlers,TH,fishing\nC,Cologne Foods,DE,retail\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    assertThat(
            app.upload(auditor, "relationships", "buyer_id,supplier_id\nC,B\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Map<String, String> scoresAndHashes() {
    Map<String, String> out = new HashMap<>();
    for (String id : new String[] {"A", "B", "C"}) {
      JsonNode r = app.get("/v1/suppliers/" + id + "/risk", viewer).json();
      out.put(id, r.get("score").asInt() + " " + r.get("inputsHash").asText());
    }
    return out;
  }

  @Test
  void anUploadReevaluatesOnlyTheSuppliersItTouchedAndMatchesAFullRescoring() {
    Map<String, String> before = scoresAndHashes();
    JsonNode u =
        app.upload(
            auditor,
            "findings",
            "supplier_id,indicator,severity,status\nB,debt-bondage,high,open\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");

    Rescoring.LastRun last = app.app.rescoring().lastRun("inc");
    assertThat(last.incremental()).isTrue();
    assertThat(last.evaluated()).isEqualTo(1);
    assertThat(last.suppliers()).isEqualTo(3);

    Map<String, String> incremental = scoresAndHashes();
    assertThat(incremental.get("A")).isEqualTo(before.get("A"));
    assertThat(incremental.get("B")).isNotEqualTo(before.get("B"));
    assertThat(incremental.get("C")).as("the buyer downstream of B").isNotEqualTo(before.get("C"));

    Libertas.await(app.app.rescoring().rescore("inc"));
    assertThat(app.app.rescoring().lastRun("inc").incremental()).isFalse();
    assertThat(scoresAndHashes()).isEqualTo(incremental);
  }
}
