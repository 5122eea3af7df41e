/**
 * The one facade over the RDF store: named graphs per upload, CONSTRUCT/SELECT over a chosen union
 * of graphs. Blocking by design; callers run it on worker threads, never on the event loop.
 */
package org.libertas.graph;
