package org.libertas.screening;

import java.util.ArrayList;
import java.util.List;

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
    return compute(queryRaw, query, listedRaw, listed, null, floor);
  }

  /**
   * The reasons behind {@link #score}: the name or alias compared, then how (identical, equal after
   * normalisation, or token by token with the two similarities).
   *
   * @param alias whether the listed name is an alias of the entry rather than its primary name
   */
  static List<Reason> explain(
      String queryRaw,
      NormalisedName query,
      String listedRaw,
      NormalisedName listed,
      boolean alias) {
    List<Reason> reasons = new ArrayList<>();
    Explained how = new Explained(alias, listedRaw, reasons);
    compute(queryRaw, query, listedRaw, listed, how, 0);
    return reasons;
  }

  /** Where {@link #compute} writes its evidence when asked to explain. */
  private record Explained(boolean alias, String listedRaw, List<Reason> reasons) {
    void named(double score) {
      reasons.add(
          Reason.of(
              alias ? Reason.Feature.ALIAS : Reason.Feature.NAME, listedRaw, round(score, 10_000)));
    }
  }

  private static double compute(
      String queryRaw,
      NormalisedName query,
      String listedRaw,
      NormalisedName listed,
      Explained how,
      double floor) {
    if (query.isEmpty() || listed.isEmpty()) {
      return 0;
    }
    if (queryRaw.strip().equals(listedRaw.strip())) {
      if (how != null) {
        how.reasons()
            .add(
                Reason.of(
                    how.alias() ? Reason.Feature.ALIAS_IDENTICAL : Reason.Feature.NAME_IDENTICAL,
                    listedRaw,
                    IDENTICAL));
      }
      return IDENTICAL;
    }
    if (query.text().equals(listed.text())) {
      if (how != null) {
        how.named(EQUAL_AFTER_NORMALISATION);
        how.reasons()
            .add(Reason.of(Reason.Feature.TOKENS_EQUAL_NORMALISED, joined(listed.tokens()), null));
      }
      return EQUAL_AFTER_NORMALISATION;
    }
    if (query.letters().equals(listed.letters()) && query.letters().length() >= 2 * SHORT_NAME) {
      // Words joined or split by a space, a dot or an invisible character (NFKC drops those):
      // the same name, as sure as equal tokens.
      if (how != null) {
        how.named(EQUAL_AFTER_NORMALISATION);
        how.reasons()
            .add(Reason.of(Reason.Feature.LETTERS_EQUAL_SPACING_DIFFERS, listed.letters(), null));
      }
      return EQUAL_AFTER_NORMALISATION;
    }
    if (isShort(query) || isShort(listed)) {
      // "ABC" is one edit from "ABD" and a prefix of "ABC Manpower": only equality is evidence.
      return 0;
    }
    TokenSetSimilarity.Result tokens =
        how == null
            ? new TokenSetSimilarity.Result(
                TokenSetSimilarity.score(query.tokens(), listed.tokens()), null, null, null)
            : TokenSetSimilarity.compare(query.tokens(), listed.tokens());
    double ts = tokens.score();
    if (how == null && (ts + 1) / 2 < floor) {
      return ts;
    }
    // Token-set leads; Jaro-Winkler may lift it halfway when the character view is kinder (a
    // merged or split token), but never carries a name whose tokens disagree on its own.
    double jw = JaroWinkler.similarity(query.text(), listed.text());
    double score = Math.min(FUZZY_CEILING, ts >= jw ? ts : (ts + jw) / 2);
    if (how != null) {
      how.named(score);
      List<Reason> reasons = how.reasons();
      if (!tokens.equal().isEmpty()) {
        reasons.add(Reason.of(Reason.Feature.TOKENS_EQUAL, joined(tokens.equal()), null));
      }
      if (!tokens.similar().isEmpty()) {
        reasons.add(Reason.of(Reason.Feature.TOKENS_SIMILAR, joined(tokens.similar()), null));
      }
      if (!tokens.unmatched().isEmpty()) {
        reasons.add(Reason.of(Reason.Feature.TOKENS_UNMATCHED, joined(tokens.unmatched()), null));
      }
      reasons.add(Reason.of(Reason.Feature.TOKEN_SET, null, round(ts, 100)));
      reasons.add(Reason.of(Reason.Feature.JARO_WINKLER, null, round(jw, 100)));
    }
    return score;
  }

  /** Rounded to 1/{@code per}: figures that differ past the second decimal are not evidence. */
  static double round(double d, int per) {
    return Math.round(d * per) / (double) per;
  }

  private static boolean isShort(NormalisedName n) {
    return n.tokens().size() == 1 && n.text().length() < SHORT_NAME;
  }

  private static String joined(List<String> tokens) {
    return String.join(", ", tokens);
  }
}
