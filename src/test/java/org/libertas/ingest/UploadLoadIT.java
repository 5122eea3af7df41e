package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.graph.GraphNames;
import org.libertas.testing.TestApp;

/** Files that must load, and the load semantics: dry run, idempotency, merge, replace, order. */
class UploadLoadIT {
  static final Charset CP1252 = Charset.forName("windows-1252");
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String upload(String key, String kind, String query, String type, byte[] body) {
    TestApp.Response r = app.post("/v1/uploads?kind=" + kind + query, key, type, body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode u = app.awaitUpload(key, r.header("Location"));
    assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
    return u.toString();
  }

  /** Values of ?v for the subject with lbt:supplierId id in the tenant's current view. */
  private static List<String> values(String tenant, String property, String id) {
    String q =
        "PREFIX lbt: <https://w3id.org/libertas/ns#> SELECT ?v WHERE { ?s lbt:supplierId \""
            + id
            + "\" ; lbt:"
            + property
            + " ?v } ORDER BY ?v";
    return app.app
        .graphStore()
        .select(
            QueryFactory.create(q),
            List.of(GraphNames.current(tenant)),
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEachRemaining(
                  s ->
                      out.add(
                          s.get("v").isLiteral()
                              ? s.getLiteral("v").getLexicalForm()
                              : s.get("v").toString()));
              return out;
            });
  }

  @Test
  void frenchSemicolonWindows1252FileLoadsWithItsAccents() {
    String key = app.tenantWithKey("fr-cp1252", "auditor");
    String csv =
        " Supplier_ID ; NAME ;Country;Region;Migrant_Worker_Share;Worker_Count;Address;Sector\r\n"
            + "CI-01;Société Générale des Mines;CI;;35%;1 200;\"Abidjan; Côte d'Ivoire\";mining\r\n"
            + "PE-01;Minera Señor de Luren;PE;PE-MDD;0,25;80;Puerto Maldonado;mining\r\n";
    String detected = upload(key, "suppliers", "", "text/csv", csv.getBytes(CP1252));
    assertThat(detected).contains("decoded-as-windows-1252");
    assertThat(IngestChecks.suppliers(app, key))
        .containsExactly("CI-01|Société Générale des Mines|CI", "PE-01|Minera Señor de Luren|PE");
    assertThat(values("fr-cp1252", "address", "CI-01")).containsExactly("Abidjan; Côte d'Ivoire");
    assertThat(values("fr-cp1252", "migrantWorkerShare", "CI-01").get(0)).startsWith("0.35");
    assertThat(values("fr-cp1252", "migrantWorkerShare", "PE-01").get(0)).startsWith("0.25");
    assertThat(values("fr-cp1252", "workerCount", "CI-01").get(0)).startsWith("1200");

    // Declared rather than detected: the same bytes, no warning.
    String declared =
        upload(key, "suppliers", "", "text/csv; charset=windows-1252", csv.getBytes(CP1252));
    assertThat(declared).doesNotContain("decoded-as-windows-1252");

    // Spanish and French words for booleans, severities, statuses and indicators; tab-separated.
    upload(
        key,
        "recruiters",
        "",
        "text/csv",
        ("supplier_id\trecruiter_name\trecruiter_country\tworker_paid_fees\n"
                + "CI-01\tAgence Ouest\tCI\toui\n"
                + "PE-01\tAgencia Andina\tPE\tsí\n")
            .getBytes(StandardCharsets.UTF_8));
    upload(
        key,
        "findings",
        "",
        "text/csv",
        ("\uFEFFsupplier_id,indicator,severity,status,observed_on\n"
                + "CI-01,Servitude pour dettes,élevée,ouvert,2025-03-01\n"
                + "PE-01,Retención de documentos de identidad,alta,remediado,2025-01-15\n")
            .getBytes(StandardCharsets.UTF_8));
    JsonNode risk = app.get("/v1/suppliers/CI-01/risk", key).json();
    assertThat(risk.toString()).contains("debt-bondage");
  }

  @Test
  void openSupplyHubListLoadsOntoSuppliers() {
    String key = app.tenantWithKey("osh", "auditor");
    String csv =
        "os_id,name,address,country,sector,product_type,number_of_workers,facility_type\n"
            + "CI2024001ABCDEH,Société Générale des Mines,\"Route de Bouaké, Yamoussoukro\",Côte d'Ivoire,Mining,gold,1001-5000,Mine\n"
            + ",Textiles del Sur,Av. Arequipa 100 Lima,Peru,,cotton,50,Factory\n";
    String u = upload(key, "opensupplyhub", "", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(u).contains("\"rowsTotal\":2");
    List<String> suppliers = IngestChecks.suppliers(app, key);
    assertThat(suppliers).hasSize(2);
    assertThat(suppliers.get(0)).isEqualTo("CI2024001ABCDEH|Société Générale des Mines|CI");
    assertThat(suppliers.get(1)).startsWith("OSH-").endsWith("|Textiles del Sur|PE");
    assertThat(values("osh", "workerCount", "CI2024001ABCDEH").get(0)).startsWith("1001");
  }

  @Test
  void dryRunValidatesAndReportsButLoadsNothing() throws Exception {
    String key = app.tenantWithKey("dry", "auditor");
    TestApp.Response r =
        app.postCsv(
            "/v1/uploads?kind=suppliers&dryRun=true",
            key,
            "supplier_id,name,country,favourite_colour\nD1,Dry Ltd,PE,blue\n");
    assertThat(r.status()).isEqualTo(202);
    JsonNode u = app.awaitUpload(key, r.header("Location"));
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    assertThat(u.get("dryRun").asBoolean()).isTrue();
    assertThat(u.get("rowsTotal").asInt()).isEqualTo(1);
    assertThat(u.get("warnings").get(0).get("code").asText()).isEqualTo("unknown-column");
    assertThat(u.get("warnings").get(0).get("column").asText()).isEqualTo("favourite_colour");
    assertThat(IngestChecks.suppliers(app, key)).isEmpty();
    assertThat(IngestChecks.graphs(app.app.graphStore(), "dry")).isEmpty();
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyIsTheSameUpload() throws Exception {
    String key = app.tenantWithKey("idem", "auditor");
    byte[] file = "supplier_id,name,country\nI1,Idem Ltd,PE\n".getBytes(StandardCharsets.UTF_8);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestApp.Response r =
          app.send(
              HttpRequest.newBuilder(URI.create(app.base() + "/v1/uploads?kind=suppliers"))
                  .header("Content-Type", "text/csv")
                  .header("Idempotency-Key", "visit-2025-03-01")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(file)),
              key);
      assertThat(r.status()).isEqualTo(202);
      ids.add(r.json().get("id").asText());
      app.awaitUpload(key, r.header("Location"));
    }
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(
            IngestChecks.count(
                app.database, "select count(*) from uploads where tenant_id = 'idem'"))
        .isEqualTo(1);
    TestApp.Response other =
        app.send(
            HttpRequest.newBuilder(URI.create(app.base() + "/v1/uploads?kind=suppliers"))
                .header("Content-Type", "text/csv")
                .header("Idempotency-Key", "visit-2025-03-01")
                .POST(
                    HttpRequest.BodyPublishers.ofString("supplier_id,name,country\nI2,Other,PE\n")),
            key);
    assertThat(other.status()).as(other.body()).isEqualTo(409);
    assertThat(IngestChecks.suppliers(app, key)).containsExactly("I1|Idem Ltd|PE");
  }

  @Test
  void mergeUpsertsByKeyAndReplaceSwapsTheKindKeepingOldGraphsForAudit() throws Exception {
    String key = app.tenantWithKey("merge", "auditor");
    byte[] first =
        "supplier_id,name,country\nM1,One,PE\nM2,Two,PE\n".getBytes(StandardCharsets.UTF_8);
    upload(key, "suppliers", "", "text/csv", first);
    upload(
        key,
        "relationships",
        "",
        "text/csv",
        "buyer_id,supplier_id\nM1,M2\n".getBytes(StandardCharsets.UTF_8));
    upload(
        key,
        "suppliers",
        "&mode=merge",
        "text/csv",
        "supplier_id,name,country\nM2,Two renamed,CL\nM3,Three,PE\n"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(IngestChecks.suppliers(app, key))
        .containsExactly("M1|One|PE", "M2|Two renamed|CL", "M3|Three|PE");
    assertThat(values("merge", "name", "M2")).containsExactly("Two renamed");

    upload(
        key,
        "suppliers",
        "&mode=replace",
        "text/csv",
        "supplier_id,name,country\nM4,Four,PE\nM1,One again,PE\n".getBytes(StandardCharsets.UTF_8));
    assertThat(IngestChecks.suppliers(app, key)).containsExactly("M1|One again|PE", "M4|Four|PE");
    // Links are another kind: a suppliers replace leaves them.
    assertThat(
            IngestChecks.count(
                app.database,
                "select count(*) from uploads where tenant_id = 'merge' and superseded_by is not null"))
        .isEqualTo(2);
    assertThat(IngestChecks.graphs(app.app.graphStore(), "merge"))
        .containsAll(IngestChecks.committedGraphs(app.database, "merge"))
        .contains(GraphNames.current("merge"))
        .hasSize(5);
    String q =
        "PREFIX lbt: <https://w3id.org/libertas/ns#> SELECT (COUNT(*) AS ?n) WHERE { ?l a lbt:SupplyLink }";
    long links =
        app.app
            .graphStore()
            .select(
                QueryFactory.create(q),
                List.of(GraphNames.current("merge")),
                rs -> rs.next().getLiteral("n").getLong());
    assertThat(links).isEqualTo(1);
  }

  @Test
  void concurrentUploadsOfATenantApplyInArrivalOrder() throws Exception {
    String key = app.tenantWithKey("race", "auditor");
    StringBuilder a = new StringBuilder("supplier_id,name,country\n");
    StringBuilder b = new StringBuilder("supplier_id,name,country\n");
    for (int i = 0; i < 300; i++) {
      a.append("C").append(i).append(",First ").append(i).append(",PE\n");
      b.append("C").append(i).append(",Second ").append(i).append(",CL\n");
    }
    CompletableFuture<TestApp.Response> fa =
        CompletableFuture.supplyAsync(
            () -> app.postCsv("/v1/uploads?kind=suppliers", key, a.toString()));
    CompletableFuture<TestApp.Response> fb =
        CompletableFuture.supplyAsync(
            () -> app.postCsv("/v1/uploads?kind=suppliers", key, b.toString()));
    TestApp.Response ra = fa.get();
    TestApp.Response rb = fb.get();
    JsonNode ua = app.awaitUpload(key, ra.header("Location"));
    JsonNode ub = app.awaitUpload(key, rb.header("Location"));
    assertThat(ua.get("status").asText()).isEqualTo("succeeded");
    assertThat(ub.get("status").asText()).isEqualTo("succeeded");
    long seqA =
        IngestChecks.count(
            app.database, "select seq from uploads where id = ?::uuid", ua.get("id").asText());
    long seqB =
        IngestChecks.count(
            app.database, "select seq from uploads where id = ?::uuid", ub.get("id").asText());
    String later = seqA > seqB ? "First" : "Second";
    String country = seqA > seqB ? "PE" : "CL";
    List<String> suppliers = IngestChecks.suppliers(app, key);
    assertThat(suppliers)
        .hasSize(300)
        .allMatch(s -> s.contains("|" + later + " ") && s.endsWith("|" + country));
    assertThat(values("race", "name", "C7")).containsExactly(later + " 7");
  }

  @Test
  void supersededGraphsArePurgedAfterRetentionButTheirRowsStay() throws Exception {
    try (TestApp short_ = TestApp.start(Map.of("LIBERTAS_RETENTION_DAYS", "0"))) {
      String key = short_.tenantWithKey("ret", "auditor");
      JsonNode old = short_.upload(key, "suppliers", "supplier_id,name,country\nR1,Old,PE\n");
      TestApp.Response r =
          short_.postCsv(
              "/v1/uploads?kind=suppliers&mode=replace",
              key,
              "supplier_id,name,country\nR2,New,PE\n");
      assertThat(short_.awaitUpload(key, r.header("Location")).get("status").asText())
          .isEqualTo("succeeded");
      String oldGraph = GraphNames.upload("ret", old.get("id").asText());
      assertThat(IngestChecks.graphs(short_.app.graphStore(), "ret")).contains(oldGraph);

      int purged = short_.app.purgeExpiredUploads().toCompletionStage().toCompletableFuture().get();
      assertThat(purged).isEqualTo(1);
      assertThat(IngestChecks.graphs(short_.app.graphStore(), "ret"))
          .doesNotContain(oldGraph)
          .hasSize(2);
      assertThat(
              IngestChecks.count(
                  short_.database,
                  "select count(*) from uploads where tenant_id = 'ret' and graph_iri is null and purged_at is not null"))
          .isEqualTo(1);
      assertThat(
              IngestChecks.count(
                  short_.database, "select count(*) from uploads where tenant_id = 'ret'"))
          .isEqualTo(2);
      assertThat(IngestChecks.suppliers(short_, key)).containsExactly("R2|New|PE");
      // A rebuild from what is left gives the same view.
      short_.app.rebuildView("ret").toCompletionStage().toCompletableFuture().get();
      assertThat(values2(short_, "ret", "R2")).containsExactly("New");
      assertThat(values2(short_, "ret", "R1")).isEmpty();
      org.libertas.reliability.Figures.record(
          11,
          "retention 0 days: superseded upload graphs purged / their rows kept (audit)",
          purged + " / 2 of 2",
          "");
    }
  }

  private static List<String> values2(TestApp t, String tenant, String id) {
    String q =
        "PREFIX lbt: <https://w3id.org/libertas/ns#> SELECT ?v WHERE { ?s lbt:supplierId \""
            + id
            + "\" ; lbt:name ?v }";
    return t.app
        .graphStore()
        .select(
            QueryFactory.create(q),
            List.of(GraphNames.current(tenant)),
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEachRemaining(
                  s ->
                      out.add(
                          s.get("v").isLiteral()
                              ? s.getLiteral("v").getLexicalForm()
                              : s.get("v").toString()));
              return out;
            });
  }
}
