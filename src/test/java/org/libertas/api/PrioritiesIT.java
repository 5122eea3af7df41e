package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Context and evidence, recommendations from the decision table, tenant regimes and the work queue
 * (DESIGN §4, 2026-12) on the sample data, through the real HTTP API: do-not-source only under a
 * legal bar, remediation only with open evidence, context-only risk told to audit, the queue
 * ordered and paged, the filters, a regime change that changes the recommendation and not the
 * score, and a stored score still reproduced exactly.
 */
class PrioritiesIT {
  static TestApp app;
  static String admin;
  static String compliance;
  static final String TENANT = "priorities";

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start();
    String auditor = app.tenantWithKey(TENANT, "auditor");
    admin = app.key(TENANT, "admin");
    compliance = app.key(TENANT, "compliance");
    for (String kind : List.of("suppliers", "relationships", "recruiters", "findings")) {
      String csv = Files.readString(Path.of("sample-data", kind + ".csv"), StandardCharsets.UTF_8);
      assertThat(app.upload(auditor, kind, csv).path("status").asText()).isEqualTo("succeeded");
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static Map<String, JsonNode> risks() {
    Map<String, JsonNode> out = new HashMap<>();
    JsonNode page = app.get("/v1/suppliers?limit=500", compliance).json();
    for (JsonNode item : page.get("items")) {
      String id = item.get("supplierId").asText();
      TestApp.Response r = app.get("/v1/suppliers/" + id + "/risk", compliance);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      out.put(id, r.json());
    }
    return out;
  }

  @Test
  void recommendationsFollowTheKindOfRiskNotTheBand() {
    Map<String, JsonNode> risks = risks();
    assertThat(risks).hasSizeGreaterThan(30);
    int contextOnlyAudit = 0;
    for (JsonNode r : risks.values()) {
      String where = r.toString();
      JsonNode step = r.get("nextStep");
      String rec = r.get("recommendation").asText();
      assertThat(step.get("recommendation").asText()).as(where).isEqualTo(rec);
      assertThat(step.get("reason").asText()).as(where).isNotBlank();
      assertThat(r.get("context").get("score").asInt()).as(where).isBetween(0, 100);
      assertThat(r.get("evidence").get("score").asInt()).as(where).isBetween(0, 100);
      for (String dim : List.of("context", "evidence")) {
        double sum = 0;
        for (JsonNode f : r.get(dim).get("factors")) {
          sum += f.get("contribution").asDouble();
        }
        assertThat(sum)
            .as(dim + " of " + where)
            .isCloseTo(r.get(dim).get("score").asInt(), org.assertj.core.data.Offset.offset(0.001));
      }
      boolean barred = !step.get("barredBy").isEmpty();
      String open = step.get("axes").get("openEvidence").asText();
      assertThat(rec.equals("do-not-source")).as(where).isEqualTo(barred);
      if (rec.equals("suspend-and-remediate") || rec.equals("remediate")) {
        assertThat(open).as(where).isNotEqualTo("none");
      }
      if (open.equals("none")
          && !barred
          && r.get("coverage").get("lastAuditOn").isNull()
          && List.of("high", "critical").contains(r.get("context").get("band").asText())) {
        assertThat(rec).as(where).isEqualTo("audit");
        contextOnlyAudit++;
      }
    }
    assertThat(contextOnlyAudit).as("suppliers with only context risk told to audit").isPositive();

    // Hoshine Silicon: on the UFLPA Entity List and in Xinjiang
    JsonNode hoshine = risks.get("S-CN-002");
    assertThat(hoshine.get("recommendation").asText()).isEqualTo("do-not-source");
    assertThat(hoshine.at("/nextStep/barredBy/0/code").asText()).isEqualTo("uflpa");
    assertThat(hoshine.at("/nextStep/barredBy/0/label").asText()).contains("Uyghur");
    // Siam Tidewater uses the blacklisted Golden Bridge Manpower (illustrative entry)
    JsonNode siam = risks.get("S-TH-001");
    assertThat(siam.get("recommendation").asText()).isEqualTo("do-not-source");
    assertThat(siam.at("/nextStep/barredBy/0/code").asText()).isEqualTo("recruiter-blacklists");
    // Kinta Precision Electronics: its workers paid recruitment fees (open evidence, high)
    assertThat(risks.get("S-MY-001").get("recommendation").asText())
        .isEqualTo("suspend-and-remediate");
    // an audited supplier says when, one without suppliers of its own names the tier unknown
    assertThat(siam.at("/coverage/lastAuditOn").asText()).isEqualTo("2026-03-12");
    assertThat(risks.get("S-DE-002").at("/coverage/unknownTiers").size()).isPositive();

    // labels in the language asked for
    JsonNode fr = app.get("/v1/suppliers/S-CN-002/risk?lang=fr", compliance).json();
    assertThat(fr.at("/nextStep/label").asText()).isEqualTo("Ne pas s'approvisionner");
    assertThat(fr.at("/nextStep/reason").asText()).startsWith("Le fournisseur est exclu");
  }

  @Test
  void theWorkQueueIsOrderedPagedAndSaysTheNextStep() {
    List<JsonNode> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      TestApp.Response r =
          app.get(
              "/v1/priorities?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), compliance);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      for (JsonNode item : r.json().get("items")) {
        assertThat(seen.add(item.get("supplierId").asText())).as("no supplier twice").isTrue();
        all.add(item);
      }
      cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asText();
    } while (cursor != null);
    assertThat(all).hasSizeGreaterThan(30);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).get("priority").asDouble())
          .isLessThanOrEqualTo(all.get(i - 1).get("priority").asDouble());
    }
    for (JsonNode item : all) {
      assertThat(item.get("priority").asDouble()).isBetween(0.0, 1.0);
      assertThat(item.at("/nextStep/recommendation").asText()).isNotBlank();
      if (item.at("/context/score").asInt() == 0) {
        assertThat(item.get("priority").asDouble()).as(item.toString()).isZero();
      }
    }
    // the top of the queue is context risk nobody has looked at yet
    JsonNode top = all.get(0);
    assertThat(top.at("/coverage/recentAudit").asBoolean()).as(top.toString()).isFalse();
    assertThat(top.at("/context/score").asInt()).as(top.toString()).isGreaterThanOrEqualTo(50);

    TestApp.Response bad = app.get("/v1/priorities?cursor=WyJ4IiwieSJd", compliance);
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
    assertThat(app.get("/v1/priorities", app.key(TENANT, "auditor")).status()).isEqualTo(403);
  }

  @Test
  void theSupplierListFiltersByRecommendationAndDimensions() {
    for (String[] f :
        new String[][] {
          {"recommendation", "audit", "/recommendation"},
          {"contextBand", "high", "/context/band"},
          {"evidenceBand", "critical", "/evidence/band"}
        }) {
      JsonNode page = app.get("/v1/suppliers?limit=500&" + f[0] + "=" + f[1], compliance).json();
      assertThat(page.get("items")).as(f[0]).isNotEmpty();
      for (JsonNode item : page.get("items")) {
        assertThat(item.at(f[2]).asText()).as(item.toString()).isEqualTo(f[1]);
      }
    }
    TestApp.Response bad = app.get("/v1/suppliers?recommendation=drop", compliance);
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void aRegimeChangesTheRecommendationNotTheScoreAndUnknownRegimesAreRefused() {
    JsonNode before = app.get("/v1/tenant/regimes", compliance).json();
    assertThat(before.get("chosen").asBoolean()).isFalse();
    assertThat(before.get("regimes").toString()).contains("uflpa").contains("recruiter-blacklists");

    TestApp.Response unknown =
        app.putJson("/v1/tenant/regimes", admin, "{\"regimes\":[\"uflpa\",\"lista-limpa\"]}");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.json().at("/errors/0/column").asText()).isEqualTo("/regimes/1");
    assertThat(unknown.json().at("/errors/0/code").asText()).isEqualTo("unknown-regime");
    assertThat(app.get("/v1/tenant/regimes", compliance).json().get("chosen").asBoolean())
        .isFalse();
    assertThat(app.putJson("/v1/tenant/regimes", compliance, "{\"regimes\":[]}").status())
        .isEqualTo(403);

    JsonNode was = app.get("/v1/suppliers/S-CN-002/risk", compliance).json();
    TestApp.Response put =
        app.putJson("/v1/tenant/regimes", admin, "{\"regimes\":[\"recruiter-blacklists\"]}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().get("regimes").toString()).isEqualTo("[\"recruiter-blacklists\"]");
    JsonNode now = app.get("/v1/suppliers/S-CN-002/risk", compliance).json();
    assertThat(now.get("score").asInt()).isEqualTo(was.get("score").asInt());
    assertThat(now.get("inputsHash").asText()).isEqualTo(was.get("inputsHash").asText());
    assertThat(now.get("nextStep").get("barredBy")).isEmpty();
    assertThat(now.get("recommendation").asText()).isEqualTo("suspend-and-remediate");

    // the change is a snapshot of its own, and it reproduces exactly
    JsonNode history = app.get("/v1/suppliers/S-CN-002/risk/history", compliance).json();
    assertThat(history.get("items").get(0).get("recommendation").asText())
        .isEqualTo("suspend-and-remediate");
    long snapshot = history.get("items").get(0).get("id").asLong();
    JsonNode again =
        app.get("/v1/suppliers/S-CN-002/risk/history/" + snapshot + "/recompute", compliance)
            .json();
    assertThat(again.get("identical").asBoolean()).as(again.toString()).isTrue();

    assertThat(
            app.putJson(
                    "/v1/tenant/regimes",
                    admin,
                    "{\"regimes\":[\"recruiter-blacklists\",\"uflpa\"]}")
                .status())
        .isEqualTo(200);
    assertThat(
            app.get("/v1/suppliers/S-CN-002/risk", compliance)
                .json()
                .get("recommendation")
                .asText())
        .isEqualTo("do-not-source");
  }
}
