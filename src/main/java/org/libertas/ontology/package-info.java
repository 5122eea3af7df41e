/**
 * The knowledge NGOs maintain, as data: loading the ontology directory (OWL, SKOS, reference data,
 * rules, SHACL shapes, scoring parameters), its versions, and label look-up in en/fr/es.
 */
package org.libertas.ontology;
