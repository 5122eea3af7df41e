package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.OntologyLoader;
import org.libertas.ontology.ScoringParameters;

/** Hand-checked examples of the scoring model (docs/architecture.md, "Scoring"). */
class ScoringEngineTest {
  static final String COUNTRY = "f:country";
  static final String FINDING = "f:finding";
  static final String SECTOR = "f:sector";
  static final String HEAVY = "f:heavy";
  static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
  static final double EPS = 1e-12;

  static final List<ScoringParameters.Band> BANDS =
      List.of(
          new ScoringParameters.Band("b:critical", "critical", 75, "do-not-source"),
          new ScoringParameters.Band("b:low", "low", 0, "proceed"),
          new ScoringParameters.Band("b:high", "high", 50, "enhanced-due-diligence"),
          new ScoringParameters.Band("b:medium", "medium", 25, "monitor"));

  static ScoringParameters params(double decay, int maxTiers) {
    Map<String, ScoringParameters.Family> families = new HashMap<>();
    families.put(COUNTRY, new ScoringParameters.Family(COUNTRY, 1.0, true));
    families.put(FINDING, new ScoringParameters.Family(FINDING, 1.0, false));
    families.put(SECTOR, new ScoringParameters.Family(SECTOR, 0.5, true));
    families.put(HEAVY, new ScoringParameters.Family(HEAVY, 2.0, false));
    return new ScoringParameters(
        decay, maxTiers, 0.99, 365, 0.90, 0.75, BANDS, "b:critical", families);
  }

  static final ScoringEngine ENGINE = new ScoringEngine(params(0.6, 6));

  static Signal signal(String supplier, String rule, String family, double strength) {
    return new Signal(supplier, rule, family, strength, List.of("ev:" + rule), null, false);
  }

  static Signal dated(String supplier, String rule, double strength, LocalDate observedOn) {
    return new Signal(supplier, rule, FINDING, strength, List.of("ev:" + rule), observedOn, false);
  }

  static Signal hardStop(String supplier, String rule, String family, double strength) {
    return new Signal(supplier, rule, family, strength, List.of("ev:" + rule), null, true);
  }

  /** Scores a chain; signals are grouped by their supplier id. Result keyed by supplier id. */
  static Map<String, Assessment> score(
      ScoringEngine engine, List<String> ids, List<String[]> links, List<Signal> signals) {
    SupplyChain chain = SupplyChain.of(ids, links);
    List<List<Signal>> bySupplier = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      bySupplier.add(new ArrayList<>());
    }
    for (Signal s : signals) {
      bySupplier.get(chain.indexOf(s.supplierId())).add(s);
    }
    Map<String, Assessment> out = new HashMap<>();
    for (Assessment a : engine.score(chain, bySupplier, AS_OF)) {
      out.put(a.supplierId(), a);
    }
    return out;
  }

  static Assessment one(Signal... signals) {
    return score(ENGINE, List.of("A"), List.of(), Arrays.asList(signals)).get("A");
  }

  static String[] link(String buyer, String supplier) {
    return new String[] {buyer, supplier};
  }

  static double contributionSum(Assessment a) {
    return a.factors().stream().mapToDouble(Assessment.Factor::contribution).sum();
  }

  // ------------------------------------------------------------------ own factors

  @Test
  void noSignalsScoreZeroLow() {
    Assessment a = one();

    assertThat(a.risk()).isZero();
    assertThat(a.score()).isZero();
    assertThat(a.factors()).isEmpty();
    assertThat(a.path()).isEmpty();
    assertThat(a.band().code()).isEqualTo("low");
    assertThat(a.hardStop()).isFalse();
  }

  @Test
  void singleFactorScoresRoundOf100f() {
    Assessment a = one(signal("A", "r1", FINDING, 0.37));

    assertThat(a.risk()).isCloseTo(0.37, within(EPS));
    assertThat(a.score()).isEqualTo(37);
    assertThat(a.factors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("r1|ev:r1");
              assertThat(f.rule()).isEqualTo("r1");
              assertThat(f.family()).isEqualTo(FINDING);
              assertThat(f.strength()).isEqualTo(0.37);
              assertThat(f.evidence()).containsExactly("ev:r1");
              assertThat(f.contribution()).isEqualTo(37.0);
            });
    // round half up: 0.375 → 37.5 → 38; 0.374 → 37
    assertThat(one(signal("A", "r1", FINDING, 0.375)).score()).isEqualTo(38);
    assertThat(one(signal("A", "r1", FINDING, 0.374)).score()).isEqualTo(37);
  }

  @Test
  void twoNoisyOrFactorsCombineAsOneMinusProductOfComplements() {
    Assessment a = one(signal("A", "r1", FINDING, 0.3), signal("A", "r2", FINDING, 0.5));

    assertThat(a.risk()).isCloseTo(1 - 0.7 * 0.5, within(EPS)); // 0.65
    assertThat(a.score()).isEqualTo(65);
    assertThat(a.factors()).extracting(Assessment.Factor::rule).containsExactly("r2", "r1");

    Assessment b =
        one(
            signal("A", "r1", FINDING, 0.2),
            signal("A", "r2", FINDING, 0.2),
            signal("A", "r3", FINDING, 0.2));
    assertThat(b.risk()).isCloseTo(1 - 0.8 * 0.8 * 0.8, within(EPS)); // 0.488
    assertThat(b.score()).isEqualTo(49);
  }

  @Test
  void maxFamilyKeepsOnlyTheStrongestSignal() {
    Assessment a =
        one(
            signal("A", "tip", COUNTRY, 0.3),
            signal("A", "gsi", COUNTRY, 0.5),
            signal("A", "other", COUNTRY, 0.15));

    assertThat(a.risk()).isCloseTo(0.5, within(EPS));
    assertThat(a.score()).isEqualTo(50);
    assertThat(a.factors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("gsi");
              assertThat(f.strength()).isEqualTo(0.5);
            });
  }

  @Test
  void maxFamilyAndNoisyOrFamilyCombineByNoisyOr() {
    Assessment a =
        one(
            signal("A", "tip", COUNTRY, 0.3),
            signal("A", "gsi", COUNTRY, 0.5),
            signal("A", "f1", FINDING, 0.2));

    assertThat(a.risk()).isCloseTo(1 - 0.5 * 0.8, within(EPS)); // 0.6
    assertThat(a.score()).isEqualTo(60);
    assertThat(a.factors()).extracting(Assessment.Factor::rule).containsExactly("gsi", "f1");
  }

  @Test
  void familyWeightMultipliesTheStrength() {
    Assessment a = one(signal("A", "sector", SECTOR, 0.6)); // weight 0.5

    assertThat(a.factors()).singleElement().satisfies(f -> assertThat(f.strength()).isEqualTo(0.3));
    assertThat(a.score()).isEqualTo(30);
  }

  @Test
  void strengthIsCappedAtMaxStrength() {
    assertThat(one(signal("A", "r", FINDING, 1.0)).factors().get(0).strength()).isEqualTo(0.99);
    assertThat(one(signal("A", "r", FINDING, 1.0)).score()).isEqualTo(99);
    // weight 2 × 0.7 = 1.4 → 0.99
    Assessment heavy = one(signal("A", "r", HEAVY, 0.7));
    assertThat(heavy.factors().get(0).strength()).isEqualTo(0.99);
    assertThat(heavy.score()).isEqualTo(99);
    // weight 2 × 0.3 = 0.6, under the cap
    assertThat(one(signal("A", "r", HEAVY, 0.3)).factors().get(0).strength())
        .isCloseTo(0.6, within(EPS));
    // two capped factors: 1 − 0.01² = 0.9999 → 100
    Assessment two = one(signal("A", "r1", FINDING, 1.0), signal("A", "r2", FINDING, 1.0));
    assertThat(two.risk()).isCloseTo(0.9999, within(EPS));
    assertThat(two.score()).isEqualTo(100);
    assertThat(contributionSum(two)).isCloseTo(100, within(1e-9));
  }

  @Test
  void recencyHalvesPerHalfLife() {
    double oneHalfLife =
        one(dated("A", "f", 0.8, AS_OF.minusDays(365))).factors().get(0).strength();
    double twoHalfLives =
        one(dated("A", "f", 0.8, AS_OF.minusDays(730))).factors().get(0).strength();
    double today = one(dated("A", "f", 0.8, AS_OF)).factors().get(0).strength();
    double future = one(dated("A", "f", 0.8, AS_OF.plusDays(200))).factors().get(0).strength();
    double undated = one(dated("A", "f", 0.8, null)).factors().get(0).strength();

    assertThat(oneHalfLife).isEqualTo(0.4);
    assertThat(twoHalfLives).isEqualTo(0.2);
    assertThat(today).isEqualTo(0.8);
    assertThat(future).isEqualTo(0.8);
    assertThat(undated).isEqualTo(0.8);
    assertThat(one(dated("A", "f", 0.8, AS_OF.minusDays(365))).score()).isEqualTo(40);
    // half a half-life: 0.8 / √2
    assertThat(one(dated("A", "f", 0.8, AS_OF.minusDays(182))).factors().get(0).strength())
        .isCloseTo(0.8 * Math.pow(0.5, 182 / 365.0), within(EPS));
  }

  @Test
  void hardStopForcesTheHardStopBandEvenAtALowScore() {
    Assessment a = one(hardStop("A", "listed", FINDING, 0.1));

    assertThat(a.score()).isEqualTo(10);
    assertThat(a.hardStop()).isTrue();
    assertThat(a.band().code()).isEqualTo("critical");
    assertThat(a.band().recommendation()).isEqualTo("do-not-source");
    assertThat(a.factors()).singleElement().satisfies(f -> assertThat(f.hardStop()).isTrue());

    // a hard stop with strength 0 still counts as a hard stop
    Assessment zero = one(hardStop("A", "listed", FINDING, 0.0));
    assertThat(zero.score()).isZero();
    assertThat(zero.band().code()).isEqualTo("critical");
    assertThat(zero.factors())
        .singleElement()
        .satisfies(f -> assertThat(f.contribution()).isZero());
  }

  @Test
  void hardStopInAMaxFamilyDoesNotHideAStrongerSignalOfThatFamily() {
    Assessment without = one(signal("A", "gsi", COUNTRY, 0.5));
    Assessment with = one(signal("A", "gsi", COUNTRY, 0.5), hardStop("A", "listed", COUNTRY, 0.1));

    assertThat(with.hardStop()).isTrue();
    assertThat(with.band().code()).isEqualTo("critical");
    assertThat(with.risk()).isCloseTo(0.5, within(EPS));
    assertThat(with.score()).isGreaterThanOrEqualTo(without.score()).isEqualTo(50);
    // the hard stop stays in the explanation, dominated in the max: strength 0, contribution 0
    assertThat(with.factors())
        .anySatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo("listed");
              assertThat(f.hardStop()).isTrue();
              assertThat(f.evidence()).containsExactly("ev:listed");
              assertThat(f.contribution()).isZero();
            });
    assertThat(contributionSum(with)).isCloseTo(50, within(1e-9));

    // the strongest signal is itself the hard stop: one factor
    Assessment top = one(signal("A", "gsi", COUNTRY, 0.5), hardStop("A", "listed", COUNTRY, 0.9));
    assertThat(top.factors())
        .singleElement()
        .satisfies(f -> assertThat(f.rule()).isEqualTo("listed"));
    assertThat(top.score()).isEqualTo(90);
  }

  // ------------------------------------------------------------------ bands

  @Test
  void bandsAtTheThresholds() {
    ScoringParameters p = ENGINE.parameters();
    Object[][] cases = {
      {0, "low", "proceed"},
      {24, "low", "proceed"},
      {25, "medium", "monitor"},
      {49, "medium", "monitor"},
      {50, "high", "enhanced-due-diligence"},
      {74, "high", "enhanced-due-diligence"},
      {75, "critical", "do-not-source"},
      {100, "critical", "do-not-source"},
    };
    for (Object[] c : cases) {
      int score = (int) c[0];
      assertThat(p.band(score, false).code()).as("band of %d", score).isEqualTo(c[1]);
      assertThat(p.band(score, false).recommendation())
          .as("recommendation of %d", score)
          .isEqualTo(c[2]);
      assertThat(p.band(score, true).code()).as("hard stop at %d", score).isEqualTo("critical");
    }
  }

  @Test
  void bandsThroughTheEngine() {
    Object[][] cases = {
      {0.24, 24, "low", "proceed"},
      {0.25, 25, "medium", "monitor"},
      {0.49, 49, "medium", "monitor"},
      {0.50, 50, "high", "enhanced-due-diligence"},
      {0.74, 74, "high", "enhanced-due-diligence"},
      {0.75, 75, "critical", "do-not-source"},
    };
    for (Object[] c : cases) {
      Assessment a = one(signal("A", "r", FINDING, (double) c[0]));
      assertThat(a.score()).as("score of %s", c[0]).isEqualTo(c[1]);
      assertThat(a.band().code()).as("band of %s", c[0]).isEqualTo(c[2]);
      assertThat(a.band().recommendation()).as("recommendation of %s", c[0]).isEqualTo(c[3]);
    }
  }

  // ------------------------------------------------------------------ upstream

  @Test
  void upstreamPropagatesAcrossFourTiersWithDecay() {
    // brand (tier 0) ← mill (1) ← spinner (2) ← farm (3); the mill also buys from a weaker gin.
    List<String> ids = List.of("d-brand", "c-mill", "b-spinner", "a-farm", "e-gin");
    List<String[]> links =
        List.of(
            link("d-brand", "c-mill"),
            link("c-mill", "b-spinner"),
            link("b-spinner", "a-farm"),
            link("c-mill", "e-gin"));
    List<Signal> signals =
        List.of(
            signal("a-farm", "farm", FINDING, 0.5),
            signal("e-gin", "gin", FINDING, 0.2),
            signal("d-brand", "brand", FINDING, 0.1));

    Map<String, Assessment> r = score(ENGINE, ids, links, signals);

    assertThat(r.get("a-farm").risk()).isCloseTo(0.5, within(EPS));
    assertThat(r.get("a-farm").path()).isEmpty();
    assertThat(r.get("b-spinner").risk()).isCloseTo(0.3, within(EPS)); // 0.5 × 0.6
    assertThat(r.get("b-spinner").score()).isEqualTo(30);
    // max(0.3 × 0.6 = 0.18, 0.2 × 0.6 = 0.12)
    assertThat(r.get("c-mill").risk()).isCloseTo(0.18, within(EPS));
    assertThat(r.get("c-mill").score()).isEqualTo(18);
    assertThat(r.get("e-gin").risk()).isCloseTo(0.2, within(EPS));
    // brand: own 0.1, upstream 0.18 × 0.6 = 0.108; 1 − 0.9 × 0.892 = 0.1972
    Assessment brand = r.get("d-brand");
    assertThat(brand.risk()).isCloseTo(0.1972, within(EPS));
    assertThat(brand.score()).isEqualTo(20);
    assertThat(brand.band().code()).isEqualTo("low");

    assertThat(brand.path())
        .extracting(Assessment.PathStep::supplierId)
        .containsExactly("c-mill", "b-spinner", "a-farm");
    assertThat(brand.path()).extracting(Assessment.PathStep::tier).containsExactly(1, 2, 3);
    assertThat(brand.path().get(0).ownRisk()).isZero();
    assertThat(brand.path().get(0).risk()).isCloseTo(0.18, within(EPS));
    assertThat(brand.path().get(1).ownRisk()).isZero();
    assertThat(brand.path().get(1).risk()).isCloseTo(0.3, within(EPS));
    assertThat(brand.path().get(2).ownRisk()).isCloseTo(0.5, within(EPS));
    assertThat(brand.path().get(2).risk()).isCloseTo(0.5, within(EPS));

    Assessment.Factor up =
        brand.factors().stream()
            .filter(f -> f.family().equals(ScoringEngine.UPSTREAM))
            .findFirst()
            .orElseThrow();
    assertThat(up.id()).isEqualTo("upstream|c-mill");
    assertThat(up.rule()).isEqualTo(ScoringEngine.UPSTREAM);
    assertThat(up.strength()).isCloseTo(0.108, within(EPS));
    assertThat(up.evidence()).containsExactly("c-mill", "b-spinner", "a-farm");
    assertThat(up.hardStop()).isFalse();
    assertThat(contributionSum(brand)).isCloseTo(20, within(1e-9));

    assertThat(r.get("c-mill").path())
        .extracting(Assessment.PathStep::supplierId)
        .containsExactly("b-spinner", "a-farm");
  }

  @Test
  void hardStopsDoNotPropagateUpstream() {
    Map<String, Assessment> r =
        score(
            ENGINE,
            List.of("buyer", "supplier"),
            List.<String[]>of(link("buyer", "supplier")),
            List.of(hardStop("supplier", "listed", FINDING, 0.95)));

    assertThat(r.get("supplier").band().code()).isEqualTo("critical");
    assertThat(r.get("buyer").hardStop()).isFalse();
    assertThat(r.get("buyer").risk()).isCloseTo(0.57, within(EPS));
    assertThat(r.get("buyer").band().code()).isEqualTo("high");
  }

  @Test
  void upstreamFromASupplierWhoseScoreRoundsToZeroIsBoundedByItsRiskNotItsScore() {
    // Why the model's "upstream contribution never exceeds its worst supplier's score" only holds
    // for
    // the unrounded risk: a supplier at risk 0.004 shows score 0 and still passes on 0.0024.
    Map<String, Assessment> r =
        score(
            ENGINE,
            List.of("buyer", "supplier"),
            List.<String[]>of(link("buyer", "supplier")),
            List.of(signal("supplier", "tiny", FINDING, 0.004)));

    assertThat(r.get("supplier").score()).isZero();
    Assessment.Factor up = r.get("buyer").factors().get(0);
    assertThat(up.strength()).isCloseTo(0.0024, within(EPS)).isLessThanOrEqualTo(0.004);
    assertThat(r.get("buyer").score()).isZero();
    assertThat(up.contribution()).isZero();
  }

  @Test
  void twoSupplierCycleTerminatesWithFiniteDeterministicScores() {
    List<String> ids = List.of("A", "B");
    List<String[]> links = List.of(link("A", "B"), link("B", "A"));
    List<Signal> signals = List.of(signal("A", "a", FINDING, 0.5));

    Map<String, Assessment> r1 = score(ENGINE, ids, links, signals);
    Map<String, Assessment> r2 = score(ENGINE, ids, links, signals);

    assertThat(r1).isEqualTo(r2);
    for (Assessment a : r1.values()) {
      assertThat(Double.isFinite(a.risk())).isTrue();
      assertThat(a.risk()).isBetween(0.0, 1.0);
      assertThat(contributionSum(a)).isCloseTo(a.score(), within(1e-9));
    }
    // maxTiers = 6 rounds: A's risk echoes back through B (the least fixed point is 0.5 / 0.82).
    // round 1: A .5, B .3; 2: A .59; 3: B .354; 4: A .6062; 5: B .36372; 6: A .609116
    assertThat(r1.get("A").risk()).isCloseTo(0.609116, within(EPS));
    assertThat(r1.get("B").risk()).isCloseTo(0.36372, within(EPS));
    assertThat(r1.get("A").score()).isEqualTo(61);
    assertThat(r1.get("B").score()).isEqualTo(36);
    // The path walks the cycle tier by tier, as the risk did, and accounts for the upstream factor.
    assertThat(r1.get("A").path())
        .extracting(Assessment.PathStep::supplierId)
        .containsExactly("B", "A", "B", "A", "B", "A");
    // One step shorter: at the first tier A has nothing upstream yet (B's own risk is zero).
    assertThat(r1.get("B").path())
        .extracting(Assessment.PathStep::supplierId)
        .containsExactly("A", "B", "A", "B", "A");
    for (Assessment a : r1.values()) {
      double upstream =
          a.factors().stream()
              .filter(f -> f.family().equals(ScoringEngine.UPSTREAM))
              .findFirst()
              .orElseThrow()
              .strength();
      assertThat(upstream)
          .isCloseTo(0.6 * a.path().get(0).risk(), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void cycleWithoutAnyRiskStaysAtZero() {
    Map<String, Assessment> r =
        score(
            ENGINE,
            List.of("A", "B", "C"),
            List.of(link("A", "B"), link("B", "C"), link("C", "A")),
            List.of());

    assertThat(r.values())
        .allSatisfy(
            a -> {
              assertThat(a.score()).isZero();
              assertThat(a.factors()).isEmpty();
              assertThat(a.path()).isEmpty();
            });
  }

  @Test
  void selfLinksAndDuplicateLinksAreIgnored() {
    List<String> ids = List.of("A", "B");
    List<Signal> signals = List.of(signal("A", "a", FINDING, 0.5), signal("B", "b", FINDING, 0.4));

    Map<String, Assessment> plain = score(ENGINE, ids, List.<String[]>of(link("A", "B")), signals);
    Map<String, Assessment> noisy =
        score(
            ENGINE,
            ids,
            List.of(link("A", "A"), link("A", "B"), link("B", "B"), link("A", "B"), link("A", "B")),
            signals);

    assertThat(noisy).isEqualTo(plain);
    assertThat(noisy.get("B").risk()).isCloseTo(0.4, within(EPS)); // not fed by itself
    assertThat(noisy.get("A").risk()).isCloseTo(1 - 0.5 * (1 - 0.24), within(EPS)); // 0.62
    assertThat(noisy.get("A").path())
        .extracting(Assessment.PathStep::supplierId)
        .containsExactly("B");
  }

  // ------------------------------------------------------------------ contributions

  @Test
  void contributionsAddUpToTheScoreIncludingUpstream() {
    Map<String, Assessment> r =
        score(
            ENGINE,
            List.of("buyer", "supplier"),
            List.<String[]>of(link("buyer", "supplier")),
            List.of(
                signal("buyer", "f1", FINDING, 0.3),
                signal("buyer", "f2", FINDING, 0.5),
                signal("buyer", "tip", COUNTRY, 0.15),
                signal("supplier", "s", FINDING, 0.7)));

    Assessment buyer = r.get("buyer");
    // 1 − 0.7 × 0.5 × 0.85 × (1 − 0.42) = 0.8274500000000001
    assertThat(buyer.risk()).isCloseTo(1 - 0.7 * 0.5 * 0.85 * 0.58, within(EPS));
    assertThat(buyer.score()).isEqualTo(83);
    assertThat(buyer.factors()).hasSize(4);
    assertThat(contributionSum(buyer)).isCloseTo(83, within(1e-9));
    double logSum = buyer.factors().stream().mapToDouble(f -> Math.log1p(-f.strength())).sum();
    for (Assessment.Factor f : buyer.factors()) {
      assertThat(f.contribution())
          .as(f.id())
          .isCloseTo(83 * Math.log1p(-f.strength()) / logSum, within(0.01 + 1e-9));
      assertThat(Math.round(f.contribution() * 100) / 100.0).isEqualTo(f.contribution());
    }
    assertThat(buyer.factors())
        .extracting(Assessment.Factor::contribution)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(contributionSum(r.get("supplier"))).isCloseTo(70, within(1e-9));
  }

  @Test
  void contributionsAreZeroWhenTheScoreIsZero() {
    Assessment a = one(signal("A", "f1", FINDING, 0.002), signal("A", "f2", FINDING, 0.001));

    assertThat(a.score()).isZero();
    assertThat(a.factors()).hasSize(2).allSatisfy(f -> assertThat(f.contribution()).isZero());
  }

  @Test
  void contributionsOfThreeEqualFactorsAddUpByLargestRemainder() {
    Assessment a =
        one(
            signal("A", "r1", FINDING, 0.1),
            signal("A", "r2", FINDING, 0.1),
            signal("A", "r3", FINDING, 0.1));

    assertThat(a.score()).isEqualTo(27); // 1 − 0.9³ = 0.271
    assertThat(a.factors())
        .extracting(Assessment.Factor::contribution)
        .containsExactly(9.0, 9.0, 9.0);
    Assessment b =
        one(
            signal("A", "r1", FINDING, 0.2),
            signal("A", "r2", FINDING, 0.2),
            signal("A", "r3", FINDING, 0.2));
    // 49 / 3 = 16.333…: 16.34 + 16.33 + 16.33
    assertThat(b.factors())
        .extracting(Assessment.Factor::contribution)
        .containsExactly(16.34, 16.33, 16.33);
    assertThat(contributionSum(b)).isCloseTo(49, within(1e-9));
  }

  // ------------------------------------------------------------------ reproducibility

  /** Prints the inputs hash of a fixed example: run in another JVM by the test below. */
  public static final class HashMain {
    public static void main(String[] args) {
      System.out.println(fixedExampleHash());
    }
  }

  /** A buyer with two own factors and an upstream one. */
  static Assessment fixedExample() {
    return score(
            ENGINE,
            List.of("buyer", "supplier"),
            List.<String[]>of(link("buyer", "supplier")),
            List.of(
                signal("buyer", "tip", COUNTRY, 0.3),
                signal("buyer", "s", SECTOR, 0.4),
                signal("supplier", "f", FINDING, 0.5)))
        .get("buyer");
  }

  static String fixedExampleHash() {
    return fixedExample().inputsHash();
  }

  @Test
  void inputsHashIsTheSameInAnotherJvm() throws IOException, InterruptedException {
    // A score stored with its hash must be recomputable after a restart: the hash may not depend
    // on per-JVM state such as the iteration order of Map.copyOf.
    String here = fixedExampleHash();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int run = 0; run < 3; run++) {
      Process p =
          new ProcessBuilder(
                  java, "-cp", System.getProperty("java.class.path"), HashMain.class.getName())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).as("hash in JVM %d", run).isEqualTo(here);
    }
  }

  @Test
  void inputsHashIsTheSha256OfTheDocumentedText() throws Exception {
    // Stored scores are reproduced by recomputing this hash: its text may not change. Spelled out
    // here with the JDK's own Double.toHexString over the whole text, as first written.
    Assessment a = fixedExample();
    StringBuilder text = new StringBuilder(a.supplierId());
    for (Assessment.Factor f : a.factors()) {
      text.append('\n').append(f.id()).append('=').append(Double.toHexString(f.strength()));
    }
    text.append('\n').append(Double.toHexString(a.risk()));
    text.append('\n').append(ENGINE.parameters().toString());
    String expected =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(a.factors()).hasSize(3);
    assertThat(a.inputsHash()).isEqualTo(expected);
  }

  @Test
  void hexIsExactlyDoubleToHexString() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                0.5,
                0.25,
                0.1,
                1.0 / 3,
                Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MIN_NORMAL / 3,
                Double.MAX_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.75));
    for (int i = 0; i < 20_000; i++) {
      values.add(rnd.nextDouble());
      values.add(Double.longBitsToDouble(rnd.nextLong()));
      values.add(Math.round(rnd.nextDouble() * 100) / 100.0);
    }
    for (double d : values) {
      StringBuilder sb = new StringBuilder();
      ScoringEngine.hex(sb, d);
      assertThat(sb.toString()).as("%s", d).isEqualTo(Double.toHexString(d));
    }
  }

  @Test
  void inputsHashChangesWithTheInputs() {
    Assessment a = one(signal("A", "r", FINDING, 0.3));
    Assessment b = one(signal("A", "r", FINDING, 0.31));

    assertThat(a.inputsHash()).hasSize(64).isNotEqualTo(b.inputsHash());
    assertThat(one(signal("A", "r", FINDING, 0.3)).inputsHash()).isEqualTo(a.inputsHash());
    Assessment otherParams =
        score(
                new ScoringEngine(params(0.5, 6)),
                List.of("A"),
                List.of(),
                List.of(signal("A", "r", FINDING, 0.3)))
            .get("A");
    assertThat(otherParams.inputsHash()).isNotEqualTo(a.inputsHash());
  }

  // ------------------------------------------------------------------ the repository's parameters

  @Test
  void repositoryOntologyHasTheParametersOfDesign() {
    ScoringParameters p = OntologyLoader.load(Path.of("ontology"), 1).scoring();

    assertThat(p.tierDecay()).isEqualTo(0.6);
    assertThat(p.halfLifeDays()).isEqualTo(365);
    assertThat(p.maxStrength()).isEqualTo(0.99);
    assertThat(p.maxTiers()).isPositive();
    assertThat(p.matchThreshold()).isEqualTo(0.90);
    assertThat(p.possibleMatchThreshold()).isEqualTo(0.75);
    assertThat(p.bands())
        .extracting(ScoringParameters.Band::minScore)
        .containsExactly(0, 25, 50, 75);
    assertThat(p.bands())
        .extracting(ScoringParameters.Band::code)
        .containsExactly("low", "medium", "high", "critical");
    assertThat(p.bands())
        .extracting(ScoringParameters.Band::recommendation)
        .containsExactly("proceed", "monitor", "enhanced-due-diligence", "do-not-source");
    assertThat(p.hardStopBand()).isEqualTo(Lbt.NS + "BandCritical");
    assertThat(p.band(3, true).code()).isEqualTo("critical");
    assertThat(p.band(24, false).code()).isEqualTo("low");
    assertThat(p.band(25, false).code()).isEqualTo("medium");
    assertThat(p.band(74, false).code()).isEqualTo("high");
    assertThat(p.band(75, false).code()).isEqualTo("critical");

    assertThat(p.family(Lbt.NS + "CountryFamily").max()).isTrue();
    assertThat(p.family(Lbt.NS + "FindingFamily").max()).isFalse();
    assertThat(p.family(Lbt.NS + "CommodityFamily").max()).isFalse();
    assertThat(p.family(Lbt.NS + "RecruiterFamily").max()).isFalse();
    assertThat(p.family(Lbt.NS + "ListedEntityFamily").max()).isTrue();
    assertThat(p.families().values())
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.weight()).isEqualTo(1.0));
  }
}
