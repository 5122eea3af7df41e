package org.libertas.ontology;

import java.util.Map;
import org.apache.jena.query.Query;

/** A risk rule: its SPARQL CONSTRUCT and the metadata that explains it (labels, family, source). */
public record Rule(
    String id, String iri, String family, Query query, Map<String, String> labels, String source) {}
