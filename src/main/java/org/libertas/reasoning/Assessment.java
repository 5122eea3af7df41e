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
    String inputsHash,
    Dimension context,
    Dimension evidence) {

  /**
   * One dimension beside the score (DESIGN §4): the same noisy-OR over its own families, carried up
   * the chain like the score. Its factors' contributions add up to its score; the upstream factor
   * and path are those of the dimension's own propagation (the riskiest supplier by context may not
   * be the riskiest by evidence).
   */
  public record Dimension(
      double risk,
      int score,
      ScoringParameters.Band band,
      List<Factor> factors,
      List<PathStep> path) {}

  /**
   * A supplier's risk in [0,1], in the score and in each dimension (for a prospect's suppliers).
   */
  public record Risks(double total, double context, double evidence) {
    /** 0: the score's, 1: context, 2: evidence (the engine's table order). */
    double of(int table) {
      return table == 0 ? total : table == 1 ? context : evidence;
    }
  }

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
