package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.graph.GraphNames;
import org.libertas.ingest.SheetTable;
import org.libertas.testing.TestApp;

/**
 * One workbook, one audit (DESIGN §7): a workbook whose sheets are named by kind loads as one
 * all-or-nothing upload of kind workbook, suppliers first, and scores; an error in any sheet loads
 * nothing and names the sheet, row and column; a rebuild of the view replays it exactly. A file
 * sent without kind gets the kind its header fits, or a 422 listing the candidates.
 */
class WorkbookUploadIT {
  static TestApp app;
  static String auditor;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("wb", "auditor");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static byte[] audit(String supplier, String indicator) throws Exception {
    return ExcelUploadIT.workbook(
        "Couverture",
        new Object[][] {{"Audit de mars 2026"}},
        "Constats",
        new Object[][] {
          {"Fournisseur", "Indicateur", "observed_on", "severity", "status"},
          {supplier, "debt-bondage", LocalDate.of(2026, 3, 12), "high", "open"},
          {supplier + "-B", indicator, LocalDate.of(2026, 3, 13), "medium", "open"}
        },
        "Relations",
        new Object[][] {{"buyer_id", "supplier_id"}, {supplier + "-B", supplier}},
        "Fournisseurs",
        new Object[][] {
          {"Identifiant fournisseur", "Nom", "Pays", "Secteur"},
          {supplier, "Mekong Seafood Ltd", "TH", "seafood-processing"},
          {supplier + "-B", "Buyer Garments", "VN", "garments"}
        });
  }

  @Test
  void aWorkbookWithSheetsNamedByKindLoadsAsOneUploadAndScores() throws Exception {
    JsonNode up =
        accepted(
            app.post("/v1/uploads", auditor, SheetTable.MEDIA_TYPE, audit("WB-1", "isolation")));
    assertThat(up.get("status").asText()).as(up.toString()).isEqualTo("succeeded");
    assertThat(up.get("kind").asText()).isEqualTo("workbook");
    assertThat(up.get("rowsProcessed").asInt()).isEqualTo(5);
    // The cover sheet is ignored with one warning naming it.
    List<String> warnings = new ArrayList<>();
    up.get("warnings")
        .forEach(w -> warnings.add(w.path("sheet").asText() + ":" + w.get("code").asText()));
    assertThat(warnings).as(up.toString()).contains("Couverture:unknown-sheet");

    // The findings of the last sheet reached the suppliers of the first: scored with them.
    TestApp.Response risk = app.get("/v1/suppliers/WB-1/risk", auditor);
    assertThat(risk.status()).as(risk.body()).isEqualTo(200);
    List<String> rules = new ArrayList<>();
    risk.json().get("factors").forEach(x -> rules.add(x.get("rule").asText()));
    assertThat(rules).as(risk.body()).anyMatch(r -> r.contains("finding"));
    // The buyer's score carries its supplier's risk upstream (the relationships sheet).
    TestApp.Response buyer = app.get("/v1/suppliers/WB-1-B/risk", auditor);
    assertThat(buyer.status()).as(buyer.body()).isEqualTo(200);
    assertThat(buyer.json().get("paths").size()).as(buyer.body()).isPositive();

    // The history filter finds it by its kind.
    JsonNode history = app.get("/v1/uploads?kind=workbook", auditor).json();
    List<String> kinds = new ArrayList<>();
    history.get("items").forEach(i -> kinds.add(i.get("kind").asText()));
    assertThat(kinds).isNotEmpty().containsOnly("workbook");

    // Rebuilding the view from the upload graphs (what start-up does after a crash) gives exactly
    // what the first application gave.
    Set<String> before = view("wb");
    assertThat(before)
        .anyMatch(t -> t.contains("AuditFinding"))
        .anyMatch(t -> t.contains("SupplyLink"));
    app.app.rebuildView("wb").toCompletionStage().toCompletableFuture().get();
    assertThat(view("wb")).isEqualTo(before);
  }

  @Test
  void anErrorInTheFindingsSheetLoadsNothingAndNamesSheetRowAndColumn() throws Exception {
    JsonNode up =
        accepted(
            app.post(
                "/v1/uploads", auditor, SheetTable.MEDIA_TYPE, audit("WB-2", "not-an-indicator")));
    assertThat(up.get("status").asText()).as(up.toString()).isEqualTo("failed");
    JsonNode e = up.get("errors").get(0);
    assertThat(e.get("sheet").asText()).as(up.toString()).isEqualTo("Constats");
    assertThat(e.get("line").asInt()).isEqualTo(3);
    assertThat(e.get("column").asText()).isEqualTo("Indicateur");
    assertThat(up.get("errors").size()).as(up.toString()).isEqualTo(1);
    // Nothing of any sheet was loaded: not the suppliers of the first sheet either.
    assertThat(app.get("/v1/suppliers/WB-2/risk", auditor).status()).isEqualTo(404);
    assertThat(app.get("/v1/suppliers/WB-2-B/risk", auditor).status()).isEqualTo(404);
  }

  @Test
  void aSheetsHeaderMissingAColumnIsRefusedAtOnceNamingTheSheet() throws Exception {
    byte[] wb =
        ExcelUploadIT.workbook(
            "Suppliers",
            new Object[][] {{"supplier_id", "name", "country"}, {"WB-3", "Ok Ltd", "FR"}},
            "Hallazgos",
            new Object[][] {{"supplier_id", "severity"}, {"WB-3", "high"}});
    TestApp.Response r = app.post("/v1/uploads", auditor, SheetTable.MEDIA_TYPE, wb);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode e = r.json().get("errors").get(0);
    assertThat(e.get("sheet").asText()).isEqualTo("Hallazgos");
    assertThat(e.get("column").asText()).isEqualTo("indicator");
    assertThat(e.get("code").asText()).isEqualTo("missing-column");
  }

  @Test
  void withoutKindTheHeaderSaysWhichKindOrTheClientIsAsked() throws Exception {
    app.upload(auditor, "suppliers", "supplier_id,name,country\nWB-4,Detect Ltd,FR\n");
    TestApp.Response r =
        app.postCsv(
            "/v1/uploads", auditor, "Supplier ID,Indicateur,severity\nWB-4,isolation,high\n");
    JsonNode up = accepted(r);
    assertThat(up.get("status").asText()).as(up.toString()).isEqualTo("succeeded");
    assertThat(up.get("kind").asText()).isEqualTo("findings");
    assertThat(up.get("kindDetected").asBoolean()).isTrue();

    // A header that fits two kinds as well: 422 with the candidates; nothing queued.
    TestApp.Response both =
        app.postCsv("/v1/uploads", auditor, "supplier_id,indicator,buyer_id\nWB-4,isolation,X\n");
    assertThat(both.status()).as(both.body()).isEqualTo(422);
    assertThat(both.contentType()).startsWith("application/problem+json");
    assertThat(both.json().get("type").asText()).endsWith("kind-undetermined");
    List<String> candidates = new ArrayList<>();
    both.json().get("candidates").forEach(c -> candidates.add(c.asText()));
    assertThat(candidates).containsExactlyInAnyOrder("relationships", "findings");
    assertThat(both.json().get("errors").get(0).get("message").asText())
        .contains("kind=relationships");
    // A header that fits none: every kind is a candidate.
    TestApp.Response none = app.postCsv("/v1/uploads", auditor, "foo,bar\n1,2\n");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.json().get("candidates").size()).isEqualTo(5);
    // With kind, as before; a kind the header does not fit says what is missing.
    TestApp.Response told =
        app.postCsv(
            "/v1/uploads?kind=relationships",
            auditor,
            "supplier_id,indicator,buyer_id\nWB-4,x,WB-4\n");
    assertThat(told.status()).as(told.body()).isEqualTo(202);
    JsonNode listed = app.get("/v1/uploads?kind=findings", auditor).json().get("items").get(0);
    assertThat(listed.get("kindDetected").asBoolean()).isTrue();
  }

  @Test
  void aWorkbookReplaceReplacesTheKindsItHoldsAndKeepsTheOthers() throws Exception {
    String key = app.tenantWithKey("wbr", "auditor");
    app.upload(key, "suppliers", "supplier_id,name,country\nOLD-1,Old Ltd,FR\n");
    app.upload(key, "recruiters", "supplier_id,recruiter_name\nOLD-1,Agence Ancienne\n");
    byte[] wb =
        ExcelUploadIT.workbook(
            "Proveedores",
            new Object[][] {{"supplier_id", "name", "country"}, {"NEW-1", "New Ltd", "PE"}},
            "Hallazgos",
            new Object[][] {{"supplier_id", "indicator"}, {"NEW-1", "isolation"}});
    TestApp.Response r = app.post("/v1/uploads?mode=replace", key, SheetTable.MEDIA_TYPE, wb);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode up = app.awaitUpload(key, r.header("Location"));
    assertThat(up.get("status").asText()).as(up.toString()).isEqualTo("succeeded");
    assertThat(up.get("mode").asText()).isEqualTo("replace");
    assertThat(app.get("/v1/suppliers/OLD-1/risk", key).status()).isEqualTo(404);
    assertThat(app.get("/v1/suppliers/NEW-1/risk", key).status()).isEqualTo(200);
    // The earlier suppliers upload is retired (its graph may be purged); the recruiters' is not.
    assertThat(superseded("wbr")).containsExactly("suppliers");
    Set<String> before = view("wbr");
    // The recruiters (a kind the workbook does not hold) stay.
    assertThat(before).anyMatch(t -> t.contains("Agence Ancienne"));
    app.app.rebuildView("wbr").toCompletionStage().toCompletableFuture().get();
    assertThat(view("wbr")).isEqualTo(before);
  }

  private static List<String> superseded(String tenant) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = org.libertas.testing.TestPostgres.connect(app.database);
        var ps =
            c.prepareStatement(
                "select kind from uploads where tenant_id = ? and superseded_by is not null"
                    + " order by seq")) {
      ps.setString(1, tenant);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  static JsonNode accepted(TestApp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return app.awaitUpload(auditor, r.header("Location"));
  }

  private static Set<String> view(String tenant) {
    Set<String> out = new TreeSet<>();
    app.app
        .graphStore()
        .construct(
            QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }"),
            List.of(GraphNames.current(tenant)))
        .getGraph()
        .find()
        .forEachRemaining(t -> out.add(t.toString()));
    return out;
  }
}
