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
 * Screening through the HTTP API: ad-hoc name checks, automatic screening of uploaded recruiters
 * and suppliers into hard stops, and reviews that confirm or dismiss possible matches.
 */
class ScreeningIT {
  static final String GOLDEN_BRIDGE =
      "https://w3id.org/libertas/ref/recruiter-golden-bridge-manpower";

  static TestApp app;
  static String auditor;
  static String compliance;
  static String viewer;
  static String otherCompliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("acme", "auditor");
    compliance = app.key("acme", "compliance");
    viewer = app.key("acme", "viewer");
    otherCompliance = app.tenantWithKey("other", "compliance");
    // M1 uses a spelling variant of a blacklisted recruiter (a match), P1 and P2 names that only
    // resemble it (possible matches), C1 is itself on the UFLPA list under another spelling.
    upload(
        auditor,
        "suppliers",
        "supplier_id,name,country\n"
            + "M1,Irrawaddy Garments,MM\n"
            + "P1,Mandalay Knit,MM\n"
            + "P2,Yangon Stitch Works,MM\n"
            + "C1,Hoshine Silicon Industry (Shanshan) Co Ltd,CN\n"
            + "N1,Nordic Timber Logistics,SE\n");
    upload(
        auditor,
        "recruiters",
        "supplier_id,recruiter_name,recruiter_country,licence_number\n"
            + "M1,Goldn Brige Manpower Co,MM,\n"
            + "P1,Golden Gate Manpower Co Ltd,MM,\n"
            + "P2,Bridge Golden Labour,MM,\n"
            + "N1,Stockholm Bemanning AB,SE,SE-1234\n");
    upload(
        app.key("other", "auditor"),
        "suppliers",
        "supplier_id,name,country\nX1,Hoshine Silicon Industry Co Ltd,CN\n");
  }

  static void upload(String key, String kind, String csv) {
    JsonNode u = app.upload(key, kind, csv);
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void aVariantOfAListedRecruiterIsAMatchWithReasons() {
    TestApp.Response r =
        app.get(
            "/v1/screening/recruiters?name="
                + q("Golden Bridge Manpower Company Ltd")
                + "&country=mm",
            viewer);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode m = r.json().get("matches").get(0);
    assertThat(m.get("entryId").asText()).isEqualTo(GOLDEN_BRIDGE);
    assertThat(m.get("name").asText()).isEqualTo("Golden Bridge Manpower Co., Ltd.");
    assertThat(m.get("status").asText()).isEqualTo("match");
    assertThat(m.get("score").asDouble()).isBetween(0.9, 1.0);
    JsonNode country = reason(m, "country-agrees");
    assertThat(country.get("value").asText()).isEqualTo("MM");
    assertThat(country.get("label").asText()).isEqualTo("Same country");
    assertThat(country.get("score").isNull()).isTrue();
    assertThat(reason(m, "name").get("value").asText())
        .isEqualTo("Golden Bridge Manpower Co., Ltd.");
    assertThat(reason(m, "name").get("score").asDouble()).isEqualTo(0.99);
    assertThat(m.get("source").asText()).isNotBlank();
  }

  @Test
  void reasonsAreLabelledInTheLanguageAskedFor() {
    String path = "/v1/screening/recruiters?name=" + q("Goldn Brige Manpower Co") + "&country=TH";
    JsonNode en = app.get(path, viewer).json().get("matches").get(0);
    JsonNode fr = app.get(path + "&lang=fr", viewer).json().get("matches").get(0);
    JsonNode es =
        app.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base() + path))
                    .header("Accept-Language", "de;q=1, es;q=0.9")
                    .GET(),
                viewer)
            .json()
            .get("matches")
            .get(0);
    assertThat(reason(en, "tokens-similar").get("label").asText()).isEqualTo("Similar words");
    assertThat(reason(fr, "tokens-similar").get("label").asText()).isEqualTo("Mots proches");
    assertThat(reason(es, "tokens-similar").get("label").asText()).isEqualTo("Palabras parecidas");
    // The value and score are the same in every language; only the label changes.
    assertThat(reason(fr, "tokens-similar").get("value"))
        .isEqualTo(reason(en, "tokens-similar").get("value"));
    JsonNode differs = reason(fr, "country-differs");
    assertThat(differs.get("value").asText()).isEqualTo("TH≠MM");
    assertThat(differs.get("score").asDouble()).isNegative();
    assertThat(differs.get("label").asText()).isEqualTo("Pays différent");
    assertThat(app.get(path + "&lang=de", viewer).status()).isEqualTo(400);
  }

  @Test
  void aMatchStoredWithSentencesBeforeReasonsHadCodesIsReadAsCodes() throws Exception {
    String key = app.tenantWithKey("legacy", "viewer");
    try (var c = org.libertas.testing.TestPostgres.connect(app.database);
        var st =
            c.prepareStatement(
                "insert into screening_matches (tenant_id, match_id, screened_iri, screened_kind,"
                    + " screened_name, entry_iri, entry_name, source, score, screened_status,"
                    + " status, reasons, screened_at) values ('legacy', 'm-old', 'urn:x:r',"
                    + " 'recruiter', 'Goldn Brige', ?, 'Golden Bridge Manpower Co., Ltd.', null,"
                    + " 0.93, 'match', 'match', ?::jsonb, now())")) {
      st.setString(1, GOLDEN_BRIDGE);
      st.setString(
          2,
          "[\"name \\\"Golden Bridge Manpower Co., Ltd.\\\" matched\","
              + " \"tokens {brige~bridge} similar\", \"country differs: TH vs MM (-0.05)\"]");
      st.executeUpdate();
    }
    JsonNode m = app.get("/v1/screening/matches?lang=fr", key).json().get("items").get(0);
    assertThat(reason(m, "name").get("value").asText())
        .isEqualTo("Golden Bridge Manpower Co., Ltd.");
    assertThat(reason(m, "tokens-similar").get("label").asText()).isEqualTo("Mots proches");
    assertThat(reason(m, "tokens-similar").get("value").asText()).isEqualTo("brige~bridge");
    assertThat(reason(m, "country-differs").get("score").asDouble()).isEqualTo(-0.05);
  }

  /** The reason of this feature in a rendered match, failing when there is none. */
  static JsonNode reason(JsonNode match, String feature) {
    for (JsonNode r : match.get("reasons")) {
      assertThat(r.fieldNames()).toIterable().contains("feature", "label", "value", "score");
      if (r.get("feature").asText().equals(feature)) {
        return r;
      }
    }
    throw new AssertionError("no " + feature + " reason in " + match.get("reasons"));
  }

  @Test
  void aLicenceNumberMatchesExactly() {
    JsonNode m =
        app.get(
                "/v1/screening/recruiters?name="
                    + q("Some Other Name")
                    + "&identifier="
                    + q("np 1134 2071"),
                compliance)
            .json()
            .get("matches")
            .get(0);
    assertThat(m.get("status").asText()).isEqualTo("match");
    JsonNode id = m.get("reasons").get(0);
    assertThat(id.get("feature").asText()).isEqualTo("identifier");
    assertThat(id.get("value").asText()).isEqualTo("NP-1134/2071");
    assertThat(id.get("score").asDouble()).isEqualTo(1.0);
    assertThat(id.get("label").asText()).isEqualTo("Identifier matches");
  }

  @Test
  void entitiesAreScreenedAgainstTheEntityList() {
    JsonNode matches =
        app.get(
                "/v1/screening/entities?name=" + q("Hoshine Silicon Industry (Shanshan) Co Ltd"),
                viewer)
            .json()
            .get("matches");
    assertThat(matches.get(0).get("entryId").asText())
        .isEqualTo("https://w3id.org/libertas/ref/uflpa-hoshine-silicon");
    assertThat(matches.get(0).get("source").asText())
        .isEqualTo("https://www.dhs.gov/uflpa-entity-list");
  }

  @Test
  void anUnrelatedNameMatchesNothing() {
    TestApp.Response r =
        app.get("/v1/screening/recruiters?name=" + q("Nordic Timber Logistics"), viewer);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("matches")).isEmpty();
    assertThat(
            app.get("/v1/screening/entities?name=" + q("Nordic Timber Logistics"), viewer)
                .json()
                .get("matches"))
        .isEmpty();
  }

  @Test
  void badInputsAreProblems() {
    for (String path :
        List.of(
            "/v1/screening/recruiters",
            "/v1/screening/recruiters?name=",
            "/v1/screening/entities?name=%20%20",
            "/v1/screening/entities?name=" + "a".repeat(501))) {
      TestApp.Response r = app.get(path, viewer);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("errors").get(0).get("column").asText()).as(path).isEqualTo("name");
    }
    for (String country : List.of("MMR", "M", "1A")) {
      TestApp.Response r =
          app.get("/v1/screening/recruiters?name=Golden&country=" + country, viewer);
      assertThat(r.status()).as(country).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("country");
    }
    assertThat(app.get("/v1/screening/recruiters?name=" + "a".repeat(500), viewer).status())
        .isEqualTo(200);
    assertThat(app.get("/v1/screening/matches?status=maybe", viewer).status()).isEqualTo(400);
  }

  @Test
  void aRecruiterMatchingTheBlacklistMakesItsEmployerAHardStop() {
    JsonNode risk = app.get("/v1/suppliers/M1/risk", compliance).json();
    assertThat(risk.get("band").asText()).isEqualTo("critical");
    assertThat(risk.get("hardStops")).hasSize(1);
    JsonNode factor = risk.get("hardStops").get(0);
    assertThat(factor.get("rule").asText()).isEqualTo("recruiter-blacklisted");
    JsonNode entry = evidence(factor, "listEntry", false);
    assertThat(entry.get("id").asText()).isEqualTo(GOLDEN_BRIDGE);
    assertThat(entry.get("name").asText()).isEqualTo("Golden Bridge Manpower Co., Ltd.");
    JsonNode match = evidence(factor, "matchScore", true);
    assertThat(match.get("listEntry").asText()).isEqualTo(GOLDEN_BRIDGE);
    assertThat(match.get("matchStatus").asText()).endsWith("#Match");
    assertThat(match.get("matchScore").asDouble()).isGreaterThanOrEqualTo(0.9);
    // The graph keeps codes and values, no sentences: the JSON text of each reason.
    assertThat(match.get("matchReason").toString())
        .contains("\\\"feature\\\":\\\"tokens-similar\\\"", "brige~bridge")
        .doesNotContain(" similar");
  }

  @Test
  void aListedSupplierIsAHardStopAndAnotherTenantsListingIsNotSeen() {
    JsonNode risk = app.get("/v1/suppliers/C1/risk", compliance).json();
    assertThat(risk.get("hardStops").get(0).get("rule").asText()).isEqualTo("listed-entity");
    assertThat(app.get("/v1/suppliers/N1/risk", compliance).json().get("hardStops")).isEmpty();
    JsonNode mine = app.get("/v1/screening/matches", compliance).json().get("items");
    List<String> names = new ArrayList<>();
    mine.forEach(m -> names.add(m.get("screened").get("name").asText()));
    assertThat(names)
        .doesNotContain("Hoshine Silicon Industry Co Ltd")
        .contains("Goldn Brige Manpower Co");
  }

  @Test
  void possibleMatchesAreListedAndAReviewDecidesWhetherTheyCount() {
    JsonNode possible =
        app.get("/v1/screening/matches?status=possible", viewer).json().get("items");
    JsonNode p1 = byScreened(possible, "Golden Gate Manpower Co Ltd");
    JsonNode p2 = byScreened(possible, "Bridge Golden Labour");
    assertThat(p1.get("screened").get("kind").asText()).isEqualTo("recruiter");
    assertThat(p1.get("entry").get("entryId").asText()).isEqualTo(GOLDEN_BRIDGE);
    assertThat(reason(p1, "name").get("value").asText())
        .isEqualTo("Golden Bridge Manpower Co., Ltd.");
    assertThat(
            reason(
                    app.get("/v1/screening/matches?status=possible&lang=es", viewer)
                        .json()
                        .get("items")
                        .get(0),
                    "token-set")
                .get("label")
                .asText())
        .isEqualTo("Similitud de conjuntos de palabras");
    assertThat(p1.get("review").isNull()).isTrue();
    assertThat(app.get("/v1/suppliers/P1/risk", compliance).json().get("hardStops")).isEmpty();

    // Viewers may not decide; a body outside the schema is refused.
    String path1 = "/v1/screening/matches/" + p1.get("matchId").asText() + "/review";
    assertThat(app.postJson(path1, viewer, "{\"decision\":\"confirm\"}").status()).isEqualTo(403);
    assertThat(app.postJson(path1, compliance, "{\"decision\":\"maybe\"}").status()).isEqualTo(400);

    TestApp.Response dismissed =
        app.postJson(
            path1,
            compliance,
            "{\"decision\":\"dismiss\",\"note\":\"different agency, checked licence\"}");
    assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
    assertThat(dismissed.json().get("status").asText()).isEqualTo("dismissed");
    assertThat(dismissed.json().get("matchId").asText()).isEqualTo(p1.get("matchId").asText());
    assertThat(dismissed.json().get("review").get("note").asText()).contains("checked licence");
    assertThat(factorRules("P1")).doesNotContain("recruiter-blacklisted");

    String path2 = "/v1/screening/matches/" + p2.get("matchId").asText() + "/review";
    TestApp.Response confirmed = app.postJson(path2, compliance, "{\"decision\":\"confirm\"}");
    assertThat(confirmed.json().get("status").asText()).isEqualTo("confirmed");
    JsonNode risk = app.get("/v1/suppliers/P2/risk", compliance).json();
    assertThat(risk.get("band").asText()).isEqualTo("critical");
    assertThat(risk.get("hardStops").get(0).get("rule").asText())
        .isEqualTo("recruiter-blacklisted");
    assertThat(
            evidence(risk.get("hardStops").get(0), "matchScore", true).get("matchStatus").asText())
        .endsWith("#ConfirmedMatch");

    // A later review supersedes; the match id survives rescoring.
    assertThat(
            app.postJson(path1, compliance, "{\"decision\":\"confirm\"}")
                .json()
                .get("status")
                .asText())
        .isEqualTo("confirmed");
    assertThat(factorRules("P1")).contains("recruiter-blacklisted");
    JsonNode again = app.postJson(path1, compliance, "{\"decision\":\"dismiss\"}").json();
    assertThat(again.get("status").asText()).isEqualTo("dismissed");
    assertThat(factorRules("P1")).doesNotContain("recruiter-blacklisted");
    assertThat(
            app.get("/v1/screening/matches?status=dismissed", viewer)
                .json()
                .get("items")
                .toString())
        .contains(p1.get("matchId").asText());
  }

  @Test
  void anotherTenantsMatchIsNotFound() {
    JsonNode mine = app.get("/v1/screening/matches", compliance).json().get("items");
    String id = mine.get(0).get("matchId").asText();
    TestApp.Response r =
        app.postJson(
            "/v1/screening/matches/" + id + "/review",
            otherCompliance,
            "{\"decision\":\"dismiss\"}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(
            app.postJson(
                    "/v1/screening/matches/nope/review", compliance, "{\"decision\":\"dismiss\"}")
                .status())
        .isEqualTo(404);
  }

  private static JsonNode byScreened(JsonNode items, String name) {
    for (JsonNode m : items) {
      if (m.get("screened").get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no match for " + name + " in " + items);
  }

  private static List<String> factorRules(String supplier) {
    List<String> rules = new ArrayList<>();
    app.get("/v1/suppliers/" + supplier + "/risk", compliance)
        .json()
        .get("factors")
        .forEach(f -> rules.add(f.get("rule").asText()));
    return rules;
  }

  /** The evidence item that has (or, for the list entry, is named by) the given key. */
  private static JsonNode evidence(JsonNode factor, String key, boolean has) {
    for (JsonNode e : factor.get("evidence")) {
      if (has && e.has(key)) {
        return e;
      }
      if (!has && e.has("name") && !e.has("matchScore") && !e.has("employer")) {
        return e;
      }
    }
    throw new AssertionError("no evidence with " + key + " in " + factor);
  }
}
