/**
 * The upload job: the one place where an upload's graph and PostgreSQL calls are made, in order.
 * {@link org.libertas.uploads.UploadRunner}, a verticle of its own, claims one job at a time from
 * the PostgreSQL queue ({@code FOR UPDATE SKIP LOCKED}, so instances share it) and walks it:
 *
 * <ol>
 *   <li><b>parse</b>: the bytes read as a table, a CSV file (encoding, delimiter, size and row
 *       limits) or one sheet of an .xlsx workbook (streamed, the same limits, a zip-bomb guard), on
 *       a worker; an upload of kind {@code workbook} reads every sheet named by a kind, suppliers
 *       first, into one upload ({@link org.libertas.ingest.WorkbookUpload});
 *   <li><b>validate</b>: every row mapped to triples by the kind's mapper ({@code ingest}), every
 *       error collected with its line and column; a file with any error fails and loads nothing. A
 *       dry run finishes here;
 *   <li><b>write the graph</b>: under the tenant's lock, taken once for steps 3 to 5, one TDB2
 *       write transaction holds the upload's own named graph (provenance and data) and the tenant's
 *       current view with the upload applied. No PostgreSQL call is made inside it: the writer
 *       counts, a timer reports progress every 250 ms;
 *   <li><b>record in PostgreSQL</b>: the upload's row points to its graph and becomes current
 *       (status {@code scoring}): graph first, PostgreSQL last;
 *   <li><b>rescore</b>: the tenant, with what the upload changed, still under the lock; a failure
 *       here leaves the data loaded and the job succeeded with a {@code rescoring-deferred}
 *       warning;
 *   <li><b>finish</b>: the row {@code succeeded} with its warnings, or {@code failed} with its
 *       errors; an unexpected failure before step 4 is undone (the graph dropped, the view
 *       rebuilt).
 * </ol>
 *
 * <p>At start-up {@link org.libertas.uploads.UploadRecovery} drops graphs no committed row points
 * to, rebuilds the views a crash may have left half-written, re-queues jobs cut short before step 4
 * and completes those cut short in step 5. {@link org.libertas.uploads.Retention} drops superseded
 * graphs past the retention period; {@link org.libertas.uploads.Provenance} says what each graph
 * is.
 */
package org.libertas.uploads;
