package org.libertas.reasoning;

import java.util.List;
import org.libertas.ontology.ScoringParameters;

/**
 * A supplier's score with everything needed to explain and reproduce it. Contributions of the
 * factors add up to the score (to the hundredth).
 *
 * @param risk the unrounded risk in [0,1]; score = round(100 × risk)
 * @param inputsHash SHA-256 over the signals, upstream inputs and parameters that produced it
 */
public record Assessment(
    String supplierId,
    double risk,
    int score,
    ScoringParameters.Band band,
    boolean hardStop,
    List<Factor> factors,
    List<PathStep> path,
    String inputsHash) {

  /**
   * One term of the noisy-OR. For own factors, rule and evidence come from the signal; the upstream
   * factor has family {@link ScoringEngine#UPSTREAM} and its path.
   */
  public record Factor(
      String id,
      String family,
      String rule,
      double strength,
      double contribution,
      List<String> evidence,
      boolean hardStop) {}

  /**
   * One hop of the riskiest upstream path: the supplier, its own risk and the risk it passed on.
   */
  public record PathStep(String supplierId, int tier, double ownRisk, double risk) {}
}
