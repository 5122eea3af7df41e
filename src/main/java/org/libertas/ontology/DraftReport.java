package org.libertas.ontology;

import java.util.List;

/**
 * What validating a draft found, stage by stage. A draft is publishable only when there is no issue
 * at all.
 *
 * @param issues in the order found; stages: parse, safety, shacl, rules, regression, size
 * @param ruleTimes the rules the draft adds or changes, each as long as it took on the generated
 *     proof graph (empty when the draft stopped at an earlier stage or changes no rule)
 */
public record DraftReport(
    boolean valid, int triples, List<Issue> issues, List<RuleTime> ruleTimes) {

  public DraftReport(boolean valid, int triples, List<Issue> issues) {
    this(valid, triples, issues, List.of());
  }

  /**
   * One problem; only the fields that apply to its stage are set.
   *
   * @param code a stable code for the kind of problem where one is defined ({@code rule-too-slow},
   *     {@code rule-failed})
   * @param rule the rule's IRI, for issues about one rule
   * @param elapsedMs how long the rule ran before it was stopped
   * @param budgetMs the time each rule is allowed on the proof graph
   */
  public record Issue(
      String stage,
      String message,
      Long line,
      Long column,
      String focusNode,
      String path,
      String testCase,
      String code,
      String rule,
      Long elapsedMs,
      Long budgetMs) {

    public Issue(
        String stage,
        String message,
        Long line,
        Long column,
        String focusNode,
        String path,
        String testCase) {
      this(stage, message, line, column, focusNode, path, testCase, null, null, null, null);
    }

    public static Issue of(String stage, String message) {
      return new Issue(stage, message, null, null, null, null, null);
    }
  }

  /**
   * How long one rule the draft adds or changes took on the proof graph.
   *
   * @param rule the rule's IRI
   * @param id its dct:identifier
   * @param elapsedMs wall-clock time of the whole run (stopped at the budget if it got there)
   * @param budgetMs the time allowed
   * @param withinBudget false when the run was cancelled at the budget
   * @param suppliers the size of the proof graph, in generated suppliers
   * @param failure why the rule failed on the proof graph, if it did (else null)
   */
  public record RuleTime(
      String rule,
      String id,
      long elapsedMs,
      long budgetMs,
      boolean withinBudget,
      int suppliers,
      String failure) {}
}
