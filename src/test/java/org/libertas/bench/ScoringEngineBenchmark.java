package org.libertas.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.libertas.ontology.ScoringParameters;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringEngine;
import org.libertas.reasoning.Signal;
import org.libertas.reasoning.SupplyChain;
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
 * Full scoring by {@link ScoringEngine} (own factors, upstream propagation, explanations and input
 * hashes) of a synthetic supply chain over 5 tiers, with the signals the rules would have produced
 * already in hand: the Java half of bench/README.md's "full scoring, 100k suppliers, 5 tiers". Rule
 * evaluation over the graph (TenantScorer) is not in this figure.
 *
 * <p>The chain: tier sizes grow 1 : 2 : 4 : 8 : 16 toward the raw-material end; every supplier
 * below tier 0 sells to 1–3 buyers one tier up, and 1 % of the links go back up a tier, so there
 * are cycles. Each supplier gets 1–5 signals from the eight rule families; a third of the findings
 * are remediated-level weak, and findings carry dates up to three years old so recency is
 * exercised.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ScoringEngineBenchmark {
  private static final String NS = "https://w3id.org/libertas/ns#";
  private static final String[] FAMILIES = {
    "CountryFamily", "CommodityFamily", "RegionFamily", "SectorFamily",
    "RecruiterFamily", "FindingFamily", "WorkforceFamily", "ListedEntityFamily"
  };
  private static final boolean[] MAX = {true, false, true, true, false, false, false, true};
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);

  @Param({"10000", "100000"})
  public int suppliers;

  private ScoringEngine engine;
  private SupplyChain chain;
  private List<List<Signal>> signals;

  /** The defaults of ontology/scoring.ttl. */
  static ScoringParameters parameters() {
    Map<String, ScoringParameters.Family> families = new TreeMap<>();
    for (int f = 0; f < FAMILIES.length; f++) {
      families.put(NS + FAMILIES[f], new ScoringParameters.Family(NS + FAMILIES[f], 1.0, MAX[f]));
    }
    List<ScoringParameters.Band> bands =
        List.of(
            new ScoringParameters.Band(NS + "BandLow", "low", 0, "proceed"),
            new ScoringParameters.Band(NS + "BandMedium", "medium", 25, "monitor"),
            new ScoringParameters.Band(NS + "BandHigh", "high", 50, "enhanced-due-diligence"),
            new ScoringParameters.Band(NS + "BandCritical", "critical", 75, "do-not-source"));
    return new ScoringParameters(
        0.6, 6, 0.99, 365, 0.90, 0.75, bands, NS + "BandCritical", families);
  }

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    int[] tierOf = new int[suppliers];
    int[][] tierMembers = new int[5][];
    int[] weights = {1, 2, 4, 8, 16};
    int start = 0;
    List<String> ids = new ArrayList<>(suppliers);
    for (int t = 0; t < 5; t++) {
      int size = t == 4 ? suppliers - start : suppliers * weights[t] / 31;
      tierMembers[t] = new int[size];
      for (int k = 0; k < size; k++) {
        tierMembers[t][k] = start + k;
        tierOf[start + k] = t;
      }
      start += size;
    }
    for (int i = 0; i < suppliers; i++) {
      ids.add(String.format("S-%06d", i));
    }
    List<String[]> links = new ArrayList<>();
    for (int i = 0; i < suppliers; i++) {
      int t = tierOf[i];
      if (t == 0) {
        continue;
      }
      int buyers = 1 + random.nextInt(3);
      for (int b = 0; b < buyers; b++) {
        int[] up = tierMembers[t - 1];
        links.add(new String[] {ids.get(up[random.nextInt(up.length)]), ids.get(i)});
      }
      if (random.nextInt(100) == 0) {
        // a link back up a tier: trading houses that buy from each other
        int[] up = tierMembers[t - 1];
        links.add(new String[] {ids.get(i), ids.get(up[random.nextInt(up.length)])});
      }
    }
    chain = SupplyChain.of(ids, links);

    signals = new ArrayList<>(chain.size());
    for (int i = 0; i < chain.size(); i++) {
      String id = chain.id(i);
      List<Signal> own = new ArrayList<>();
      int count = 1 + random.nextInt(5);
      for (int s = 0; s < count; s++) {
        int f = random.nextInt(FAMILIES.length);
        boolean finding = FAMILIES[f].equals("FindingFamily");
        boolean hardStop = FAMILIES[f].equals("ListedEntityFamily") && random.nextInt(50) == 0;
        double strength = hardStop ? 0.95 : 0.05 + 0.6 * random.nextDouble();
        own.add(
            new Signal(
                id,
                "rule-" + f,
                NS + FAMILIES[f],
                finding && random.nextInt(3) == 0 ? strength * 0.25 : strength,
                List.of("https://w3id.org/libertas/ref/evidence-" + f + "-" + i + "-" + s),
                finding ? AS_OF.minusDays(random.nextInt(3 * 365)) : null,
                hardStop));
      }
      signals.add(own);
    }
    engine = new ScoringEngine(parameters());
  }

  @Benchmark
  public Assessment[] fullScoring() {
    return engine.score(chain, signals, AS_OF);
  }
}
