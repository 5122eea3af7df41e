/**
 * Auditor CSV files to RDF: reading (encoding, delimiter, limits), validation by line and column
 * against the ontology's codes, mapping each kind to the vocabulary, and the upload jobs that load
 * one named graph per upload, all or nothing.
 */
package org.libertas.ingest;
