package org.libertas.rescoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.libertas.store.BandChange;
import org.libertas.testing.TestApp;

/**
 * After an upload, its change is applied to the tenant's view held in memory (equal, triple for
 * triple, to the store's), rules run only for the suppliers it touched, and the result equals a
 * full run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

  static Map<String, String> bands() {
    Map<String, String> out = new HashMap<>();
    for (String id : new String[] {"A", "B", "C"}) {
      out.put(id, app.get("/v1/suppliers/" + id + "/risk", viewer).json().get("band").asText());
    }
    return out;
  }

  @Test
  @Order(1)
  void anUploadReevaluatesOnlyTheSuppliersItTouchedAndMatchesAFullRescoring() {
    Map<String, String> before = scoresAndHashes();
    Map<String, String> bandsBefore = bands();
    long versionBefore = dataVersion("A");
    long aWrittenAt = writtenAt("A");
    int aHistory = history("A");
    int bHistory = history("B");
    java.util.List<BandChange> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    app.app.rescoring().addListener((tenant, changes, took) -> told.addAll(changes));
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
    assertThat(last.view())
        .as("the upload applied to the view held in memory")
        .isEqualTo("applied");
    assertThat(last.assessed()).as("B and its buyer C; A's assessment is reused").isEqualTo(2);
    assertThat(last.rewritten()).as("B and its buyer C; A's row holds as it is").isEqualTo(2);
    assertThat(last.screened()).as("a finding has no name to screen").isZero();
    assertResidentViewIsTheStores();

    Map<String, String> incremental = scoresAndHashes();
    assertThat(incremental.get("A")).isEqualTo(before.get("A"));
    // A's row was not rewritten, yet its score holds for the new data version, as B's does.
    assertThat(dataVersion("A")).isEqualTo(dataVersion("B")).isGreaterThan(versionBefore);
    assertThat(writtenAt("A")).as("A's stored row, untouched").isEqualTo(aWrittenAt);
    assertThat(writtenAt("B")).isEqualTo(dataVersion("B"));
    assertThat(history("A")).as("no snapshot of A's unchanged score").isEqualTo(aHistory);
    assertThat(history("B")).as("a snapshot of B's new score").isEqualTo(bHistory + 1);
    assertThat(incremental.get("B")).isNotEqualTo(before.get("B"));
    assertThat(incremental.get("C")).as("the buyer downstream of B").isNotEqualTo(before.get("C"));
    // Band changes, told from the runs in memory, are exactly the bands that moved.
    Map<String, String> bandsAfter = bands();
    assertThat(told)
        .extracting(BandChange::supplierId)
        .containsExactlyElementsOf(
            bandsAfter.keySet().stream()
                .sorted()
                .filter(id -> !bandsAfter.get(id).equals(bandsBefore.get(id)))
                .toList());
    for (BandChange c : told) {
      assertThat(c.bandBefore()).isEqualTo(bandsBefore.get(c.supplierId()));
      assertThat(c.bandAfter()).isEqualTo(bandsAfter.get(c.supplierId()));
    }

    io.vertx.core.Future.await(app.app.rescoring().rescore("inc"));
    assertThat(app.app.rescoring().lastRun("inc").incremental()).isFalse();
    assertThat(app.app.rescoring().lastRun("inc").view()).isEqualTo("resident");
    assertThat(scoresAndHashes()).isEqualTo(incremental);
  }

  @Test
  @Order(2)
  void aReplaceIsAppliedToTheResidentViewAndScoredInFull() {
    JsonNode u =
        app.upload(
            auditor,
            "recruiters&mode=replace",
            "supplier_id,recruiter_name,recruiter_country\nB,Siam Manpower,TH\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    Rescoring.LastRun last = app.app.rescoring().lastRun("inc");
    assertThat(last.incremental()).isFalse();
    assertThat(last.evaluated()).isEqualTo(3);
    assertThat(last.view()).isEqualTo("applied");
    assertResidentViewIsTheStores();
    Map<String, String> applied = scoresAndHashes();

    // Dropped from memory, the view is copied out of the store again, and scores the same.
    FromStore full = rescoredFromTheStore();
    assertThat(full.run().view()).isEqualTo("copied");
    assertThat(full.scores()).isEqualTo(applied);
  }

  @Test
  @Order(3)
  void aRecruiterRedefinedForOneSupplierIsReevaluatedForEverySupplierItServes() {
    // Since @Order(2), B employs Siam Manpower (TH), unlicensed.
    JsonNode u =
        app.upload(
            auditor,
            "recruiters",
            "supplier_id,recruiter_name,recruiter_country,licence_number\n"
                + "A,Siam Manpower,TH,TH-LIC-0042\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    Rescoring.LastRun last = app.app.rescoring().lastRun("inc");
    assertThat(last.incremental()).isTrue();
    assertThat(last.evaluated()).as("A, named, and B, which shares the recruiter").isEqualTo(2);
    assertThat(last.screened()).as("the recruiter, screened again").isEqualTo(1);
    Map<String, String> incremental = scoresAndHashes();

    FromStore full = rescoredFromTheStore();
    assertThat(full.run().incremental()).isFalse();
    assertThat(full.scores()).isEqualTo(incremental);
  }

  @Test
  @Order(4)
  void aBlacklistedRecruiterAddedIncrementallyIsScreenedAndMatchesAFullRescoring() {
    JsonNode u =
        app.upload(
            auditor,
            "recruiters",
            "supplier_id,recruiter_name,recruiter_country\nC,GOLDEN BRIDGE MANPOWER CO LTD,MM\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    Rescoring.LastRun last = app.app.rescoring().lastRun("inc");
    assertThat(last.incremental()).isTrue();
    assertThat(last.screened()).isEqualTo(1);
    JsonNode risk = app.get("/v1/suppliers/C/risk", viewer).json();
    assertThat(risk.get("factors").findValuesAsText("rule")).contains("recruiter-blacklisted");
    Map<String, String> incremental = scoresAndHashes();

    FromStore full = rescoredFromTheStore();
    assertThat(full.run().screened()).as("every name").isGreaterThan(3);
    assertThat(full.scores()).isEqualTo(incremental);
  }

  private record FromStore(Rescoring.LastRun run, Map<String, String> scores) {}

  /**
   * A full rescoring from a fresh copy of the store's view (no view held in memory), what it did
   * and the scores it gave; then views are held again, from a rescoring that fills them.
   */
  private static FromStore rescoredFromTheStore() {
    app.app.rescoring().boundCache(0);
    io.vertx.core.Future.await(app.app.rescoring().rescore("inc"));
    FromStore out = new FromStore(app.app.rescoring().lastRun("inc"), scoresAndHashes());
    assertThat(app.app.rescoring().residentView("inc")).isNull();
    app.app.rescoring().boundCache(1_000_000);
    io.vertx.core.Future.await(app.app.rescoring().rescore("inc"));
    return out;
  }

  private static long dataVersion(String supplier) {
    return app.get("/v1/suppliers/" + supplier + "/risk", viewer)
        .json()
        .get("dataVersion")
        .asLong();
  }

  private static int history(String supplier) {
    return app.get("/v1/suppliers/" + supplier + "/risk/history", viewer)
        .json()
        .get("items")
        .size();
  }

  /** The data version at which the supplier's stored row was last written. */
  private static long writtenAt(String supplier) {
    try (java.sql.Connection c = org.libertas.testing.TestPostgres.connect(app.database);
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "select data_version from supplier_scores where tenant_id = 'inc' and supplier_id = ?")) {
      s.setString(1, supplier);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertResidentViewIsTheStores() {
    org.apache.jena.graph.Graph held = app.app.rescoring().residentView("inc");
    org.apache.jena.graph.Graph stored =
        app.app.graphStore().copy(org.libertas.graph.GraphNames.current("inc"));
    assertThat(held).isNotNull();
    assertThat(held.size()).isEqualTo(stored.size()).isPositive();
    assertThat(held.isIsomorphicWith(stored)).isTrue();
  }
}
