package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/** Liveness, readiness (both stores answer) and the served contract. */
public final class OpsRoutes {
  private OpsRoutes() {}

  /**
   * @param graphPing true when the RDF store answers (may block: run on a worker)
   * @param pgPing succeeds when PostgreSQL answers
   */
  public static Map<String, Handler<RoutingContext>> handlers(
      Contract contract, Supplier<Future<Boolean>> graphPing, Supplier<Future<Boolean>> pgPing) {
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
                        JsonObject checks =
                            new JsonObject()
                                .put("graph", gs ? "ok" : "unavailable")
                                .put("postgres", ps ? "ok" : "unavailable");
                        Api.json(
                            ctx,
                            gs && ps ? 200 : 503,
                            new JsonObject()
                                .put("status", gs && ps ? "ok" : "unavailable")
                                .put("checks", checks));
                      });
            },
        "contract",
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(contract.text()));
  }
}
