/**
 * PostgreSQL: the embedded or external server, Flyway migrations, and one repository per table
 * group (tenants and keys, uploads, scores, audit log) over the reactive Vert.x client.
 */
package org.libertas.store;
