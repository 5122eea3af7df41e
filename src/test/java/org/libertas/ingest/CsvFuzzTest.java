package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libertas.errors.LibertasException;
import org.libertas.ontology.OntologyLoader;
import org.libertas.reliability.Figures;

/**
 * Any bytes read as an upload, then mapped to triples as the job does: the only way out is a result
 * or a 4xx {@link LibertasException} (which the API turns into problem+json). The first byte picks
 * the kind, and the second whether a charset is declared. {@code mvn verify} replays the committed
 * corpus (CsvFuzzTestInputs); the reliability profile fuzzes.
 */
class CsvFuzzTest {
  static final CsvLimits LIMITS = new CsvLimits(256 * 1024, 200, 2_000, 5, 20);
  static final AtomicLong RUNS = new AtomicLong();
  static ReferenceCodes codes;

  @BeforeAll
  static void load() {
    codes = new ReferenceCodes(OntologyLoader.load(Path.of("ontology"), 1));
  }

  @AfterAll
  static void figures() {
    if (System.getenv("JAZZER_FUZZ") != null) {
      Figures.record(13, "CSV reading + row mapping: inputs executed, no failure", RUNS.get(), "");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyBytesAreReadOrRefusedWithA4xx(byte[] input) {
    RUNS.incrementAndGet();
    if (input.length < 2) {
      return;
    }
    CsvKind kind = CsvKind.values()[Math.floorMod(input[0], CsvKind.values().length)];
    var declared = (input[1] & 1) == 1 ? StandardCharsets.UTF_8 : null;
    byte[] file = Arrays.copyOfRange(input, 2, input.length);
    try {
      CsvTable table = CsvTable.read(file, declared, LIMITS);
      new RowMapper(kind, table, codes, "fuzz", id -> id.startsWith("K"), LIMITS.maxErrors()).map();
    } catch (LibertasException e) {
      assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
      assertThat(e.errors()).as(e.getMessage()).isNotEmpty();
    }
  }
}
