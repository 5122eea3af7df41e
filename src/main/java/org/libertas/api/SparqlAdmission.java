package org.libertas.api;

import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.libertas.errors.LibertasException;

/**
 * Which {@code /v1/sparql} queries may start on this instance: at most {@code perTenant} of one
 * tenant in flight (429 beyond), at most the pool's threads plus its queue in all (503 beyond). A
 * query counts from admission until its worker is done with it, a timed-out one included, so the
 * count is the threads taken and the queue filled, never less.
 *
 * <p>Before it, six heavy queries of one viewer key held the shared two-thread worker pool: another
 * tenant's {@code ASK {}} went from 14 ms to 29 s (hardening finding 8).
 */
public final class SparqlAdmission {
  private final int perTenant;
  private final int capacity;
  private final long retryAfterSeconds;
  private final ConcurrentHashMap<String, Integer> byTenant = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  /**
   * @param timeoutMillis the query time limit: within it an admitted query ends, so it is the
   *     Retry-After
   */
  public SparqlAdmission(int threads, int perTenant, int queue, long timeoutMillis) {
    if (perTenant >= threads) {
      throw new IllegalArgumentException("perTenant must be smaller than threads");
    }
    this.perTenant = perTenant;
    this.capacity = threads + queue;
    this.retryAfterSeconds = Math.max(1, (timeoutMillis + 999) / 1000);
  }

  /**
   * Admits a query of the tenant, or throws the 429 or 503 (with Retry-After on {@code response}).
   * The returned action releases the admission; running it more than once does nothing.
   */
  Runnable admit(String tenantId, HttpServerResponse response) {
    boolean[] admitted = {false};
    byTenant.compute(
        tenantId,
        (t, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perTenant) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
      throw new LibertasException(
          429,
          "too-many-queries",
          "this tenant already has "
              + perTenant
              + " SPARQL queries in flight (LIBERTAS_SPARQL_PER_TENANT); retry when one has ended");
    }
    if (total.incrementAndGet() > capacity) {
      total.decrementAndGet();
      releaseTenant(tenantId);
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
      throw new LibertasException(
          503,
          "sparql-busy",
          "the SPARQL endpoint is at capacity (LIBERTAS_SPARQL_THREADS + LIBERTAS_SPARQL_QUEUE"
              + " queries in flight); retry later");
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        total.decrementAndGet();
        releaseTenant(tenantId);
      }
    };
  }

  private void releaseTenant(String tenantId) {
    byTenant.computeIfPresent(tenantId, (t, n) -> n <= 1 ? null : n - 1);
  }

  /** Queries admitted and not yet ended, all tenants together (a metric). */
  public int inFlight() {
    return total.get();
  }
}
