package org.libertas.ontology;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of the scoring model (docs/architecture.md, "Scoring"), as read from
 * ontology/scoring.ttl. Java holds none of them.
 *
 * @param bands ordered by ascending minimum score
 * @param families factor families by IRI, sorted by IRI
 */
public record ScoringParameters(
    double tierDecay,
    int maxTiers,
    double maxStrength,
    double halfLifeDays,
    double matchThreshold,
    double possibleMatchThreshold,
    List<Band> bands,
    String hardStopBand,
    Map<String, Family> families) {

  public ScoringParameters {
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("at least one band is needed");
    }
    bands = bands.stream().sorted(Comparator.comparingInt(Band::minScore)).toList();
    // Sorted, not Map.copyOf: the inputs hash includes toString(), and Map.copyOf's iteration
    // order changes from one JVM to the next, so stored hashes could not be recomputed.
    families = Collections.unmodifiableMap(new TreeMap<>(families));
  }

  /** A factor family: how strongly it counts and whether its signals combine by max or noisy-OR. */
  public record Family(String iri, double weight, boolean max) {}

  /** A score band with its lowest score and the sourcing recommendation that goes with it. */
  public record Band(String iri, String code, int minScore, String recommendation) {}

  public Band band(int score, boolean hardStop) {
    if (hardStop) {
      return bands.stream().filter(b -> b.iri().equals(hardStopBand)).findFirst().orElseThrow();
    }
    Band chosen = bands.get(0);
    for (Band b : bands) {
      if (score >= b.minScore()) {
        chosen = b;
      }
    }
    return chosen;
  }

  public Family family(String iri) {
    Family f = families.get(iri);
    if (f == null) {
      throw new IllegalArgumentException("no scoring parameters for family " + iri);
    }
    return f;
  }
}
