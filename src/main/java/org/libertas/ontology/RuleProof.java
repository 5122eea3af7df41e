package org.libertas.ontology;

import java.util.List;

/**
 * Runs rules on a generated graph of realistic size, each within a time budget, so that a rule
 * which passes the small regression cases but grows faster than the data is refused before it is
 * published (it would otherwise rescore every tenant under only the engine's 10-minute per-rule
 * limit). The rescoring package provides the implementation: it needs the generator and the engine.
 */
public interface RuleProof {
  /**
   * Runs each rule alone over the proof graph and the candidate's own graph; a run that reaches the
   * budget is cancelled, never left running, and comes back with {@code withinBudget} false.
   */
  List<DraftReport.RuleTime> run(Ontology candidate, List<Rule> rules);
}
