package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.libertas.errors.NotFoundException;
import org.libertas.rescoring.Reproduction;

/** Recomputing a score of the history from the versions it records. */
public final class ReproductionRoutes {
  private ReproductionRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(Reproduction reproduction) {
    return Map.of(
        "recomputeScore",
        ctx -> {
          long id;
          try {
            id = Long.parseLong(ctx.pathParam("snapshotId"));
          } catch (NumberFormatException e) {
            throw new NotFoundException("no score '" + ctx.pathParam("snapshotId") + "'");
          }
          reproduction
              .recompute(Auth.caller(ctx).tenantId(), ctx.pathParam("supplierId"), id)
              .map(ReproductionJson::of)
              .onComplete(ar -> Api.reply(ctx, 200, ar));
        });
  }
}
