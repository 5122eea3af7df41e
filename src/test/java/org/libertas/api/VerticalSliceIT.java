package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** CSV upload → named graph → supplier list → explained risk, through the real HTTP API. */
class VerticalSliceIT {
  static TestApp app;
  static String auditor;
  static String compliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("acme", "auditor");
    compliance = app.key("acme", "compliance");
    JsonNode upload =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,region,sector,commodities\n"
                + "P1,Minera Sol,PE,PE-MDD,artisanal-mining,gold\n"
                + "D1,Rheinhafen GmbH,DE,,logistics,\n"
                + "T1,Gulf Prawn Co,TH,,seafood-processing,shrimp\n");
    assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("succeeded");
    assertThat(upload.get("rowsTotal").asInt()).isEqualTo(3);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void listsUploadedSuppliersWithScoresRiskiestFirst() {
    JsonNode page = app.get("/v1/suppliers", compliance).json();
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("supplierId").asText()));
    assertThat(ids).containsExactlyInAnyOrder("P1", "D1", "T1");
    JsonNode first = page.get("items").get(0);
    assertThat(first.get("supplierId").asText()).isEqualTo("P1");
    assertThat(page.get("items").get(2).get("supplierId").asText()).isEqualTo("D1");
    assertThat(first.get("band").asText()).isIn("high", "critical");
    assertThat(page.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void aSupplierCursorThisApiDidNotIssueIsABadRequest() {
    JsonNode page = app.get("/v1/suppliers?limit=1&sort=-score", compliance).json();
    String next = page.get("nextCursor").asText();
    assertThat(app.get("/v1/suppliers?limit=1&sort=-score&cursor=" + next, compliance).status())
        .isEqualTo(200);
    // Well-formed, but a name where the score list keeps a number; and not base64 at all.
    String nameKey =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("[\"Acme\",\"P1\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String cursor : List.of(nameKey, "not-a-cursor")) {
      TestApp.Response bad = app.get("/v1/suppliers?sort=-score&cursor=" + cursor, compliance);
      assertThat(bad.status()).as(cursor).isEqualTo(400);
      assertThat(bad.body()).contains("cursor");
    }
  }

  @Test
  void riskIsExplainedByFactorsThatAddUpToTheScore() {
    TestApp.Response r = app.get("/v1/suppliers/P1/risk", compliance);
    assertThat(r.status()).isEqualTo(200);
    JsonNode risk = r.json();
    int score = risk.get("score").asInt();
    double sum = 0;
    List<String> families = new ArrayList<>();
    for (JsonNode f : risk.get("factors")) {
      sum += f.get("contribution").asDouble();
      families.add(f.get("family").asText());
      assertThat(f.get("rule").asText()).isNotBlank();
      assertThat(f.get("evidence").size()).isPositive();
    }
    assertThat(sum).isCloseTo(score, org.assertj.core.data.Offset.offset(0.001));
    assertThat(families).contains("country", "commodity", "region");
    assertThat(risk.get("ontologyVersion").asInt()).isEqualTo(1);
    assertThat(risk.get("dataVersion").asLong()).isPositive();
    assertThat(risk.get("recommendation").asText()).isNotBlank();
  }

  @Test
  void countryFactorCitesItsReferenceFactWithSource() {
    JsonNode risk = app.get("/v1/suppliers/D1/risk", compliance).json();
    JsonNode country = null;
    for (JsonNode f : risk.get("factors")) {
      if (f.get("family").asText().equals("country")) {
        country = f;
      }
    }
    assertThat(country).as(risk.toString()).isNotNull();
    JsonNode evidence = country.get("evidence").get(0);
    assertThat(evidence.get("id").asText()).startsWith("https://w3id.org/libertas/ref/");
    assertThat(evidence.get("source").asText()).startsWith("http");
    assertThat(risk.get("score").asInt())
        .isEqualTo((int) Math.round(100 * country.get("strength").asDouble()));
  }

  @Test
  void labelsFollowTheRequestedLanguage() {
    String en =
        app.get("/v1/suppliers/P1/risk?lang=en", compliance).json().get("bandLabel").asText();
    String fr =
        app.get("/v1/suppliers/P1/risk?lang=fr", compliance).json().get("bandLabel").asText();
    String es = app.get("/v1/suppliers/P1/risk", compliance).json().get("bandLabel").asText();
    assertThat(fr).isNotEqualTo(en);
    assertThat(es).isEqualTo(en); // no Accept-Language: English
    TestApp.Response negotiated =
        app.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.base() + "/v1/suppliers/P1/risk"))
                .header("Accept-Language", "es-PE,es;q=0.9"),
            compliance);
    assertThat(negotiated.json().get("lang").asText()).isEqualTo("es");
  }

  @Test
  void historyKeepsTheVersionsBehindEachScore() {
    JsonNode h = app.get("/v1/suppliers/T1/risk/history", compliance).json();
    assertThat(h.get("items").size()).isGreaterThanOrEqualTo(1);
    JsonNode last = h.get("items").get(0);
    assertThat(last.get("ontologyVersion").asInt()).isEqualTo(1);
    assertThat(last.get("inputsHash").asText()).hasSize(64);
  }

  @Test
  void indicatorsComeInTheLanguageAskedFor() {
    JsonNode en = app.get("/v1/ontology/indicators?lang=en", compliance).json();
    JsonNode fr = app.get("/v1/ontology/indicators?lang=fr", compliance).json();
    assertThat(en.get("items").size()).isEqualTo(11);
    List<String> frLabels = new ArrayList<>();
    fr.get("items").forEach(i -> frLabels.add(i.get("label").asText()));
    assertThat(frLabels).contains("Servitude pour dettes");
  }

  @Test
  void uploadTemplateListsTheColumns() {
    TestApp.Response r = app.get("/v1/uploads/templates/findings", auditor);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.body()).startsWith("supplier_id,indicator,");
  }

  @Test
  void uploadHistoryListsEveryUploadNewestFirstPageByPage() {
    String dry =
        app.postCsv(
                "/v1/uploads?kind=suppliers&dryRun=true",
                auditor,
                "supplier_id,name,country\nP1,Minera Sol,PE\n")
            .header("Location");
    assertThat(app.awaitUpload(auditor, dry).get("status").asText()).isEqualTo("succeeded");
    String failed =
        app.postCsv(
                "/v1/uploads?kind=findings",
                auditor,
                "supplier_id,indicator,severity,status,observed_on\n"
                    + "NOPE,debt-bondage,high,open,2026-10-01\n")
            .header("Location");
    assertThat(app.awaitUpload(auditor, failed).get("status").asText()).isEqualTo("failed");

    JsonNode first = app.get("/v1/uploads?limit=2", compliance).json();
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("items").get(0).get("kind").asText()).isEqualTo("findings");
    assertThat(first.get("items").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(first.get("items").get(1).get("dryRun").asBoolean()).isTrue();
    assertThat(first.get("items").get(0).has("errors")).isFalse();
    String cursor = first.get("nextCursor").asText();
    JsonNode rest = app.get("/v1/uploads?limit=500&cursor=" + cursor, compliance).json();
    assertThat(rest.get("items")).isNotEmpty();
    assertThat(rest.get("nextCursor").isNull()).isTrue();
    assertThat(rest.get("items").get(rest.get("items").size() - 1).get("rowsTotal").asInt())
        .isEqualTo(3);
    JsonNode findings = app.get("/v1/uploads?kind=findings", compliance).json();
    assertThat(findings.get("items")).hasSize(1);
    TestApp.Response bad = app.get("/v1/uploads?cursor=not-a-cursor", compliance);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("cursor");
  }
}
