package org.libertas.screening;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One piece of evidence for a match, language-neutral: a stable feature code, the value compared
 * and the figure it gave. Stored as is; labelled in the reader's language only when read, from the
 * labels of {@code ontology/screening/match-features.ttl} (docs/vocabulary.md lists the codes).
 *
 * @param feature the code of a {@link Feature}, kept as text so that codes written by a newer
 *     version still read back
 * @param value what was compared (a listed name, tokens, an identifier, countries), or null when
 *     the feature is a figure only
 * @param score the feature's figure (a similarity in [0, 1]) or its effect on the match score (a
 *     penalty is negative), or null when the feature only describes
 */
public record Reason(String feature, String value, Double score) {

  public Reason {
    if (feature == null || feature.isBlank()) {
      throw new IllegalArgumentException("a reason needs a feature code");
    }
  }

  public static Reason of(Feature feature, String value, Double score) {
    return new Reason(feature.code(), value, score);
  }

  /** The feature this code names, empty for a code this version does not know. */
  public Optional<Feature> known() {
    return Feature.of(feature);
  }

  /** What the matcher computes, one code each; every code has labels in the ontology. */
  public enum Feature {
    /** An identifier (licence or registration number) equal after normalisation: score 1. */
    IDENTIFIER("identifier"),
    /** The query is the listed primary name character for character: score 1. */
    NAME_IDENTICAL("name-identical"),
    /** The query is one of the entry's aliases character for character: score 1. */
    ALIAS_IDENTICAL("alias-identical"),
    /** The primary name that was compared, with the name score it gave. */
    NAME("name"),
    /** The alias that was compared, with the name score it gave. */
    ALIAS("alias"),
    /** Same tokens once legal forms, case, punctuation and word order are set aside. */
    TOKENS_EQUAL_NORMALISED("tokens-equal-normalised"),
    /**
     * The same letters in the same order once spaces, punctuation and invisible characters are set
     * aside: words joined or split ("GoldenBridge", "Golden.Bridge", "Golden Bri dge").
     */
    LETTERS_EQUAL_SPACING_DIFFERS("letters-equal-spacing-differs"),
    /** Tokens found equal on both sides. */
    TOKENS_EQUAL("tokens-equal"),
    /** Token pairs within the fuzzy-equality distance, as {@code query~listed}. */
    TOKENS_SIMILAR("tokens-similar"),
    /** Tokens of either side left without a partner. */
    TOKENS_UNMATCHED("tokens-unmatched"),
    /** Token-set similarity of the two names. */
    TOKEN_SET("token-set"),
    /** Jaro-Winkler similarity of the two normalised names. */
    JARO_WINKLER("jaro-winkler"),
    /** The query's country is the entry's. */
    COUNTRY_AGREES("country-agrees"),
    /** The countries differ, as {@code query≠listed}; the score is the penalty applied. */
    COUNTRY_DIFFERS("country-differs"),
    /** A reviewer confirmed the match; the value is their note. */
    REVIEWER_CONFIRMED("reviewer-confirmed"),
    /** A reviewer dismissed the match; the value is their note. */
    REVIEWER_DISMISSED("reviewer-dismissed"),
    /** Evidence kept as its original text (a match stored before reasons had codes). */
    NOTE("note");

    private final String code;

    Feature(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Feature> of(String code) {
      return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
      return Arrays.stream(values()).map(Feature::code).toList();
    }
  }
}
