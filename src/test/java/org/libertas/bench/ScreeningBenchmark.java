package org.libertas.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.libertas.screening.AllPairsScreener;
import org.libertas.screening.BenchmarkNames;
import org.libertas.screening.Match;
import org.libertas.screening.Query;
import org.libertas.screening.ScreeningIndex;
import org.libertas.screening.Thresholds;
import org.libertas.screening.Tuning;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recruiter screening, one query at a time on one thread (bench/README.md: ≥ 1,000 queries/s/core
 * against 10⁵ names, ≥ 50× the all-pairs Jaro-Winkler peer). The queries are the generated variants
 * of listed names (typos, reordered words, other legal forms, transliterations), cycled through.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ScreeningBenchmark {
  // As lbt:defaultScoring in ontology/scoring.ttl.
  private static final Thresholds THRESHOLDS = new Thresholds(0.90, 0.75);
  private static final Tuning TUNING = new Tuning(0.05, 50);
  private static final int LIMIT = 10;

  @Param({"10000", "100000"})
  public int names;

  private ScreeningIndex index;
  private AllPairsScreener allPairs;
  private List<Query> queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchmarkNames.Names data = BenchmarkNames.generate(names, 7L);
    index = ScreeningIndex.build(data.entries(), data.normaliser(), THRESHOLDS, TUNING);
    allPairs = new AllPairsScreener(data.entries(), data.normaliser(), THRESHOLDS);
    queries = data.queries();
  }

  private Query nextQuery() {
    Query q = queries.get(next);
    next = next + 1 == queries.size() ? 0 : next + 1;
    return q;
  }

  @Benchmark
  public List<Match> index() {
    return index.screen(nextQuery(), LIMIT);
  }

  @Benchmark
  public List<Match> allPairs() {
    return allPairs.screen(nextQuery(), LIMIT);
  }
}
