package org.libertas.screening;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Queries per second of {@link ScreeningIndex} and of the all-pairs Jaro-Winkler peer against 10⁴
 * and 10⁵ generated names, on one thread, with recall and precision at that size (target in
 * bench/README.md). A main method rather than a test: it takes a minute and its figures are for
 * reading, not asserting.
 *
 * <p>Run: {@code mvn -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt},
 * then {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * org.libertas.screening.ScreeningThroughput [sizes…]}. The machine should be otherwise idle.
 */
public final class ScreeningThroughput {

  private static final Thresholds THRESHOLDS = new Thresholds(0.90, 0.75);
  // As lbt:defaultScoring in ontology/scoring.ttl.
  private static final Tuning TUNING = new Tuning(0.05, 50);

  /** Results are added up here so the JIT cannot drop the calls being timed. */
  private static volatile long sink;

  private ScreeningThroughput() {}

  public static void main(String[] args) {
    NameNormaliser normaliser = LegalFormsFixture.normaliser();
    int[] sizes =
        args.length == 0
            ? new int[] {10_000, 100_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int size : sizes) {
      run(size, normaliser);
    }
  }

  /** What one size measured (for bench/run.sh's side-by-side table). */
  public record Figures(
      int entries,
      double indexQueriesPerSecond,
      double allPairsQueriesPerSecond,
      double recall,
      double precision,
      double indexBuildSeconds) {}

  /** Measures one size on this thread, each rate over {@code seconds} after a warm-up as long. */
  public static Figures measure(int size, double seconds, int recallSample) {
    return run(size, LegalFormsFixture.normaliser(), seconds, recallSample);
  }

  private static Figures run(int size, NameNormaliser normaliser) {
    return run(size, normaliser, 3.0, Integer.MAX_VALUE);
  }

  /**
   * @param recallSample recall is counted over at most this many variants (a seeded shuffle of
   *     them), so a bounded run can still report it
   */
  private static Figures run(
      int size, NameNormaliser normaliser, double seconds, int recallSample) {
    long t0 = System.nanoTime();
    VariantGenerator.Dataset data = new VariantGenerator(7L, normaliser).generate(size, 200);
    long t1 = System.nanoTime();
    ScreeningIndex index = ScreeningIndex.build(data.entries(), normaliser, THRESHOLDS, TUNING);
    long t2 = System.nanoTime();
    AllPairsScreener peer = new AllPairsScreener(data.entries(), normaliser, THRESHOLDS);
    System.out.printf(
        Locale.ROOT,
        "%,d entries: generated in %.1f s, index built in %.2f s%n",
        data.entries().size(),
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);

    List<Query> queries = new ArrayList<>();
    data.variants().forEach(v -> queries.add(v.query()));
    Collections.shuffle(queries, new Random(1));

    double indexRate = rate(queries, q -> index.screen(q, 10), seconds);
    double peerRate = rate(queries, q -> peer.screen(q, 10), seconds);
    System.out.printf(
        Locale.ROOT,
        "  index     %,10.0f queries/s%n  all-pairs %,10.1f queries/s%n  speed-up  %,10.0f x%n",
        indexRate,
        peerRate,
        indexRate / peerRate);

    List<VariantGenerator.Variant> sample = new ArrayList<>(data.variants());
    Collections.shuffle(sample, new Random(2));
    sample = sample.subList(0, Math.min(recallSample, sample.size()));
    int found = 0;
    for (VariantGenerator.Variant v : sample) {
      List<Match> m = index.screen(v.query(), 1);
      if (!m.isEmpty() && m.get(0).entryId().equals(v.expectedId())) {
        found++;
      }
    }
    int falseMatches = 0;
    for (Query q : data.unrelated()) {
      List<Match> m = index.screen(q, 1);
      if (!m.isEmpty() && m.get(0).status() == Match.Status.MATCH) {
        falseMatches++;
      }
    }
    int nearMissMatches = 0;
    for (Query q : data.nearMisses()) {
      List<Match> m = index.screen(q, 1);
      if (!m.isEmpty() && m.get(0).status() == Match.Status.MATCH) {
        nearMissMatches++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  near misses (one word replaced) reported as MATCH: %d of %d%n",
        nearMissMatches,
        data.nearMisses().size());
    System.out.printf(
        Locale.ROOT,
        "  recall %.4f (%d/%d variants), precision %.4f (%d false MATCH of %d unrelated)%n",
        (double) found / sample.size(),
        found,
        sample.size(),
        1.0 - (double) falseMatches / Math.max(1, data.unrelated().size()),
        falseMatches,
        data.unrelated().size());
    return new Figures(
        data.entries().size(),
        indexRate,
        peerRate,
        (double) found / sample.size(),
        1.0 - (double) falseMatches / Math.max(1, data.unrelated().size()),
        (t2 - t1) / 1e9);
  }

  /** Queries per second over at least {@code seconds}, after a warm-up of the same length. */
  private static double rate(
      List<Query> queries, Function<Query, List<Match>> screen, double seconds) {
    double rate = 0;
    for (int pass = 0; pass < 2; pass++) {
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      long results = 0;
      int done = 0;
      while (System.nanoTime() < deadline) {
        results += screen.apply(queries.get(done % queries.size())).size();
        done++;
      }
      sink += results;
      rate = done / ((System.nanoTime() - start) / 1e9);
    }
    return rate;
  }
}
