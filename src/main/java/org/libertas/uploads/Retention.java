package org.libertas.uploads;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.libertas.graph.GraphStore;
import org.libertas.store.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the graphs of uploads superseded longer ago than the retention period; their rows stay (the
 * audit trail of who sent what). The rows are detached first, so a crash in between leaves an
 * orphan graph that start-up recovery drops.
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final GraphStore store;
  private final int retentionDays;

  Retention(WorkerExecutor workers, Uploads uploads, GraphStore store, int retentionDays) {
    this.workers = workers;
    this.uploads = uploads;
    this.store = store;
    this.retentionDays = retentionDays;
  }

  /** Purges now; how many graphs went. */
  Future<Integer> purgeExpired() {
    return uploads
        .detachExpired(retentionDays)
        .compose(
            graphs ->
                graphs.isEmpty()
                    ? Future.succeededFuture(0)
                    : workers.executeBlocking(
                        () -> {
                          store.dropGraphs(graphs);
                          LOG.info(
                              "purged {} superseded upload graph(s) past retention", graphs.size());
                          return graphs.size();
                        },
                        true));
  }
}
