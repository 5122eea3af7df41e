package org.libertas.ontology;

import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;

/**
 * One immutable version of the knowledge base: the merged RDF, its rules, its scoring parameters,
 * what turns a score into a next step (dimensions, decision table, regimes), and labels in every
 * language it carries.
 *
 * @param sha256 digest of the source files, so two loads of the same text are recognisably equal
 * @param labels IRI → language → label (rdfs:label and skos:prefLabel)
 */
public record Ontology(
    int version,
    String sha256,
    Model model,
    List<Rule> rules,
    ScoringParameters scoring,
    RecommendationPolicy policy,
    Map<String, Map<String, String>> labels) {

  public static final List<String> LANGUAGES = List.of("en", "fr", "es");

  /** The rule with this id, or null (a scan: a version holds tens of rules). */
  public Rule rule(String id) {
    for (Rule r : rules) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /** The label in the language asked for, else English, else any, else null. */
  public String label(String iri, String lang) {
    Map<String, String> byLang = labels.get(iri);
    if (byLang == null || byLang.isEmpty()) {
      return null;
    }
    String v = byLang.get(lang);
    if (v == null) {
      v = byLang.get("en");
    }
    return v != null ? v : byLang.values().iterator().next();
  }
}
