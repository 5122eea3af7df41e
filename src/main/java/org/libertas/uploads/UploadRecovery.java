package org.libertas.uploads;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.ingest.CurrentView;
import org.libertas.store.Locks;
import org.libertas.store.RecoveryProgress;
import org.libertas.store.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs at start-up what a crash left, and rebuilds a tenant's current view from its committed
 * uploads (after a crash, or to undo a job that failed half-way through its write).
 */
final class UploadRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRecovery.class);

  private final WorkerExecutor workers;
  private final Uploads uploads;
  private final GraphStore store;
  private final UploadJobs.Rescorer rescore;
  private final Locks locks;

  UploadRecovery(
      WorkerExecutor workers,
      Uploads uploads,
      GraphStore store,
      UploadJobs.Rescorer rescore,
      Locks locks) {
    this.workers = workers;
    this.uploads = uploads;
    this.store = store;
    this.rescore = rescore;
    this.locks = locks;
  }

  /**
   * Graphs no committed row points to are dropped, and the current view of every tenant that had
   * one, or had a job cut short while validating or loading, or has no view yet, is rebuilt by
   * replaying its committed uploads: whatever the crash interrupted is then either wholly visible
   * (its row committed) or not at all. Interrupted jobs are then redone, or completed when only the
   * rescoring was left. Tenants with a job on another instance that is still running are left to
   * it.
   */
  Future<Void> recover(RecoveryProgress progress) {
    progress.step("uploads");
    return Future.all(uploads.referencedGraphs(), uploads.tenantsWithData(), uploads.interrupted())
        .compose(all -> liveTenants(all.resultAt(2)).compose(live -> recover(all, live, progress)));
  }

  private Future<Void> recover(CompositeFuture all, Set<String> live, RecoveryProgress progress) {
    List<String> referenced = all.resultAt(0);
    List<String> withData = all.resultAt(1);
    List<Uploads.Job> jobs =
        all.<List<Uploads.Job>>resultAt(2).stream()
            .filter(j -> !live.contains(j.tenantId()))
            .toList();
    return workers
        .executeBlocking(() -> dropOrphans(referenced, withData, jobs, live), true)
        .compose(
            tenants -> {
              progress.found(jobs.size(), tenants.size());
              Future<Void> chain = Future.succeededFuture();
              for (String t : tenants) {
                chain = chain.compose(x -> rebuildView(t)).onSuccess(x -> progress.viewRebuilt());
              }
              return chain;
            })
        .compose(x -> finishInterrupted(jobs, progress));
  }

  /** Drops the graphs no committed row points to; the tenants whose view must be rebuilt. */
  private Set<String> dropOrphans(
      List<String> referenced, List<String> withData, List<Uploads.Job> jobs, Set<String> live) {
    Set<String> names = store.graphNames(GraphNames.BASE + "tenant:");
    Set<String> orphans = new HashSet<>(names);
    orphans.removeAll(referenced);
    orphans.removeIf(g -> g.endsWith(":screening") || g.endsWith(":current"));
    orphans.removeIf(g -> GraphNames.tenantOf(g).filter(live::contains).isPresent());
    Set<String> rebuild = new TreeSet<>();
    orphans.forEach(g -> GraphNames.tenantOf(g).ifPresent(rebuild::add));
    jobs.stream()
        .filter(j -> !"scoring".equals(j.status()) && !j.dryRun())
        .forEach(j -> rebuild.add(j.tenantId()));
    withData.stream()
        .filter(t -> !names.contains(GraphNames.current(t)))
        .filter(t -> !live.contains(t))
        .forEach(rebuild::add);
    if (!orphans.isEmpty()) {
      LOG.warn("dropping {} graph(s) no committed upload points to", orphans.size());
      store.dropGraphs(orphans);
    }
    return rebuild;
  }

  /** Tenants with a job in progress on an instance that is still running (not this one). */
  private Future<Set<String>> liveTenants(List<Uploads.Job> active) {
    return uploads
        .claimers()
        .compose(
            claimers -> {
              Set<String> live = ConcurrentHashMap.newKeySet();
              Future<Void> chain = Future.succeededFuture();
              for (Uploads.Job j : active) {
                UUID claimer = claimers.get(j.id());
                chain =
                    chain.compose(
                        x ->
                            locks
                                .alive(claimer)
                                .map(
                                    alive -> {
                                      if (alive) {
                                        LOG.info(
                                            "upload {} is running on instance {}: left to it",
                                            j.id(),
                                            claimer);
                                        live.add(j.tenantId());
                                      }
                                      return null;
                                    }));
              }
              return chain.map(x -> live);
            });
  }

  private Future<Void> finishInterrupted(List<Uploads.Job> jobs, RecoveryProgress progress) {
    Future<Void> chain = Future.succeededFuture();
    for (Uploads.Job job : jobs) {
      chain =
          chain
              .compose(
                  y -> {
                    if ("scoring".equals(job.status())) {
                      LOG.info("completing upload {} interrupted while scoring", job.id());
                      return locks
                          .withTenant(job.tenantId(), () -> rescore.rescore(job.tenantId(), null))
                          .compose(
                              z -> uploads.finish(job.id(), "succeeded", List.of(), List.of()));
                    }
                    LOG.info("re-queueing upload {} interrupted while {}", job.id(), job.status());
                    return uploads.requeue(job.id());
                  })
              .onSuccess(y -> progress.uploadRecovered());
    }
    return chain;
  }

  /** Rebuilds the tenant's current view from its committed uploads, in one write transaction. */
  Future<Void> rebuildView(String tenant) {
    return rebuildView(tenant, null);
  }

  /**
   * Undoes a job that failed after it began writing: its graph cleared and the view rebuilt without
   * it, in one write transaction.
   */
  Future<Void> undo(String tenant, String graph) {
    return rebuildView(tenant, graph);
  }

  private Future<Void> rebuildView(String tenant, String dropGraph) {
    return locks.withTenant(
        tenant,
        () ->
            uploads
                .committed(tenant)
                .compose(
                    committed ->
                        workers.executeBlocking(
                            () -> {
                              List<CurrentView.Applied> applied =
                                  committed.stream()
                                      .map(
                                          c ->
                                              CurrentView.Applied.of(
                                                  c.graphIri(), c.kind(), c.mode()))
                                      .toList();
                              store.write(
                                  w -> {
                                    if (dropGraph != null) {
                                      w.clear(dropGraph);
                                    }
                                    CurrentView.replay(w, GraphNames.current(tenant), applied);
                                  });
                              LOG.info(
                                  "rebuilt the current view of tenant {} from {} upload(s)",
                                  tenant,
                                  applied.size());
                              return null;
                            },
                            true)));
  }
}
