package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.libertas.store.RecoveryProgress;

/**
 * Liveness, readiness (both stores answer and start-up recovery is done; while it runs, what it is
 * doing) and the served contract.
 */
public final class OpsRoutes {
  private OpsRoutes() {}

  /**
   * @param graphPing true when the RDF store answers (may block: run on a worker)
   * @param pgPing succeeds when PostgreSQL answers
   * @param recovery what start-up recovery is doing; not ready until it is done
   */
  public static Map<String, Handler<RoutingContext>> handlers(
      Contract contract,
      Supplier<Future<Boolean>> graphPing,
      Supplier<Future<Boolean>> pgPing,
      RecoveryProgress recovery) {
    return Map.of(
        "health", ctx -> Api.json(ctx, 200, new JsonObject().put("status", "ok")),
        "ready",
            ctx -> {
              Future<Boolean> g = graphPing.get().otherwise(false);
              Future<Boolean> p = pgPing.get().otherwise(false);
              Future.join(g, p)
                  .onComplete(
                      x -> {
                        boolean gs = Boolean.TRUE.equals(g.result());
                        boolean ps = Boolean.TRUE.equals(p.result());
                        boolean recovered = recovery.isDone();
                        JsonObject checks =
                            new JsonObject()
                                .put("graph", gs ? "ok" : "unavailable")
                                .put("postgres", ps ? "ok" : "unavailable")
                                .put("recovery", recovered ? "ok" : "recovering");
                        String status =
                            !(gs && ps) ? "unavailable" : recovered ? "ok" : "recovering";
                        if (!recovered) {
                          // A balancer may send reads here meanwhile; it should try again soon.
                          ctx.response().putHeader("Retry-After", "5");
                        }
                        Api.json(
                            ctx,
                            gs && ps && recovered ? 200 : 503,
                            new JsonObject()
                                .put("status", status)
                                .put("checks", checks)
                                .put("recovery", recovery.toJson()));
                      });
            },
        "contract",
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(contract.text()));
  }
}
