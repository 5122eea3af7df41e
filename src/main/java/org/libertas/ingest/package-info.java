/**
 * Pure: auditor files to triples. Reading CSV text (encoding, delimiter, limits) or a sheet of an
 * .xlsx workbook (streamed, into the same table), validation by line and column against the
 * ontology's codes, one mapping per file kind (a workbook of one sheet per kind mapped sheet by
 * sheet into one upload), the tenant's current view, .xlsx templates.
 */
package org.libertas.ingest;
