package org.libertas.api;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request an id (echoed in {@code X-Request-Id} and in problems) and writes one log line
 * per request: method, path, status, duration, tenant, request id. Never the key.
 */
public final class RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger("org.libertas.access");
  private static final String KEY = "requestId";

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id =
        incoming != null && incoming.matches("[A-Za-z0-9._-]{1,64}")
            ? incoming
            : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    ctx.addEndHandler(
        v -> {
          Auth.Caller caller = Auth.callerOrNull(ctx);
          LOG.info(
              "{} {} {} {}ms tenant={} request={}",
              ctx.request().method(),
              ctx.request().path(),
              ctx.response().getStatusCode(),
              (System.nanoTime() - start) / 1_000_000,
              caller == null ? "-" : caller.tenantId(),
              id);
        });
    ctx.next();
  }

  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
