package org.libertas.ontology;

import java.util.List;

/**
 * What validating a draft found, stage by stage. A draft is publishable only when there is no issue
 * at all.
 *
 * @param issues in the order found; stages: parse, safety, shacl, rules, regression
 */
public record DraftReport(boolean valid, int triples, List<Issue> issues) {

  /** One problem; only the fields that apply to its stage are set. */
  public record Issue(
      String stage,
      String message,
      Long line,
      Long column,
      String focusNode,
      String path,
      String testCase) {
    public static Issue of(String stage, String message) {
      return new Issue(stage, message, null, null, null, null, null);
    }
  }
}
