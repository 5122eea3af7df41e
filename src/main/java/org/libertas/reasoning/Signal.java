package org.libertas.reasoning;

import java.time.LocalDate;
import java.util.List;

/**
 * What one rule found about one supplier: a strength in [0,1] for a factor family, with the nodes
 * that justify it. {@code observedOn} (nullable) makes the signal fade with the recency half-life.
 */
public record Signal(
    String supplierId,
    String rule,
    String family,
    double strength,
    List<String> evidence,
    LocalDate observedOn,
    boolean hardStop) {

  public Signal {
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException(
          "strength must be in [0,1], got " + strength + " from " + rule);
    }
    evidence = List.copyOf(evidence);
  }
}
