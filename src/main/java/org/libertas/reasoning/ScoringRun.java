package org.libertas.reasoning;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The result of scoring one tenant: suppliers and their assessments (same order), and a description
 * of every evidence node cited, so the explanation stays readable after the data moves.
 *
 * @param evidence evidence IRI → property local name → values
 * @param signals what the rules found, per supplier id (kept to rescore incrementally)
 * @param evaluated how many suppliers the rules were run for (all, or those an upload touched)
 * @param state what the engine computed, to score the same chain again incrementally (null for a
 *     prospect)
 * @param assessed the suppliers assessed anew, or null when every supplier was: the others' facts,
 *     assessments and evidence are those of the run this one continued
 * @param reach what the chain says of each supplier besides its risk (null for a prospect)
 */
public record ScoringRun(
    List<SupplierFacts> suppliers,
    List<Assessment> assessments,
    Map<String, Map<String, List<String>>> evidence,
    LocalDate asOf,
    Map<String, List<Signal>> signals,
    int evaluated,
    ScoringEngine.State state,
    java.util.Set<String> assessed,
    Reach reach) {

  /**
   * Indexed like the chain: where the map above each supplier stops ({@link Coverage#gaps}) and the
   * annual volume of the links buying from it (0 when none is given), with the tenant's largest.
   */
  public record Reach(int[] gaps, double[] volume, double maxVolume) {}
}
