package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Recall and precision on generated variants (bench/README.md sets recall ≥ 0.99 at 10⁵ names; that
 * run is {@link ScreeningThroughput}). Here 2,000 names plus native-script entries keep the suite
 * fast; the bounds leave a margin so an unlucky seed change does not fail the build, a real
 * regression does.
 */
class VariantRecallTest {

  private static final Thresholds THRESHOLDS = new Thresholds(0.90, 0.75);
  // As lbt:defaultScoring in ontology/scoring.ttl.
  private static final Tuning TUNING = new Tuning(0.05, 50);

  @Test
  void generatedVariantsAreFoundAndUnrelatedNamesAreNot() {
    NameNormaliser normaliser = LegalFormsFixture.normaliser();
    long start = System.nanoTime();
    VariantGenerator.Dataset data =
        new VariantGenerator(20240917L, normaliser).generate(2_000, 500);
    ScreeningIndex index = ScreeningIndex.build(data.entries(), normaliser, THRESHOLDS, TUNING);
    long built = System.nanoTime();

    Map<String, int[]> byKind = new TreeMap<>();
    int found = 0;
    for (VariantGenerator.Variant v : data.variants()) {
      List<Match> matches = index.screen(v.query(), 5);
      boolean hit = !matches.isEmpty() && matches.get(0).entryId().equals(v.expectedId());
      int[] counts = byKind.computeIfAbsent(v.kind(), k -> new int[2]);
      counts[1]++;
      if (hit) {
        found++;
        counts[0]++;
      } else if (counts[1] - counts[0] <= 2) { // the first two misses of each kind
        System.out.printf(Locale.ROOT, "missed (%s): %s -> %s%n", v.kind(), v.query(), matches);
      }
    }
    int falseMatches = 0;
    for (Query q : data.unrelated()) {
      List<Match> matches = index.screen(q, 5);
      if (!matches.isEmpty() && matches.get(0).status() == Match.Status.MATCH) {
        falseMatches++;
        if (falseMatches <= 3) {
          System.out.printf(Locale.ROOT, "false MATCH: %s -> %s%n", q.name(), matches.get(0));
        }
      }
    }
    int nearMissMatches = 0;
    for (Query q : data.nearMisses()) {
      List<Match> matches = index.screen(q, 5);
      if (!matches.isEmpty() && matches.get(0).status() == Match.Status.MATCH) {
        nearMissMatches++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "near misses (one word replaced) reported as MATCH: %d of %d%n",
        nearMissMatches,
        data.nearMisses().size());
    double recall = (double) found / data.variants().size();
    System.out.printf(
        Locale.ROOT,
        "generated and indexed in %.1f s, %d queries screened in %.1f s%n",
        (built - start) / 1e9,
        data.variants().size() + data.unrelated().size() + data.nearMisses().size(),
        (System.nanoTime() - built) / 1e9);
    double precision = 1.0 - (double) falseMatches / data.unrelated().size();
    System.out.printf(
        Locale.ROOT,
        "screening on %d entries: recall %.4f (%d/%d variants), precision %.4f (%d false MATCH of"
            + " %d unrelated)%n",
        data.entries().size(),
        recall,
        found,
        data.variants().size(),
        precision,
        falseMatches,
        data.unrelated().size());
    byKind.forEach(
        (kind, c) -> System.out.printf(Locale.ROOT, "  %-30s %4d/%4d%n", kind, c[0], c[1]));

    int[] split = byKind.get("joined or split");
    org.libertas.reliability.Figures.record(
        20, "recall on generated variants, all kinds", found + "/" + data.variants().size(), null);
    org.libertas.reliability.Figures.record(
        20,
        "recall on words joined or split (nothing, dot, zero-width and bidi characters, soft hyphen)",
        split[0] + "/" + split[1],
        null);
    assertThat(recall).isGreaterThanOrEqualTo(0.97);
    assertThat(precision).isGreaterThanOrEqualTo(0.98);
    assertThat(byKind.get("native script vs romanised")[0])
        .isEqualTo(byKind.get("native script vs romanised")[1]);
    assertThat(byKind.get("native script vs native alias")[0])
        .isEqualTo(byKind.get("native script vs native alias")[1]);
    // Words joined (by nothing, a dot or an invisible character) or split by a space.
    int[] joined = byKind.get("joined or split");
    assertThat(joined[1]).isGreaterThan(50);
    assertThat((double) joined[0] / joined[1]).isGreaterThanOrEqualTo(0.99);
  }
}
