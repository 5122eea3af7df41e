package org.libertas.reasoning;

import java.util.List;

/** What the supplier list shows about a supplier, besides its score. */
public record SupplierFacts(
    String id,
    String iri,
    String name,
    String country,
    String region,
    String sector,
    List<String> commodities,
    int tier) {}
