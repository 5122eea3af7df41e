/**
 * The upload job, top to bottom: claimed from the queue, parsed and mapped (ingest), written to the
 * graph, committed in PostgreSQL, rescored; crash recovery and retention of superseded graphs.
 */
package org.libertas.uploads;
