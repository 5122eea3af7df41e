package org.libertas.uploads;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.function.Supplier;
import org.libertas.graph.GraphStore;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Ontology;
import org.libertas.store.Locks;
import org.libertas.store.Uploads;

/**
 * The upload package as the service wires it: the queue runner (a verticle to deploy), start-up
 * recovery, retention, and the view rebuild operators may ask for.
 */
public final class UploadJobs {
  /**
   * Rescores a tenant whose lock the caller holds; after an upload, with what the upload changed
   * (null: from scratch).
   */
  public interface Rescorer {
    Future<?> rescore(String tenantId, UploadDelta upload);
  }

  private final UploadRunner runner;
  private final UploadRecovery recovery;
  private final Retention retention;

  public UploadJobs(
      WorkerExecutor workers,
      Uploads uploads,
      GraphStore store,
      Supplier<Ontology> ontology,
      Rescorer rescore,
      CsvLimits limits,
      int retentionDays,
      Locks locks) {
    this.recovery = new UploadRecovery(workers, uploads, store, rescore, locks);
    this.retention = new Retention(workers, uploads, store, retentionDays);
    this.runner =
        new UploadRunner(
            workers, uploads, store, ontology, rescore, limits, locks, recovery, retention);
  }

  /** The queue runner, to deploy once per instance (after {@link #recover()}). */
  public UploadRunner runner() {
    return runner;
  }

  /** Stops taking jobs: the runner undeployed. */
  public Future<Void> stop() {
    return runner.undeploy();
  }

  /** Repairs what a crash left; before the runner is deployed. */
  public Future<Void> recover() {
    return recovery.recover(new org.libertas.store.RecoveryProgress());
  }

  /** {@link #recover()}, telling {@code progress} what it found and what it has done. */
  public Future<Void> recover(org.libertas.store.RecoveryProgress progress) {
    return recovery.recover(progress);
  }

  /** Asks the runner to look at the queue now. Never blocks. */
  public void kick() {
    runner.kick();
  }

  /** Purges superseded upload graphs past retention now (the runner also does hourly). */
  public Future<Integer> purgeExpired() {
    return retention.purgeExpired();
  }

  /** Rebuilds the tenant's current view from its committed uploads, in one write transaction. */
  public Future<Void> rebuildView(String tenant) {
    return recovery.rebuildView(tenant);
  }
}
