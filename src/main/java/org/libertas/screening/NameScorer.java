package org.libertas.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores one query name against one listed name and says why. Kept apart from the index so the
 * scoring rules can be read (and tested) without the candidate machinery around them. Scoring and
 * explaining are separate calls: every candidate is scored, only reported matches are explained.
 *
 * <p>Scores are tiered so that results stay rankable: 1.0 only for the identical string, 0.99 for
 * names equal after normalisation, at most 0.98 for anything fuzzy.
 */
final class NameScorer {

  static final double IDENTICAL = 1.0;
  static final double EQUAL_AFTER_NORMALISATION = 0.99;
  static final double FUZZY_CEILING = 0.98;
  private static final int SHORT_NAME = 4;

  private NameScorer() {}

  /**
   * The score, or any value below {@code floor} when the score cannot reach it: most candidates
   * fail on their tokens alone, and skipping their Jaro-Winkler halves the cost of a query.
   */
  static double score(
      String queryRaw,
      NormalisedName query,
      String listedRaw,
      NormalisedName listed,
      double floor) {
    return compute(queryRaw, query, listedRaw, listed, null, null, floor);
  }

  /**
   * The reasons behind {@link #score}, e.g. {@code alias "X" matched}, {@code tokens {a, b} equal},
   * {@code jaro-winkler 0.96}.
   *
   * @param label how the listed name is introduced, e.g. {@code alias "X"}
   */
  static List<String> explain(
      String queryRaw,
      NormalisedName query,
      String listedRaw,
      NormalisedName listed,
      String label) {
    List<String> reasons = new ArrayList<>();
    compute(queryRaw, query, listedRaw, listed, label, reasons, 0);
    return reasons;
  }

  private static double compute(
      String queryRaw,
      NormalisedName query,
      String listedRaw,
      NormalisedName listed,
      String label,
      List<String> reasons,
      double floor) {
    if (query.isEmpty() || listed.isEmpty()) {
      return 0;
    }
    if (queryRaw.strip().equals(listedRaw.strip())) {
      if (reasons != null) {
        reasons.add(label + " identical");
      }
      return IDENTICAL;
    }
    if (query.text().equals(listed.text())) {
      if (reasons != null) {
        reasons.add(label + " matched");
        reasons.add(
            "tokens "
                + braces(listed.tokens())
                + " equal after removing legal forms, case, punctuation and word order");
      }
      return EQUAL_AFTER_NORMALISATION;
    }
    if (isShort(query) || isShort(listed)) {
      // "ABC" is one edit from "ABD" and a prefix of "ABC Manpower": only equality is evidence.
      return 0;
    }
    TokenSetSimilarity.Result tokens =
        reasons == null
            ? new TokenSetSimilarity.Result(
                TokenSetSimilarity.score(query.tokens(), listed.tokens()), null, null, null)
            : TokenSetSimilarity.compare(query.tokens(), listed.tokens());
    double ts = tokens.score();
    if (reasons == null && (ts + 1) / 2 < floor) {
      return ts;
    }
    // Token-set leads; Jaro-Winkler may lift it halfway when the character view is kinder (a
    // merged or split token), but never carries a name whose tokens disagree on its own.
    double jw = JaroWinkler.similarity(query.text(), listed.text());
    double score = Math.min(FUZZY_CEILING, ts >= jw ? ts : (ts + jw) / 2);
    if (reasons != null) {
      reasons.add(label + " matched");
      if (!tokens.equal().isEmpty()) {
        reasons.add("tokens " + braces(tokens.equal()) + " equal");
      }
      if (!tokens.similar().isEmpty()) {
        reasons.add("tokens " + braces(tokens.similar()) + " similar");
      }
      if (!tokens.unmatched().isEmpty()) {
        reasons.add("tokens " + braces(tokens.unmatched()) + " unmatched");
      }
      reasons.add("token-set " + format(ts));
      reasons.add("jaro-winkler " + format(jw));
    }
    return score;
  }

  static String label(boolean alias, String raw) {
    return (alias ? "alias" : "name") + " \"" + raw + "\"";
  }

  static String format(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  private static boolean isShort(NormalisedName n) {
    return n.tokens().size() == 1 && n.text().length() < SHORT_NAME;
  }

  private static String braces(List<String> tokens) {
    return "{" + String.join(", ", tokens) + "}";
  }
}
