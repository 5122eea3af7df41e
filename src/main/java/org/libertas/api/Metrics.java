package org.libertas.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Prometheus metrics: requests by operation and status (count and latency), upload jobs by status
 * (counted in PostgreSQL at each scrape, so every instance reports the shared queue), and the
 * duration of rescorings.
 */
public final class Metrics {
  static final List<String> UPLOAD_STATUSES =
      List.of("queued", "validating", "loading", "scoring", "succeeded", "failed");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> uploads = new ConcurrentHashMap<>();
  private final Timer rescoring;

  public Metrics() {
    for (String s : UPLOAD_STATUSES) {
      AtomicLong n = new AtomicLong();
      uploads.put(s, n);
      Gauge.builder("libertas_upload_jobs", n, AtomicLong::get)
          .description("upload jobs by status")
          .tag("status", s)
          .register(registry);
    }
    rescoring =
        Timer.builder("libertas_rescoring")
            .description("time to rescore one tenant")
            .register(registry);
  }

  /**
   * Times the request once its response ends, tagged with the contract's operationId ({@code none}
   * when no operation was reached: an unknown path, or a body refused before routing).
   */
  void timeRequest(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(
        v -> {
          Contract.Operation op = ctx.get("operation");
          Timer.builder("libertas_http_requests")
              .description("HTTP requests by operation and status")
              .tag("operation", op == null ? "none" : op.id())
              .tag("status", Integer.toString(ctx.response().getStatusCode()))
              .register(registry)
              .record(Duration.ofNanos(System.nanoTime() - start));
        });
    ctx.next();
  }

  public void recordRescoring(Duration d) {
    rescoring.record(d);
  }

  /** A value read at each scrape (the state of an in-memory cache, say). */
  public void gauge(String name, String description, Supplier<Number> value) {
    // Strong: nothing else holds the supplier, and a weakly held one reads NaN once collected.
    Gauge.builder(name, value, v -> v.get().doubleValue())
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /**
   * The {@code metrics} operation.
   *
   * @param uploadCounts upload jobs by status, across tenants
   */
  public Map<String, Handler<RoutingContext>> handlers(
      Supplier<Future<Map<String, Long>>> uploadCounts) {
    return Map.of(
        "metrics",
        ctx ->
            uploadCounts
                .get()
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        uploads.forEach((s, n) -> n.set(ar.result().getOrDefault(s, 0L)));
                      }
                      // A failed count leaves the last values: the scrape still answers.
                      ctx.response()
                          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                          .end(registry.scrape());
                    }));
  }
}
