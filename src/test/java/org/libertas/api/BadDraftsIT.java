package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libertas.graph.GraphNames;
import org.libertas.reliability.Figures;
import org.libertas.testing.TestApp;

/**
 * Invalid ontologies (docs/reliability.md): every draft of src/test/resources/ontology/bad-drafts
 * is POSTed and refused (422) at the stage expected.tsv names, and each refusal is atomic: the
 * active version, the published versions, the ontology graphs and every score are as before. Adding
 * a case is adding a file and a line.
 */
class BadDraftsIT {
  static final Path DIR = Path.of("src/test/resources/ontology/bad-drafts");
  static TestApp app;
  static String ngo;
  static String viewer;
  static int refused;
  static long slowestMs;

  @BeforeAll
  static void start() {
    // The size proof as the finding reproduced it: 600 suppliers; 2 s per rule keeps the test
    // short.
    app =
        TestApp.start(
            java.util.Map.of(
                "LIBERTAS_ONTOLOGY_PROOF_SUPPLIERS",
                "600",
                "LIBERTAS_ONTOLOGY_RULE_BUDGET_MS",
                "2000"));
    String auditor = app.tenantWithKey("drafts", "auditor");
    ngo = app.key("drafts", "ngo-editor");
    viewer = app.key("drafts", "viewer");
    JsonNode u =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,sector\nF1,Andaman Trawlers,TH,fishing\nL1,Hafen Logistik,DE,logistics\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    if (refused > 0) {
      Figures.record(5, "bad drafts refused (422, expected stage), each atomically", refused, "");
      Figures.record(5, "slowest refusal", slowestMs, "ms");
    }
    app.close();
  }

  static Stream<String> drafts() throws IOException {
    List<String> lines =
        Files.readAllLines(DIR.resolve("expected.tsv")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(50);
    // verify sends an even sample (each takes a full validation); the reliability profile all.
    int sample = org.libertas.reliability.Bounds.integer("bad.drafts", 12);
    int step = Math.max(1, lines.size() / sample);
    return java.util.stream.IntStream.range(0, lines.size())
        .filter(i -> i % step == 0)
        .mapToObj(lines::get);
  }

  static String state() {
    return app.get("/v1/ontology/versions", viewer).body()
        + app.get("/v1/suppliers?limit=500", viewer).body()
        + new TreeSet<>(app.app.graphStore().graphNames(GraphNames.BASE + "ontology:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drafts")
  void isRefusedAtItsStageAndChangesNothing(String line) throws IOException {
    String[] parts = line.split("\t");
    String file = parts[0];
    String stage = parts[1];
    String type =
        file.endsWith(".ttl")
            ? "text/turtle"
            : file.endsWith(".trig") ? "application/trig" : "application/sparql-update";
    String before = state();
    long t0 = System.nanoTime();
    TestApp.Response r =
        app.post("/v1/ontology/drafts", ngo, type, Files.readAllBytes(DIR.resolve(file)));
    slowestMs = Math.max(slowestMs, (System.nanoTime() - t0) / 1_000_000);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    List<String> codes = new ArrayList<>();
    r.json().get("errors").forEach(e -> codes.add(e.get("code").asText()));
    assertThat(codes.get(0)).as(r.body()).isEqualTo(stage);
    if (r.header("Location") != null) {
      TestApp.Response publish =
          app.post(r.header("Location") + "/publish", ngo, null, new byte[0]);
      assertThat(publish.status()).as(publish.body()).isEqualTo(409);
    }
    assertThat(state()).isEqualTo(before);
    synchronized (BadDraftsIT.class) {
      refused++;
    }
  }

  /**
   * Finding 9: a rule that passes every other check (real vocabulary, regression cases in
   * milliseconds) but explodes on a tenant of realistic size is refused, naming the rule, its time
   * and the budget, and cannot be published.
   */
  @org.junit.jupiter.api.Test
  void aRuleTooSlowOnTheProofGraphIsRefusedNamingItsTimeAndCannotBePublished() throws IOException {
    String before = state();
    TestApp.Response r =
        app.post(
            "/v1/ontology/drafts",
            ngo,
            "application/sparql-update",
            Files.readAllBytes(DIR.resolve("58-size-cross-join-in-not-exists.ru")));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode e = r.json().get("errors");
    assertThat(e).hasSize(1);
    assertThat(e.get(0).get("code").asText()).isEqualTo("rule-too-slow");
    assertThat(e.get(0).get("column").asText())
        .isEqualTo("https://w3id.org/libertas/rule/workforce-migrant-share");
    assertThat(e.get(0).get("message").asText())
        .contains("workforce-migrant-share")
        .contains("budget of 2000 ms")
        .contains("600 suppliers");

    JsonNode report = app.get(r.header("Location"), ngo).json().get("report");
    assertThat(report.get("valid").asBoolean()).isFalse();
    JsonNode issue = report.get("issues").get(0);
    assertThat(issue.get("stage").asText()).isEqualTo("size");
    assertThat(issue.get("rule").asText()).endsWith("/rule/workforce-migrant-share");
    assertThat(issue.get("budgetMs").asLong()).isEqualTo(2000);
    assertThat(issue.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(2000);
    assertThat(report.get("ruleTimes")).hasSize(1);
    assertThat(report.get("ruleTimes").get(0).get("withinBudget").asBoolean()).isFalse();

    TestApp.Response publish = app.post(r.header("Location") + "/publish", ngo, null, new byte[0]);
    assertThat(publish.status()).as(publish.body()).isEqualTo(409);
    assertThat(state()).isEqualTo(before);
  }
}
