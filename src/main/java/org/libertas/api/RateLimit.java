package org.libertas.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.libertas.errors.LibertasException;

/**
 * A token bucket per API key, in memory: {@code perMinute} requests a minute, bursts of the same
 * size. Runs after authentication, so an unknown key never gets a bucket. Each instance counts
 * alone; behind a load balancer the limit is per instance.
 */
public final class RateLimit {
  private final int perMinute;
  private final double tokensPerNano;
  private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimit(int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be positive");
    }
    this.perMinute = perMinute;
    this.tokensPerNano = perMinute / 60e9;
  }

  void handle(RoutingContext ctx) {
    Auth.Caller caller = Auth.caller(ctx);
    Bucket b =
        buckets.computeIfAbsent(caller.keyId(), k -> new Bucket(perMinute, System.nanoTime()));
    long waitNanos = b.take(System.nanoTime(), perMinute, tokensPerNano);
    if (waitNanos == 0) {
      ctx.next();
      return;
    }
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    ctx.fail(
        new LibertasException(
            429,
            "too-many-requests",
            "this key may make " + perMinute + " requests a minute; retry in " + seconds + " s"));
  }

  private static final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    /** Takes a token; 0 when granted, else the nanoseconds until one is available. */
    synchronized long take(long now, int capacity, double tokensPerNano) {
      tokens = Math.min(capacity, tokens + (now - at) * tokensPerNano);
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }
  }
}
