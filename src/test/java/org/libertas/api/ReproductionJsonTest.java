package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.libertas.rescoring.Reproduction;

/** The recomputation document, field by field and in order, as clients have read it. */
class ReproductionJsonTest {
  @Test
  void aRecomputedScoreRendersBothScoresAndTheVerdict() {
    var score = new Reproduction.Score(42, "medium", "abc", "monitor");
    var r = new Reproduction.Recomputed(7, "S1", 2, 5, "2026-03-01", score, score, true);
    assertThat(ReproductionJson.of(r).encode())
        .isEqualTo(
            "{\"snapshotId\":7,\"supplierId\":\"S1\",\"ontologyVersion\":2,\"dataVersion\":5,"
                + "\"asOf\":\"2026-03-01\","
                + "\"stored\":{\"score\":42,\"band\":\"medium\",\"inputsHash\":\"abc\","
                + "\"recommendation\":\"monitor\"},"
                + "\"recomputed\":{\"score\":42,\"band\":\"medium\",\"inputsHash\":\"abc\","
                + "\"recommendation\":\"monitor\"},"
                + "\"identical\":true}");
  }

  @Test
  void aSupplierMissingFromTheReplayedDataHasANullRecomputation() {
    var stored = new Reproduction.Score(42, "medium", "abc", "monitor");
    var r = new Reproduction.Recomputed(7, "S1", 2, 5, "2026-03-01", stored, null, false);
    assertThat(ReproductionJson.of(r).encode())
        .contains("\"recomputed\":null")
        .endsWith("\"identical\":false}");
  }
}
