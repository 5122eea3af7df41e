package org.libertas.uploads;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.libertas.graph.GraphStore;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Ontology;
import org.libertas.store.Locks;
import org.libertas.store.Uploads;

/**
 * The upload package as the service wires it: the queue runners (verticles to deploy, one per job
 * that may run at once), start-up recovery, retention, and the view rebuild operators may ask for.
 */
public final class UploadJobs {
  /**
   * Rescores a tenant whose lock the caller holds; after an upload, with what the upload changed
   * (null: from scratch).
   */
  public interface Rescorer {
    Future<?> rescore(String tenantId, UploadDelta upload);
  }

  private final List<UploadRunner> runners;
  private final UploadRecovery recovery;
  private final Retention retention;

  /**
   * @param workers the shared executor (recovery, retention)
   * @param jobWorkers the upload jobs' own executor, of {@code parallelJobs} threads
   * @param parallelJobs jobs of different tenants this instance runs at once
   */
  public UploadJobs(
      WorkerExecutor workers,
      WorkerExecutor jobWorkers,
      int parallelJobs,
      Uploads uploads,
      GraphStore store,
      Supplier<Ontology> ontology,
      Rescorer rescore,
      CsvLimits limits,
      int retentionDays,
      Locks locks) {
    this.recovery = new UploadRecovery(workers, uploads, store, rescore, locks);
    this.retention = new Retention(workers, uploads, store, retentionDays);
    List<UploadRunner> all = new ArrayList<>();
    for (int slot = 0; slot < parallelJobs; slot++) {
      all.add(
          new UploadRunner(
              slot,
              jobWorkers,
              uploads,
              store,
              ontology,
              rescore,
              limits,
              locks,
              recovery,
              retention));
    }
    this.runners = List.copyOf(all);
  }

  /**
   * The queue runners, to deploy once per instance (after {@link #recover()}): each on its own
   * context runs one job at a time, so jobs of different tenants run in parallel, their ordered
   * blocking steps (and the rescoring they call) never queued behind each other's.
   */
  public List<UploadRunner> runners() {
    return runners;
  }

  /** Stops taking jobs: the runners undeployed (jobs under way run to their end). */
  public Future<Void> stop() {
    return Future.join(runners.stream().map(UploadRunner::undeploy).toList()).mapEmpty();
  }

  /** Repairs what a crash left; before the runner is deployed. */
  public Future<Void> recover() {
    return recovery.recover(new org.libertas.store.RecoveryProgress());
  }

  /** {@link #recover()}, telling {@code progress} what it found and what it has done. */
  public Future<Void> recover(org.libertas.store.RecoveryProgress progress) {
    return recovery.recover(progress);
  }

  /** Asks the runners to look at the queue now. Never blocks. */
  public void kick() {
    runners.forEach(UploadRunner::kick);
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
