package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.ScoringParameters;

/**
 * The properties of the scoring model (docs/architecture.md, "Scoring") on randomised supply chains
 * (1–60 suppliers, random links with cycles, self links and duplicates, signals over 2–3 families
 * with random dates and hard stops). Every assertion message carries the trial's seed; rerun one
 * with {@code -Dscoring.seed=<seed>}.
 */
class ScoringPropertiesTest {
  private static final int TRIALS = 200;
  private static final long BASE_SEED = Long.getLong("scoring.seed", 0x11BE27A5L);
  private static final boolean SINGLE = System.getProperty("scoring.seed") != null;
  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

  /**
   * Tolerance for risks only (doubles): noisy-OR products may be reassociated when a factor is
   * added, which can move the last bit. Integer scores are compared exactly.
   */
  private static final double ULP = 1e-12;

  private static final List<ScoringParameters.Family> FAMILIES =
      List.of(
          new ScoringParameters.Family("f:country", 1.0, true),
          new ScoringParameters.Family("f:finding", 1.0, false),
          new ScoringParameters.Family("f:recruiter", 0.8, false),
          new ScoringParameters.Family("f:sector", 1.5, true));

  /** The dimension of each family (DESIGN §4): every engine of these properties scores both. */
  static final Map<String, String> DIMENSIONS =
      Map.of(
          "f:country", ScoringEngine.CONTEXT,
          "f:sector", ScoringEngine.CONTEXT,
          "f:finding", ScoringEngine.EVIDENCE,
          "f:recruiter", ScoringEngine.EVIDENCE);

  /** The score's and both dimensions' values of an assessment: [score, context, evidence]. */
  static List<Assessment.Dimension> dimensions(Assessment a) {
    return List.of(a.context(), a.evidence());
  }

  /** One random input: suppliers, links, signals and parameters. */
  record Case(
      long seed,
      List<String> ids,
      List<String[]> links,
      List<Signal> signals,
      ScoringParameters params,
      List<String> families) {

    Case with(List<String[]> links, List<Signal> signals) {
      return new Case(seed, ids, links, signals, params, families);
    }
  }

  /** The scores of a case, by supplier id, and the chain they were computed on. */
  record Result(SupplyChain chain, Map<String, Assessment> byId, List<Assessment> ordered) {}

  private static long seed(int trial) {
    return SINGLE ? BASE_SEED : BASE_SEED * 1_000_003L + trial;
  }

  private static int trials() {
    return SINGLE ? 1 : TRIALS;
  }

  static Case randomCase(long seed) {
    Random rnd = new Random(seed);
    int n = 1 + rnd.nextInt(60);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("s" + Integer.toString(rnd.nextInt(1_000_000), 36) + "-" + i);
    }
    List<String[]> links = new ArrayList<>();
    int m = rnd.nextInt(3 * n + 1);
    for (int k = 0; k < m; k++) {
      String buyer = ids.get(rnd.nextInt(n));
      String supplier = rnd.nextInt(50) == 0 ? "unknown" : ids.get(rnd.nextInt(n));
      links.add(new String[] {buyer, supplier});
    }
    List<ScoringParameters.Family> fams = new ArrayList<>(FAMILIES);
    Collections.shuffle(fams, rnd);
    fams = fams.subList(0, 2 + rnd.nextInt(2));
    Map<String, ScoringParameters.Family> families = new HashMap<>();
    fams.forEach(f -> families.put(f.iri(), f));
    List<String> familyIris = fams.stream().map(ScoringParameters.Family::iri).sorted().toList();

    List<Signal> signals = new ArrayList<>();
    for (String id : ids) {
      int k = rnd.nextInt(5);
      for (int j = 0; j < k; j++) {
        signals.add(randomSignal(rnd, id, familyIris));
      }
    }
    boolean defaults = rnd.nextBoolean();
    ScoringParameters params =
        new ScoringParameters(
            defaults ? 0.6 : 0.2 + 0.7 * rnd.nextDouble(),
            defaults ? 6 : 1 + rnd.nextInt(10),
            0.99,
            defaults ? 365 : 30 + rnd.nextInt(700),
            0.90,
            0.75,
            ScoringEngineTest.BANDS,
            "b:critical",
            families);
    return new Case(seed, ids, links, signals, params, familyIris);
  }

  static Signal randomSignal(Random rnd, String supplier, List<String> families) {
    double strength =
        switch (rnd.nextInt(10)) {
          case 0 -> 0.0;
          case 1 -> 1.0;
          default -> rnd.nextDouble();
        };
    LocalDate observed =
        switch (rnd.nextInt(5)) {
          case 0 -> null;
          case 1 -> AS_OF.plusDays(rnd.nextInt(400)); // future: counts fully
          default -> AS_OF.minusDays(rnd.nextInt(3000));
        };
    String rule = "r" + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
    List<String> evidence =
        rnd.nextInt(4) == 0 ? List.of() : List.of("ev:" + rule, "ev:row" + rnd.nextInt(100));
    return new Signal(
        supplier,
        rule,
        families.get(rnd.nextInt(families.size())),
        strength,
        evidence.stream().sorted().toList(),
        observed,
        rnd.nextInt(20) == 0);
  }

  static Result run(Case c) {
    SupplyChain chain = SupplyChain.of(c.ids(), c.links());
    List<List<Signal>> bySupplier = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      bySupplier.add(new ArrayList<>());
    }
    for (Signal s : c.signals()) {
      bySupplier.get(chain.indexOf(s.supplierId())).add(s);
    }
    Assessment[] out = new ScoringEngine(c.params(), DIMENSIONS).score(chain, bySupplier, AS_OF);
    Map<String, Assessment> byId = new HashMap<>();
    for (Assessment a : out) {
      byId.put(a.supplierId(), a);
    }
    return new Result(chain, byId, List.of(out));
  }

  /** Own risk from the assessment's own factors, multiplied in a fixed (id) order. */
  static double ownRisk(Assessment a) {
    double keep = 1;
    for (Assessment.Factor f :
        a.factors().stream()
            .filter(f -> !ScoringEngine.UPSTREAM.equals(f.family()))
            .sorted(Comparator.comparing(Assessment.Factor::id))
            .toList()) {
      keep *= 1 - f.strength();
    }
    return 1 - keep;
  }

  static String factorId(Signal s) {
    return s.rule() + (s.evidence().isEmpty() ? "" : "|" + String.join(",", s.evidence()));
  }

  /** No supplier's score (exactly) or risk (to the last bits) went down from before to after. */
  static void assertNothingLower(Case c, Result before, Result after, String what) {
    for (Assessment b : before.ordered()) {
      Assessment a = after.byId().get(b.supplierId());
      assertThat(a.score())
          .as(() -> String.format("seed=%d %s: score of %s", c.seed(), what, b.supplierId()))
          .isGreaterThanOrEqualTo(b.score());
      assertThat(a.risk())
          .as(() -> String.format("seed=%d %s: risk of %s", c.seed(), what, b.supplierId()))
          .isGreaterThanOrEqualTo(b.risk() - ULP);
      for (int d = 0; d < 2; d++) {
        Assessment.Dimension was = dimensions(b).get(d);
        Assessment.Dimension now = dimensions(a).get(d);
        int dim = d;
        assertThat(now.score())
            .as(
                () ->
                    String.format(
                        "seed=%d %s: dimension %d of %s", c.seed(), what, dim, b.supplierId()))
            .isGreaterThanOrEqualTo(was.score());
        assertThat(now.risk())
            .as(
                () ->
                    String.format(
                        "seed=%d %s: dimension %d risk of %s", c.seed(), what, dim, b.supplierId()))
            .isGreaterThanOrEqualTo(was.risk() - ULP);
      }
    }
  }

  // ------------------------------------------------------------------ (a)

  @Test
  void addingASignalNeverLowersAnyScore() {
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      Random rnd = new Random(c.seed() ^ 0xA);
      Result before = run(c);
      for (int k = 0; k < 3; k++) {
        String target = c.ids().get(rnd.nextInt(c.ids().size()));
        Signal added = randomSignal(rnd, target, c.families());
        List<Signal> more = new ArrayList<>(c.signals());
        more.add(added);
        Result after = run(c.with(c.links(), more));
        assertNothingLower(c, before, after, "adding " + added);
      }
    }
  }

  // ------------------------------------------------------------------ (b)

  @Test
  void remediatingNeverRaisesAnyScoreAndLowersTheSuppliersOwnRisk() {
    int counted = 0;
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      if (c.signals().isEmpty()) {
        continue;
      }
      Random rnd = new Random(c.seed() ^ 0xB);
      Result before = run(c);
      int j = rnd.nextInt(c.signals().size());
      Signal s = c.signals().get(j);
      Signal remediated =
          new Signal(
              s.supplierId(),
              s.rule(),
              s.family(),
              s.strength() * 0.25,
              s.evidence(),
              s.observedOn(),
              s.hardStop());
      List<Signal> signals = new ArrayList<>(c.signals());
      signals.set(j, remediated);
      Result after = run(c.with(c.links(), signals));
      String what = "remediating " + s;

      for (Assessment b : before.ordered()) {
        Assessment a = after.byId().get(b.supplierId());
        assertThat(a.score())
            .as(() -> String.format("seed=%d %s: score of %s", c.seed(), what, b.supplierId()))
            .isLessThanOrEqualTo(b.score());
        assertThat(a.risk())
            .as(() -> String.format("seed=%d %s: risk of %s", c.seed(), what, b.supplierId()))
            .isLessThanOrEqualTo(b.risk() + ULP);
        for (int d = 0; d < 2; d++) {
          int dim = d;
          assertThat(dimensions(a).get(d).risk())
              .as(
                  () ->
                      String.format(
                          "seed=%d %s: dimension %d of %s", c.seed(), what, dim, b.supplierId()))
              .isLessThanOrEqualTo(dimensions(b).get(d).risk() + ULP);
        }
      }
      Assessment b = before.byId().get(s.supplierId());
      Assessment a = after.byId().get(s.supplierId());
      boolean wasCounted =
          b.factors().stream().anyMatch(f -> f.id().equals(factorId(s)) && f.strength() > 0);
      if (wasCounted) {
        counted++;
        assertThat(ownRisk(a))
            .as(() -> String.format("seed=%d %s: own risk", c.seed(), what))
            .isLessThan(ownRisk(b));
        assertThat(a.risk())
            .as(() -> String.format("seed=%d %s: risk", c.seed(), what))
            .isLessThan(b.risk());
      } else {
        assertThat(ownRisk(a))
            .as(() -> String.format("seed=%d %s: own risk", c.seed(), what))
            .isEqualTo(ownRisk(b));
      }
    }
    assertThat(counted).as("trials where the remediated signal counted").isPositive();
  }

  // ------------------------------------------------------------------ (c)

  @Test
  void upstreamNeverExceedsTheWorstDirectSuppliersRisk() {
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      Result r = run(c);
      SupplyChain chain = r.chain();
      double decay = c.params().tierDecay();
      for (int i = 0; i < chain.size(); i++) {
        Assessment a = r.ordered().get(i);
        double worstRisk = 0;
        int worstScore = 0;
        for (int e = chain.from(i); e < chain.to(i); e++) {
          Assessment s = r.ordered().get(chain.target(e));
          worstRisk = Math.max(worstRisk, s.risk());
          worstScore = Math.max(worstScore, s.score());
        }
        List<Assessment.Factor> up =
            a.factors().stream().filter(f -> ScoringEngine.UPSTREAM.equals(f.family())).toList();
        assertThat(up)
            .as(() -> String.format("seed=%d upstream factors of %s", c.seed(), a.supplierId()))
            .hasSizeLessThan(2);
        double strength = up.isEmpty() ? 0 : up.get(0).strength();
        Supplier<String> msg = () -> "seed=" + c.seed() + " upstream of " + a.supplierId();
        // the model: up = decay × risk of the riskiest direct supplier (at most)
        assertThat(strength).as(msg).isLessThanOrEqualTo(decay * worstRisk + ULP);
        assertThat(strength).as(msg).isLessThanOrEqualTo(worstRisk + ULP);
        // in score points: up to the half point by which the supplier's score may be rounded down
        assertThat(100 * strength).as(msg).isLessThanOrEqualTo(worstScore + 0.5 + ULP);
        if (worstRisk >= 0.0125) { // 0.6 r ≤ r − 0.005: no rounding can make the score smaller
          assertThat(strength).as(msg).isLessThanOrEqualTo(worstScore / 100.0 + ULP);
        }
        // each dimension likewise, from its own riskiest supplier
        for (int d = 0; d < 2; d++) {
          double worstDim = 0;
          for (int e = chain.from(i); e < chain.to(i); e++) {
            worstDim =
                Math.max(worstDim, dimensions(r.ordered().get(chain.target(e))).get(d).risk());
          }
          double dimUp =
              dimensions(a).get(d).factors().stream()
                  .filter(f -> ScoringEngine.UPSTREAM.equals(f.family()))
                  .mapToDouble(Assessment.Factor::strength)
                  .max()
                  .orElse(0);
          assertThat(dimUp).as(msg).isLessThanOrEqualTo(decay * worstDim + ULP);
          assertThat(dimensions(a).get(d).risk()).as(msg).isLessThanOrEqualTo(a.risk() + ULP);
        }
        if (!up.isEmpty()) {
          assertThat(a.path()).as(msg).isNotEmpty();
          assertThat(up.get(0).evidence())
              .as(msg)
              .isEqualTo(a.path().stream().map(Assessment.PathStep::supplierId).toList());
          Assessment first = r.byId().get(a.path().get(0).supplierId());
          assertThat(first.risk()).as(msg).isGreaterThanOrEqualTo(a.path().get(0).risk());
        } else {
          assertThat(a.path()).as(msg).isEmpty();
        }
      }
    }
  }

  // ------------------------------------------------------------------ (d)

  @Test
  void contributionsAddUpToTheScoreForEverySupplier() {
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      for (Assessment a : run(c).ordered()) {
        Supplier<String> msg = () -> "seed=" + c.seed() + " contributions of " + a.supplierId();
        double sum = a.factors().stream().mapToDouble(Assessment.Factor::contribution).sum();
        assertThat(sum).as(msg).isCloseTo(a.score(), within(1e-9));
        assertThat(a.factors())
            .as(msg)
            .allSatisfy(f -> assertThat(f.contribution()).isNotNegative());
        if (a.score() == 0) {
          assertThat(a.factors()).as(msg).allSatisfy(f -> assertThat(f.contribution()).isZero());
        }
        assertThat(a.score()).as(msg).isEqualTo((int) Math.round(100 * a.risk()));
        assertThat(a.risk()).as(msg).isBetween(0.0, 1.0);
        assertThat(a.band()).as(msg).isEqualTo(c.params().band(a.score(), a.hardStop()));
        for (Assessment.Dimension d : dimensions(a)) {
          double dsum = d.factors().stream().mapToDouble(Assessment.Factor::contribution).sum();
          assertThat(dsum).as(msg).isCloseTo(d.score(), within(1e-9));
          assertThat(d.score()).as(msg).isEqualTo((int) Math.round(100 * d.risk()));
          assertThat(d.factors())
              .as(msg)
              .allSatisfy(
                  f ->
                      assertThat(
                              ScoringEngine.UPSTREAM.equals(f.family())
                                  || DIMENSIONS.containsKey(f.family()))
                          .isTrue());
        }
      }
    }
  }

  // ------------------------------------------------------------------ (e)

  @Test
  void sameInputsGiveBitIdenticalResultsWhateverTheOrder() {
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      Random rnd = new Random(c.seed() ^ 0xE);
      Result one = run(c);
      Result two = run(c);

      List<String> ids = new ArrayList<>(c.ids());
      List<String[]> links = new ArrayList<>(c.links());
      List<Signal> signals = new ArrayList<>(c.signals());
      Collections.shuffle(ids, rnd);
      Collections.shuffle(links, rnd);
      Collections.shuffle(signals, rnd);
      Result shuffled = run(new Case(c.seed(), ids, links, signals, c.params(), c.families()));

      String msg = "seed=" + c.seed();
      assertThat(fingerprint(two)).as(msg + " second run").isEqualTo(fingerprint(one));
      assertThat(two.ordered()).as(msg + " second run").isEqualTo(one.ordered());
      assertThat(fingerprint(shuffled)).as(msg + " shuffled").isEqualTo(fingerprint(one));
      assertThat(shuffled.ordered()).as(msg + " shuffled").isEqualTo(one.ordered());
    }
  }

  /** Supplier id, exact bits of the risk, score and inputs hash of every supplier, in id order. */
  private static List<String> fingerprint(Result r) {
    return r.ordered().stream()
        .map(
            a ->
                a.supplierId()
                    + " "
                    + Long.toHexString(Double.doubleToRawLongBits(a.risk()))
                    + " "
                    + a.score()
                    + " "
                    + a.inputsHash())
        .toList();
  }

  // ------------------------------------------------------------------ (f)

  @Test
  void addingASupplyLinkNeverLowersAnyScore() {
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      Random rnd = new Random(c.seed() ^ 0xF);
      Result before = run(c);
      for (int k = 0; k < 3; k++) {
        String buyer = c.ids().get(rnd.nextInt(c.ids().size()));
        String supplier = c.ids().get(rnd.nextInt(c.ids().size()));
        List<String[]> links = new ArrayList<>(c.links());
        links.add(new String[] {buyer, supplier});
        Result after = run(c.with(links, c.signals()));
        assertNothingLower(c, before, after, "adding link " + buyer + " -> " + supplier);
      }
    }
  }

  // ------------------------------------------------------------------ incremental

  /**
   * Scoring again from an earlier state after some suppliers' signals changed (added, removed,
   * replaced, or marked changed but identical) gives exactly what a full scoring gives, and
   * assesses anew every supplier whose signals changed.
   */
  @Test
  void anIncrementalScoringIsExactlyAFullOne() {
    int reused = 0;
    for (int t = 0; t < trials(); t++) {
      Case c = randomCase(seed(t));
      Random rnd = new Random(c.seed() ^ 0x1C);
      SupplyChain chain = SupplyChain.of(c.ids(), c.links());
      ScoringEngine engine = new ScoringEngine(c.params(), DIMENSIONS);
      List<List<Signal>> signals = bySupplier(chain, c.signals());
      ScoringEngine.State state = engine.score(chain, signals, AS_OF, null, null).state();
      for (int round = 0; round < 3; round++) {
        boolean[] changed = new boolean[chain.size()];
        List<List<Signal>> next = new ArrayList<>(signals);
        int k = 1 + rnd.nextInt(Math.max(1, chain.size() / 4));
        for (int j = 0; j < k; j++) {
          int i = rnd.nextInt(chain.size());
          changed[i] = true;
          List<Signal> now = new ArrayList<>(next.get(i));
          switch (rnd.nextInt(4)) {
            case 0 -> now.add(randomSignal(rnd, chain.id(i), c.families()));
            case 1 -> {
              if (!now.isEmpty()) {
                now.remove(rnd.nextInt(now.size()));
              }
            }
            case 2 -> now.clear();
            default -> {} // named by the upload, but the same signals
          }
          next.set(i, now);
        }
        ScoringEngine.Scored inc = engine.score(chain, next, AS_OF, state, changed);
        Assessment[] full = engine.score(chain, next, AS_OF);
        String msg = "seed=" + c.seed() + " round " + round;
        assertThat(inc.assessments()).as(msg).isEqualTo(full);
        for (int i = 0; i < chain.size(); i++) {
          if (changed[i]) {
            assertThat(inc.assessed()[i]).as(msg + " changed supplier " + i).isTrue();
          } else if (!inc.assessed()[i]) {
            reused++;
          }
        }
        signals = next;
        state = inc.state();
      }
    }
    assertThat(reused).as("assessments reused across all trials").isPositive();
  }

  /** Another as-of date or other parameters: everyone is assessed anew. */
  @Test
  void anIncrementalScoringOnAnotherDayAssessesEveryone() {
    Case c = randomCase(seed(1));
    SupplyChain chain = SupplyChain.of(c.ids(), c.links());
    ScoringEngine engine = new ScoringEngine(c.params(), DIMENSIONS);
    List<List<Signal>> signals = bySupplier(chain, c.signals());
    ScoringEngine.State state = engine.score(chain, signals, AS_OF, null, null).state();
    ScoringEngine.Scored later =
        engine.score(chain, signals, AS_OF.plusDays(1), state, new boolean[chain.size()]);
    assertThat(later.assessed()).doesNotContain(false);
    assertThat(later.assessments()).isEqualTo(engine.score(chain, signals, AS_OF.plusDays(1)));
  }

  private static List<List<Signal>> bySupplier(SupplyChain chain, List<Signal> signals) {
    List<List<Signal>> out = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      out.add(new ArrayList<>());
    }
    for (Signal s : signals) {
      out.get(chain.indexOf(s.supplierId())).add(s);
    }
    return out;
  }
}
