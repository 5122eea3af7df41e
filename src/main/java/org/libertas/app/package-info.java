/**
 * The composition root: configuration from {@code LIBERTAS_*} variables, the command line, and the
 * wiring that starts the stores, the job runner and the HTTP server in order and stops them in
 * reverse.
 */
package org.libertas.app;
