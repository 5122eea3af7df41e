/**
 * Fuzzy screening of recruiter and company names against blacklists and entity lists; plain Java
 * (no Vert.x, no Jena) so an index is built once per list version and queried from many threads.
 */
package org.libertas.screening;
