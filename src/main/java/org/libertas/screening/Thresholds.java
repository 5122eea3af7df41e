package org.libertas.screening;

/**
 * Score bands, passed in rather than fixed: they are policy that NGO editors tune in the ontology
 * ({@code scoring.ttl}), not a property of the algorithm.
 *
 * @param match scores at or above this are a match
 * @param possible scores at or above this (and below {@code match}) are a possible match for review
 */
public record Thresholds(double match, double possible) {

  public Thresholds {
    if (!(0 < possible && possible <= match && match <= 1)) {
      throw new IllegalArgumentException(
          "need 0 < possible <= match <= 1, got possible=" + possible + " match=" + match);
    }
  }

  /** Status for a score, or {@code null} when the score is below both bands. */
  public Match.Status statusOf(double score) {
    if (score >= match) {
      return Match.Status.MATCH;
    }
    return score >= possible ? Match.Status.POSSIBLE : null;
  }
}
