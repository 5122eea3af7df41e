package org.libertas.reasoning;

import java.util.List;

/**
 * What the supplier list shows about a supplier, besides its score.
 *
 * @param unassessed the descriptive values the supplier's data names that the ontology does not
 *     know, so no rule could assess them (DESIGN §7): a gap, not an absence of risk
 */
public record SupplierFacts(
    String id,
    String iri,
    String name,
    String country,
    String region,
    String sector,
    List<String> commodities,
    int tier,
    List<Unassessed> unassessed) {

  /**
   * A value that could not be assessed.
   *
   * @param field the upload column it came from ({@code sector}, {@code commodities}, {@code
   *     region})
   * @param reason a code whose labels the ontology holds ({@code unknown-sector}, …)
   */
  public record Unassessed(String field, String value, String reason) {}
}
