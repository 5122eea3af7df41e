/**
 * Pure: auditor files to triples. Reading (encoding, delimiter, limits), validation by line and
 * column against the ontology's codes, one mapping per file kind, the tenant's current view.
 */
package org.libertas.ingest;
