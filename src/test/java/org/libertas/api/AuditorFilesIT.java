package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Files as auditors really send them (DESIGN §7), through the real HTTP API: follow-up audits that
 * update a finding instead of adding one, headers in their own words, and descriptive values the
 * ontology does not know yet, which load with a warning and show as unassessed.
 */
class AuditorFilesIT {
  static TestApp app;
  static String auditor;
  static String compliance;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("audits", "auditor");
    compliance = app.key("audits", "compliance");
    JsonNode upload =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country\n"
                + "F1,Sabah Palm Mill,MY\n"
                + "F2,Kota Kinabalu Palm Mill,MY\n");
    assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static int score(String supplier) {
    return app.get("/v1/suppliers/" + supplier + "/risk", compliance).json().get("score").asInt();
  }

  private static int findingsIn(String supplier) {
    JsonNode risk = app.get("/v1/suppliers/" + supplier + "/risk", compliance).json();
    int n = 0;
    for (JsonNode f : risk.get("factors")) {
      if (f.get("family").asText().equals("finding")) {
        n += f.get("evidence").size();
      }
    }
    return n;
  }

  private static void load(String kind, String csv) {
    JsonNode u = app.upload(auditor, kind, csv);
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
  }

  @Test
  void aFollowUpAuditMarkingAFindingRemediatedLowersTheScoreWithoutAFindingId() {
    int before = score("F1");
    load(
        "findings",
        "supplier_id,indicator,observed_on,severity,status,auditor,evidence\n"
            + "F1,withholding-of-wages,2026-10-01,high,open,Audit One,Two months of wages unpaid.\n");
    int open = score("F1");
    assertThat(open).isGreaterThan(before);
    assertThat(findingsIn("F1")).isEqualTo(1);
    // The follow-up: other auditor, other evidence, same supplier, indicator and date.
    load(
        "findings",
        "supplier_id,indicator,observed_on,severity,status,auditor,evidence\n"
            + "F1,Retención de salarios,2026-10-01,high,remediated,Audit Two,Back pay verified.\n");
    int remediated = score("F1");
    assertThat(remediated).as("a remediation lowers the score").isLessThan(open);
    assertThat(findingsIn("F1")).as("the follow-up updates the finding").isEqualTo(1);
    JsonNode history = app.get("/v1/suppliers/F1/risk/history", compliance).json();
    List<Integer> scores = new ArrayList<>();
    history.get("items").forEach(i -> scores.add(i.get("score").asInt()));
    assertThat(scores).as("newest first").startsWith(remediated, open);
  }

  @Test
  void aFollowUpAuditUpdatesTheFindingItNamesByFindingId() {
    load(
        "findings",
        "finding_id,supplier_id,indicator,observed_on,severity,status,evidence\n"
            + "AUD-7,F2,debt-bondage,2026-09-01,high,open,Recruitment debt of 4 months' wages.\n");
    int open = score("F2");
    assertThat(findingsIn("F2")).isEqualTo(1);
    // The follow-up gives another observation date; the id says it is the same finding.
    load(
        "findings",
        "Finding ID,supplier_id,indicator,observed_on,status\n"
            + "AUD-7,F2,debt-bondage,2026-11-15,remediated\n");
    assertThat(score("F2")).isLessThan(open);
    assertThat(findingsIn("F2")).as("the follow-up updates the finding").isEqualTo(1);
    // Remediated: it still counts in the score, but it is no longer open evidence, and the
    // follow-up is the last audit.
    JsonNode risk = app.get("/v1/suppliers/F2/risk", compliance).json();
    assertThat(risk.at("/nextStep/axes/openEvidence").asText())
        .as(risk.toString())
        .isEqualTo("none");
    assertThat(risk.at("/coverage/lastAuditOn").asText()).isEqualTo("2026-11-15");
  }

  @Test
  void twoRowsOfOneFileNamingOneFindingAreRefused() {
    TestApp.Response r =
        app.postCsv(
            "/v1/uploads?kind=findings",
            auditor,
            "supplier_id,indicator,observed_on,evidence\n"
                + "F1,isolation,2026-01-01,one\n"
                + "F1,isolation,2026-01-01,two\n");
    JsonNode u = app.awaitUpload(auditor, r.header("Location"));
    assertThat(u.get("status").asText()).isEqualTo("failed");
    assertThat(u.toString()).contains("duplicate-finding").contains("\"line\":3");
  }

  @Test
  void headersInTheAuditorsOwnWordsLoad() {
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "Supplier ID;Raison sociale;Pays;Secteur;Effectif;Internal rating\n"
                + "H1;Minera Andina;PE;mining;120;B\n");
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
    assertThat(u.toString()).contains("unknown-column").contains("Internal rating");
    JsonNode risk = app.get("/v1/suppliers/H1/risk", compliance).json();
    assertThat(risk.get("name").asText()).isEqualTo("Minera Andina");
    List<String> families = new ArrayList<>();
    risk.get("factors").forEach(f -> families.add(f.get("family").asText()));
    assertThat(families).contains("country", "sector");
  }

  @Test
  void aHeaderTwoCellsShareIsRefusedNamingBoth() {
    TestApp.Response r =
        app.postCsv(
            "/v1/uploads?kind=suppliers", auditor, "supplier_id,Name,Nom,country\nX1,A,B,PE\n");
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("duplicate-column").contains("Name").contains("Nom");
  }

  @Test
  void anUnknownSectorLoadsWithAWarningAndShowsAsUnassessed() {
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,sector,commodities\n"
                + "U1,Lima Code Works,PE,software,gold;quinoa flakes\n");
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
    assertThat(u.toString()).contains("unknown-sector").contains("unknown-commodity");
    JsonNode risk = app.get("/v1/suppliers/U1/risk?lang=fr", compliance).json();
    List<String> gaps = new ArrayList<>();
    risk.get("unassessed")
        .forEach(
            x -> {
              gaps.add(x.get("field").asText() + "=" + x.get("value").asText());
              assertThat(x.get("label").asText()).contains("ontologie");
            });
    assertThat(gaps).containsExactlyInAnyOrder("sector=software", "commodities=quinoa-flakes");
    List<String> families = new ArrayList<>();
    risk.get("factors").forEach(f -> families.add(f.get("family").asText()));
    assertThat(families).as("gold is still assessed").contains("commodity");
    String dossier =
        app.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(app.base() + "/v1/suppliers/U1/dossier?lang=en"))
                    .header("Accept", "text/html"),
                compliance)
            .body();
    assertThat(dossier).contains("Not assessed").contains("sector: software");
  }

  @Test
  void anErpExportWithIsicAndHsCodesMapsEveryCodeToItsSectorAndCommodity() {
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "Supplier ID,Name,Country,ISIC,HS codes\n"
                + "E1,Oro del Sur SAC,PE,0729,7108.12\n"
                + "E2,Hoshine Silicon,CN,C20.11,280461\n"
                + "E3,Lima Code Works,PE,6201,8471.30\n");
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
    assertThat(u.toString()).doesNotContain("unknown-sector").doesNotContain("unknown-commodity");
    JsonNode e1 = app.get("/v1/suppliers/E1/risk", compliance).json();
    List<String> evidence = new ArrayList<>();
    e1.get("factors").forEach(f -> f.get("evidence").forEach(x -> evidence.add(x.toString())));
    assertThat(evidence.toString()).contains("gold").contains("mining");
    JsonNode e2 = app.get("/v1/suppliers/E2/risk", compliance).json();
    List<String> families = new ArrayList<>();
    e2.get("factors").forEach(f -> families.add(f.get("family").asText()));
    assertThat(families).as(e2.toString()).contains("commodity");
    // A code the crosswalk does not map (software) is known, so assessed: no sector risk, no gap.
    JsonNode e3 = app.get("/v1/suppliers/E3/risk", compliance).json();
    assertThat(e3.get("unassessed").size()).as(e3.toString()).isZero();
    assertThat(e3.get("score").asInt()).isLessThan(e1.get("score").asInt());
  }

  @Test
  void aSavedColumnMappingReadsAnErpExportAndIsCheckedWhenSaved() {
    String erp = "Kreditor;Name 1;Land;Branche\nK-100;Minera Puno;PE;B07.29\n";
    TestApp.Response refused = app.postCsv("/v1/uploads?kind=suppliers", auditor, erp);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("missing-column");

    String mapping = "{\"Kreditor\": \"supplier_id\", \"Name 1\": \"name\", \"LAND\": \"country\"}";
    TestApp.Response put = put("/v1/uploads/mappings/sap-vendors", mapping);
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    assertThat(put("/v1/uploads/mappings/sap-vendors", mapping).status()).isEqualTo(200);
    assertThat(app.get("/v1/uploads/mappings/sap-vendors", auditor).json().get("mapping").size())
        .isEqualTo(3);
    assertThat(app.get("/v1/uploads/mappings", auditor).body()).contains("sap-vendors");

    TestApp.Response r =
        app.postCsv("/v1/uploads?kind=suppliers&mapping=sap-vendors", auditor, erp);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode u = app.awaitUpload(auditor, r.header("Location"));
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
    // "Branche" is no alias: ignored with a warning, not an error.
    assertThat(u.toString()).contains("unknown-column").contains("Branche");
    JsonNode risk = app.get("/v1/suppliers/K-100/risk", compliance).json();
    assertThat(risk.get("name").asText()).isEqualTo("Minera Puno");

    // The same file with the mapping in the multipart part, mapping Branche too.
    TestApp.Response m =
        app.postMultipart(
            "/v1/uploads?kind=suppliers",
            auditor,
            "erp.csv",
            erp.replace("K-100", "K-101").getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.util.Map.of(
                "mapping",
                "{\"Kreditor\": \"supplier_id\", \"Name 1\": \"name\", \"Land\": \"country\","
                    + " \"Branche\": \"sector\"}"));
    assertThat(m.status()).as(m.body()).isEqualTo(202);
    JsonNode mu = app.awaitUpload(auditor, m.header("Location"));
    assertThat(mu.get("status").asText()).as(mu.toString()).isEqualTo("succeeded");
    List<String> families = new ArrayList<>();
    app.get("/v1/suppliers/K-101/risk", compliance)
        .json()
        .get("factors")
        .forEach(f -> families.add(f.get("family").asText()));
    assertThat(families).contains("sector");

    assertThat(
            app.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(app.base() + "/v1/uploads/mappings/sap-vendors"))
                        .DELETE(),
                    auditor)
                .status())
        .isEqualTo(204);
    assertThat(app.get("/v1/uploads/mappings/sap-vendors", auditor).status()).isEqualTo(404);
    TestApp.Response gone =
        app.postCsv("/v1/uploads?kind=suppliers&mapping=sap-vendors", auditor, erp);
    assertThat(gone.status()).isEqualTo(422);
    assertThat(gone.body()).contains("unknown-mapping");
  }

  @Test
  void aMappingNamingAnUnknownColumnOrOneColumnTwiceIsRefusedNamingTheEntry() {
    TestApp.Response unknown = put("/v1/uploads/mappings/bad", "{\"Land\": \"nation\"}");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("unknown-column").contains("/Land");
    TestApp.Response twice =
        put("/v1/uploads/mappings/bad", "{\"Land\": \"country\", \"Pays\": \"country\"}");
    assertThat(twice.status()).as(twice.body()).isEqualTo(422);
    assertThat(twice.body()).contains("duplicate-column").contains("/Pays");
    assertThat(app.get("/v1/uploads/mappings/bad", auditor).status()).isEqualTo(404);
    TestApp.Response part =
        app.postMultipart(
            "/v1/uploads?kind=suppliers",
            auditor,
            "f.csv",
            "supplier_id,name,country\nX,Y,PE\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.util.Map.of("mapping", "not json"));
    assertThat(part.status()).as(part.body()).isEqualTo(422);
    assertThat(part.body()).contains("bad-mapping");
  }

  private static TestApp.Response put(String path, String json) {
    return app.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base() + path))
            .header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)),
        auditor);
  }
}
