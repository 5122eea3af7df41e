/**
 * Per-tenant serial rescoring: a score's path reads top to bottom in {@link
 * org.libertas.rescoring.Rescoring}, one named step each, serialised per tenant (across instances
 * by the tenant's lock):
 *
 * <ol>
 *   <li><b>Read the versions</b>: the data version before the upload, the cached run it may
 *       continue, the bands stored before, the tenant's data version and the reviewers' decisions.
 *   <li><b>Read the view</b>: the tenant's current view, from the {@link
 *       org.libertas.rescoring.RunCache} (the upload applied in memory) or copied out of the store.
 *   <li><b>Screen</b>: the view's recruiters and suppliers against the ontology's lists ({@link
 *       org.libertas.screening.Screening}, pure; incrementally only the upload's names).
 *   <li><b>Write the screening graph</b> (graph store), when the matches changed.
 *   <li><b>Write {@code screening_matches}</b> (PostgreSQL), when the matches changed.
 *   <li><b>Score</b>: the rules and the engine over the view with its matches (incrementally only
 *       for the suppliers the upload touched).
 *   <li><b>Write the scores</b> with both versions, then hold the run in the run cache.
 *   <li><b>Diff</b>: the suppliers whose band changed.
 *   <li><b>Notify the listeners</b> (metrics, alerts).
 * </ol>
 */
package org.libertas.rescoring;
