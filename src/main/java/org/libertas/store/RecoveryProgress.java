package org.libertas.store;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * What start-up recovery is doing, for {@code /readyz} while the service already answers: uploads a
 * crash interrupted (rolled back or forward), tenants to rescore, and score rows saved of those
 * planned. Written by the recovery steps as they go, read by any thread; recovery runs one step at
 * a time, so the counters need no more than visibility.
 */
public final class RecoveryProgress implements Scores.SaveListener {
  private final Instant started = Instant.now();
  private volatile String step = "starting";
  private volatile boolean done;
  private volatile String failure;
  private volatile int uploads;
  private volatile int uploadsDone;
  private volatile int views;
  private volatile int viewsDone;
  private volatile int tenants;
  private volatile int tenantsDone;
  private volatile String tenant;
  private volatile long rowsTotal;
  private volatile long rowsSaved;

  /** The step now under way, as an operator would name it. */
  public void step(String name) {
    this.step = name;
  }

  /** Interrupted uploads found (to redo or complete) and tenant views to rebuild. */
  public void found(int interruptedUploads, int viewsToRebuild) {
    this.uploads = interruptedUploads;
    this.views = viewsToRebuild;
  }

  public void viewRebuilt() {
    viewsDone++;
  }

  public void uploadRecovered() {
    uploadsDone++;
  }

  /** Tenants the start-up rescoring will rescore. */
  public void rescoring(int tenantCount) {
    this.tenants = tenantCount;
    this.tenantsDone = 0;
  }

  public void tenantRescored() {
    tenantsDone++;
  }

  @Override
  public void chunkSaved(String tenantId, int saved, int total) {
    this.tenant = tenantId;
    this.rowsSaved = saved;
    this.rowsTotal = total;
  }

  public void done() {
    this.step = "done";
    this.done = true;
  }

  /** Recovery stopped on a failure: the service stays not ready, saying why. */
  public void failed(Throwable e) {
    this.step = "failed";
    this.failure = String.valueOf(e.getMessage());
  }

  public boolean isDone() {
    return done;
  }

  /** The {@code recovery} object of {@code /readyz}. */
  public JsonObject toJson() {
    JsonObject rows = new JsonObject().put("saved", rowsSaved).put("total", rowsTotal);
    if (tenant != null) {
      rows.put("tenant", tenant);
    }
    JsonObject j =
        new JsonObject()
            .put("state", done ? "done" : failure != null ? "failed" : "recovering")
            .put("step", step)
            .put("uploads", new JsonObject().put("interrupted", uploads).put("done", uploadsDone))
            .put("views", new JsonObject().put("toRebuild", views).put("done", viewsDone))
            .put("tenants", new JsonObject().put("toRescore", tenants).put("done", tenantsDone))
            .put("rows", rows)
            .put("seconds", Duration.between(started, Instant.now()).toSeconds());
    if (failure != null) {
      j.put("failure", failure);
    }
    return j;
  }
}
