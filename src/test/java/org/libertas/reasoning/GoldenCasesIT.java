package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libertas.testing.TestApp;

/**
 * Golden cases for risk reasoning (docs/architecture.md, "Scoring"): one folder per case under
 * {@code cases/}, holding the CSV files the case needs and {@code expected.json}. Each case loads
 * into its own tenant of one shared app through the real HTTP API, in the order suppliers →
 * relationships → recruiters → findings, and the explained risk of every supplier named in {@code
 * expected.json} is compared with it. Adding a case is adding a folder.
 *
 * <p>Findings fade with age from the scoring date (today, UTC), so {@code findings.csv} may write
 * {@code {{today}}} or {@code {{today-N}}} (N days ago) for exact scores.
 */
class GoldenCasesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS =
      List.of("suppliers", "relationships", "recruiters", "findings");
  private static final Pattern TODAY = Pattern.compile("\\{\\{today(?:-(\\d+))?}}");

  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenCasesIT.class.getResource("/cases").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scoresAsExpected(String name) throws Exception {
    Path dir = Path.of(GoldenCasesIT.class.getResource("/cases/" + name).toURI());
    JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
    Assumptions.assumeTrue(
        !expected.hasNonNull("knownIssue"),
        () -> "known issue: " + expected.get("knownIssue").asText());

    String tenant = ("golden-" + name).substring(0, Math.min(63, ("golden-" + name).length()));
    String auditor = app.tenantWithKey(tenant, "auditor");
    String reader = app.key(tenant, "compliance");
    for (String kind : KINDS) {
      Path file = dir.resolve(kind + ".csv");
      if (Files.exists(file)) {
        String csv = withDates(Files.readString(file, StandardCharsets.UTF_8));
        JsonNode upload = app.upload(auditor, kind, csv);
        assertThat(upload.path("status").asText())
            .as("%s/%s.csv: %s", name, kind, upload)
            .isEqualTo("succeeded");
      }
    }

    SoftAssertions soft = new SoftAssertions();
    for (JsonNode want : expected.get("suppliers")) {
      check(soft, name, reader, want);
    }
    soft.assertAll();
  }

  private static void check(SoftAssertions soft, String name, String key, JsonNode want) {
    String id = want.get("id").asText();
    String lang = want.path("lang").asText("en");
    TestApp.Response r = app.get("/v1/suppliers/" + id + "/risk?lang=" + lang, key);
    soft.assertThat(r.status()).as("%s %s: %s", name, id, r.body()).isEqualTo(200);
    if (r.status() != 200) {
      return;
    }
    JsonNode risk = r.json();
    String where = name + " " + id + " (" + want.path("why").asText("") + ")\n" + risk;
    int score = risk.get("score").asInt();
    soft.assertThat(score).as("score of %s", where).isEqualTo(want.get("score").asInt());
    soft.assertThat(risk.get("band").asText())
        .as("band of %s", where)
        .isEqualTo(want.get("band").asText());
    soft.assertThat(!risk.get("hardStops").isEmpty())
        .as("hard stop of %s", where)
        .isEqualTo(want.get("hardStop").asBoolean());

    Set<String> rules = new TreeSet<>();
    double sum = 0;
    for (JsonNode f : risk.get("factors")) {
      rules.add(f.get("rule").asText());
      sum += f.get("contribution").asDouble();
    }
    soft.assertThat(sum).as("contributions of %s", where).isCloseTo(score, Offset.offset(0.001));
    if (want.has("rules")) {
      Set<String> wanted = new TreeSet<>();
      want.get("rules").forEach(x -> wanted.add(x.asText()));
      soft.assertThat(rules).as("rules of %s", where).isEqualTo(wanted);
    }
    want.path("labels")
        .fields()
        .forEachRemaining(
            e ->
                soft.assertThat(labelsOf(risk, e.getKey()))
                    .as("%s label of rule %s in %s", lang, e.getKey(), where)
                    .contains(e.getValue().asText()));
    if (want.has("bandLabel")) {
      soft.assertThat(risk.get("bandLabel").asText())
          .as("band label of %s", where)
          .isEqualTo(want.get("bandLabel").asText());
    }
    if (want.has("upstreamPath")) {
      List<String> wanted = new ArrayList<>();
      want.get("upstreamPath").forEach(x -> wanted.add(x.asText()));
      soft.assertThat(upstreamPath(risk)).as("upstream path of %s", where).isEqualTo(wanted);
    }
  }

  private static List<String> labelsOf(JsonNode risk, String rule) {
    List<String> labels = new ArrayList<>();
    for (JsonNode f : risk.get("factors")) {
      if (f.get("rule").asText().equals(rule)) {
        labels.add(f.get("label").asText());
      }
    }
    return labels;
  }

  private static List<String> upstreamPath(JsonNode risk) {
    List<String> path = new ArrayList<>();
    for (JsonNode f : risk.get("factors")) {
      if (f.get("family").asText().equals("upstream")) {
        f.get("evidence").forEach(e -> path.add(e.get("supplierId").asText()));
      }
    }
    return path;
  }

  /** Replaces {{today}} and {{today-N}} with dates counted from today in UTC, the scoring date. */
  static String withDates(String csv) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Matcher m = TODAY.matcher(csv);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
      m.appendReplacement(out, today.minusDays(days).toString());
    }
    m.appendTail(out);
    return out.toString();
  }
}
