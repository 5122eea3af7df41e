package org.libertas.ontology;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libertas.reliability.Figures;
import org.libertas.rescoring.RegressionCases;

/**
 * Any bytes as an ontology draft (Turtle, TriG or a SPARQL Update patch, by the first byte): the
 * validator answers with a report, valid or not, and never throws. {@code mvn verify} replays the
 * committed corpus (DraftFuzzTestInputs); the reliability profile fuzzes.
 */
class DraftFuzzTest {
  static final AtomicLong RUNS = new AtomicLong();
  static Ontology bundled;
  static DraftValidator validator;

  @BeforeAll
  static void load() {
    Path dir = Path.of("ontology");
    bundled = OntologyLoader.load(dir, 1);
    List<RegressionCases.Case> cases = RegressionCases.load(dir.resolve("tests"));
    Model shapes = RDFDataMgr.loadModel(dir.resolve("shapes/ontology-shapes.ttl").toString());
    // A small proof graph: the fuzzer is after the parsers, and few inputs get as far as the rules.
    validator =
        new DraftValidator(
            shapes,
            o -> RegressionCases.run(cases, o),
            200_000,
            new org.libertas.rescoring.ProofGraph(() -> bundled, 100, 5_000));
  }

  @AfterAll
  static void figures() {
    if (System.getenv("JAZZER_FUZZ") != null) {
      Figures.record(
          13, "ontology draft parsing + validation: inputs executed, no failure", RUNS.get(), "");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyDraftGetsAReport(byte[] input) {
    RUNS.incrementAndGet();
    if (input.length < 1) {
      return;
    }
    DraftValidator.Format format =
        DraftValidator.Format.values()[
            Math.floorMod(input[0], DraftValidator.Format.values().length)];
    DraftReport r =
        validator
            .validate(format, Arrays.copyOfRange(input, 1, input.length), bundled.model(), 2)
            .report();
    if (!r.valid() && r.issues().isEmpty()) {
      throw new AssertionError("a refused draft must say why");
    }
  }
}
