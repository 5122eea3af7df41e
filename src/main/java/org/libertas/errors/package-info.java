/**
 * The small typed exception hierarchy every feature throws; the API maps each one to an HTTP status
 * and an RFC 9457 problem document in a single failure handler.
 */
package org.libertas.errors;
