/**
 * Pure: auditor files to triples. Reading CSV text (encoding, delimiter, limits) or a sheet of an
 * .xlsx workbook (streamed, into the same table), validation by line and column against the
 * ontology's codes, one mapping per file kind, the tenant's current view, .xlsx templates.
 */
package org.libertas.ingest;
