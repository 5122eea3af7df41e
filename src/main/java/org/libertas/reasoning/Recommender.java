package org.libertas.reasoning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.libertas.ontology.RecommendationPolicy;
import org.libertas.ontology.ScoringParameters;

/**
 * The recommendation of a supplier from the decision table of the ontology (DESIGN §4): the row
 * covering its legal bar, open evidence, context and recent audit. Java holds the mechanism; the
 * rows, regimes and labels are data.
 */
public final class Recommender {
  private Recommender() {}

  /**
   * What was recommended and why: the row that chose it and the value of each axis.
   *
   * @param row the decision row's code, or null for a version without a table (the band's)
   * @param barredBy the regimes whose bar applies, by code (empty without a legal bar)
   * @param openEvidence the band of the supplier's own open evidence, or {@code none}
   * @param openEvidenceScore 0-100, the noisy-OR of its own open evidence factors
   */
  public record Recommendation(
      String code,
      String row,
      List<String> barredBy,
      String openEvidence,
      int openEvidenceScore,
      String context,
      boolean recentAudit) {}

  /**
   * @param regimes the codes of the regimes that apply to the tenant
   * @param evidence evidence IRI → property local name → values, as the run described it (a
   *     finding's {@code status})
   */
  public static Recommendation recommend(
      RecommendationPolicy policy,
      ScoringParameters params,
      Assessment a,
      Coverage coverage,
      Set<String> regimes,
      Map<String, Map<String, List<String>>> evidence,
      LocalDate asOf) {
    if (policy.rows().isEmpty()) {
      return new Recommendation(a.band().recommendation(), null, List.of(), null, 0, null, false);
    }
    Set<String> barredBy = new TreeSet<>();
    double keep = 1;
    boolean stop = false;
    for (Assessment.Factor f : a.factors()) {
      if (ScoringEngine.UPSTREAM.equals(f.family())) {
        continue;
      }
      for (String code : regimes) {
        RecommendationPolicy.Regime r = policy.regimes().get(code);
        if (r != null && bars(r, f)) {
          barredBy.add(code);
        }
      }
      if (ScoringEngine.EVIDENCE.equals(policy.dimensionOf().get(f.family()))
          && open(f, policy.closingStatuses(), evidence)) {
        keep *= 1 - f.strength();
        stop |= f.hardStop();
      }
    }
    int openScore = (int) Math.round(100 * (1 - keep));
    String openEvidence =
        openScore == 0 && !stop
            ? RecommendationPolicy.NO_OPEN_EVIDENCE
            : params.band(openScore, stop).code();
    String context = a.context().band().code();
    boolean recent = coverage.recentAudit(policy, asOf);
    RecommendationPolicy.Row row = policy.row(!barredBy.isEmpty(), openEvidence, context, recent);
    return new Recommendation(
        row.recommendation(),
        row.code(),
        new ArrayList<>(barredBy),
        openEvidence,
        openScore,
        context,
        recent);
  }

  /** A hard stop of one of the regime's rules, or a factor citing one of its evidence nodes. */
  private static boolean bars(RecommendationPolicy.Regime r, Assessment.Factor f) {
    if (f.hardStop() && r.barringRules().contains(f.rule())) {
      return true;
    }
    for (String e : f.evidence()) {
      if (r.barringEvidence().contains(e)) {
        return true;
      }
    }
    return false;
  }

  /** Open unless one of its evidence nodes has a status that closes evidence (remediated). */
  private static boolean open(
      Assessment.Factor f, Set<String> closing, Map<String, Map<String, List<String>>> evidence) {
    for (String e : f.evidence()) {
      Map<String, List<String>> props = evidence.get(e);
      if (props != null) {
        for (String status : props.getOrDefault("status", List.of())) {
          if (closing.contains(status)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
