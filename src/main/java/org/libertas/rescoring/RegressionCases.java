package org.libertas.rescoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.libertas.graph.JenaGraphStore;
import org.libertas.ontology.DraftReport;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.TenantScorer;

/**
 * The ontology's regression cases (ontology/tests/&lt;case&gt;/data.ttl + expected.json): each
 * case's data scored with a candidate ontology must give the expected band and hard stop for every
 * supplier it names. Draft validation and the test suite both run them.
 */
public final class RegressionCases {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA = "urn:libertas:regression:data";

  /** One case: its data, the date it is scored at, and the expected outcome per supplier. */
  public record Case(String name, byte[] data, LocalDate asOf, Map<String, Expected> expected) {}

  /**
   * What a supplier must get; {@code recommendation}, {@code contextBand} and {@code evidenceBand}
   * are checked when the case gives them (the recommendation under the ontology's default regimes).
   */
  public record Expected(
      String band,
      boolean hardStop,
      String recommendation,
      String contextBand,
      String evidenceBand) {}

  private RegressionCases() {}

  /** The cases under testsDir, loaded once, as a check to run against any draft. */
  public static java.util.function.Function<Ontology, List<DraftReport.Issue>> runner(
      Path testsDir) {
    List<Case> cases = load(testsDir);
    return o -> run(cases, o);
  }

  public static List<Case> load(Path testsDir) {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(testsDir)) {
      for (Path dir : dirs.sorted().toList()) {
        if (!Files.isRegularFile(dir.resolve("expected.json"))) {
          continue;
        }
        JsonNode exp = JSON.readTree(Files.readAllBytes(dir.resolve("expected.json")));
        Map<String, Expected> expected = new HashMap<>();
        exp.get("suppliers")
            .fields()
            .forEachRemaining(
                e ->
                    expected.put(
                        e.getKey(),
                        new Expected(
                            e.getValue().get("band").asText(),
                            e.getValue().path("hardStop").asBoolean(false),
                            text(e.getValue(), "recommendation"),
                            text(e.getValue(), "contextBand"),
                            text(e.getValue(), "evidenceBand"))));
        LocalDate asOf = exp.hasNonNull("asOf") ? LocalDate.parse(exp.get("asOf").asText()) : null;
        cases.add(
            new Case(
                dir.getFileName().toString(),
                Files.readAllBytes(dir.resolve("data.ttl")),
                asOf,
                expected));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(cases);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  /** Runs every case; returns one issue per supplier whose band or hard stop differs. */
  public static List<DraftReport.Issue> run(List<Case> cases, Ontology ontology) {
    List<DraftReport.Issue> issues = new ArrayList<>();
    try (JenaGraphStore store = JenaGraphStore.inMemory(60_000)) {
      TenantScorer scorer = new TenantScorer(store);
      for (Case c : cases) {
        String data = DATA + ":" + c.name();
        try {
          store.writeGraph(
              data,
              sink ->
                  RDFParser.source(new java.io.ByteArrayInputStream(c.data()))
                      .lang(Lang.TURTLE)
                      .parse(sink));
          ScoringRun run =
              scorer.score(ontology, List.of(data), c.asOf() == null ? LocalDate.now() : c.asOf());
          check(c, run, ontology, issues);
        } catch (RuntimeException e) {
          issues.add(
              new DraftReport.Issue(
                  "regression",
                  "the case could not be run: " + e.getMessage(),
                  null,
                  null,
                  null,
                  null,
                  c.name()));
        }
      }
    }
    return issues;
  }

  private static void check(
      Case c, ScoringRun run, Ontology ontology, List<DraftReport.Issue> issues) {
    Map<String, Assessment> byId = new HashMap<>();
    run.assessments().forEach(a -> byId.put(a.supplierId(), a));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < run.suppliers().size(); i++) {
      index.put(run.suppliers().get(i).id(), i);
    }
    c.expected()
        .forEach(
            (id, exp) -> {
              Assessment a = byId.get(id);
              if (a == null) {
                issues.add(
                    new DraftReport.Issue(
                        "regression",
                        "supplier " + id + " was not scored",
                        null,
                        null,
                        null,
                        null,
                        c.name()));
              } else if (!a.band().code().equals(exp.band()) || a.hardStop() != exp.hardStop()) {
                issues.add(
                    new DraftReport.Issue(
                        "regression",
                        id
                            + ": expected "
                            + exp.band()
                            + (exp.hardStop() ? " with a hard stop" : "")
                            + ", got "
                            + a.band().code()
                            + (a.hardStop() ? " with a hard stop" : "")
                            + " (score "
                            + a.score()
                            + ")",
                        null,
                        null,
                        null,
                        null,
                        c.name()));
              } else {
                int i = index.get(id);
                Explanations.Explained e =
                    Explanations.explain(
                        ontology,
                        a,
                        run.suppliers().get(i),
                        run,
                        i,
                        ontology.policy().defaultRegimes());
                String got =
                    differs("recommendation", exp.recommendation(), e.recommendation())
                        + differs("context band", exp.contextBand(), e.contextBand())
                        + differs("evidence band", exp.evidenceBand(), e.evidenceBand());
                if (!got.isEmpty()) {
                  issues.add(
                      new DraftReport.Issue(
                          "regression", id + ":" + got, null, null, null, null, c.name()));
                }
              }
            });
  }

  private static String differs(String what, String expected, String got) {
    return expected == null || expected.equals(got)
        ? ""
        : " expected " + what + " " + expected + ", got " + got + ";";
  }
}
