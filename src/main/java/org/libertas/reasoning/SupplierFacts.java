package org.libertas.reasoning;

import java.util.List;

/**
 * What the supplier list shows about a supplier, besides its score.
 *
 * @param unassessed the descriptive values the supplier's data names that the ontology does not
 *     know, so no rule could assess them (DESIGN §7): a gap, not an absence of risk
 * @param identifiers the supplier's registry identifiers, which no rule reads: shown and searched
 *     by
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
    List<Unassessed> unassessed,
    Identifiers identifiers) {

  /**
   * A value that could not be assessed.
   *
   * @param field the upload column it came from ({@code sector}, {@code commodities}, {@code
   *     region})
   * @param reason a code whose labels the ontology holds ({@code unknown-sector}, …)
   */
  public record Unassessed(String field, String value, String reason) {}

  /**
   * Identifiers of the supplier in other registers, each null when the data gives none: the Open
   * Supply Hub OS ID, the ISO 17442 LEI, the D-U-N-S number (as ingest stored them: upper case,
   * without separators) and the registration number as written.
   */
  public record Identifiers(String osId, String leiId, String dunsId, String registrationId) {
    public static final Identifiers NONE = new Identifiers(null, null, null, null);
  }
}
