package org.libertas.screening;

/**
 * How the index trades recall for speed and how much a country disagreement costs. Passed in, like
 * {@link Thresholds}: the numbers are policy kept in the ontology ({@code scoring.ttl}).
 *
 * @param countryPenalty score taken off when both sides name a country and they differ
 * @param candidates how many names, ranked by shared trigrams, get the full scoring per query
 */
public record Tuning(double countryPenalty, int candidates) {

  public Tuning {
    if (!(0 <= countryPenalty && countryPenalty < 1) || candidates < 1) {
      throw new IllegalArgumentException(
          "need 0 <= countryPenalty < 1 and candidates >= 1, got countryPenalty="
              + countryPenalty
              + " candidates="
              + candidates);
    }
  }
}
