package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.libertas.errors.NotFoundException;
import org.libertas.store.AuditLog;
import org.libertas.store.Tenants;

/** Tenants and keys: the platform admin manages every tenant, a tenant admin only its own. */
public final class TenantRoutes {
  private TenantRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(Tenants tenants, AuditLog audit) {
    return Map.of(
        "createTenant",
            ctx -> {
              Auth.Caller caller = Auth.caller(ctx);
              JsonObject body = Api.jsonBody(ctx);
              if (!caller.platformAdmin()) {
                throw new org.libertas.errors.ForbiddenException(
                    "only the platform administrator creates tenants");
              }
              tenants
                  .create(body.getString("id"), body.getString("name"))
                  .compose(
                      t ->
                          audit
                              .append(
                                  t.id(),
                                  caller.keyId(),
                                  "tenant.create",
                                  t.id(),
                                  RequestLog.requestId(ctx),
                                  body)
                              .map(t))
                  .onSuccess(
                      t -> {
                        ctx.response().putHeader("Location", "/v1/tenants/" + t.id());
                        Api.json(ctx, 201, t);
                      })
                  .onFailure(ctx::fail);
            },
        "createKey",
            ctx -> {
              Auth.Caller caller = Auth.caller(ctx);
              String tenantId = ctx.pathParam("tenantId");
              JsonObject body = Api.jsonBody(ctx);
              if (!caller.platformAdmin() && !caller.tenantId().equals(tenantId)) {
                throw new NotFoundException("no tenant '" + tenantId + "'");
              }
              tenants
                  .issueKey(tenantId, body.getString("role"), null)
                  .compose(
                      k ->
                          audit
                              .append(
                                  tenantId,
                                  caller.keyId(),
                                  "key.create",
                                  k.id().toString(),
                                  RequestLog.requestId(ctx),
                                  new JsonObject().put("role", k.role()))
                              .map(k))
                  .onSuccess(
                      k ->
                          Api.json(
                              ctx,
                              201,
                              new JsonObject()
                                  .put("id", k.id().toString())
                                  .put("tenantId", k.tenantId())
                                  .put("role", k.role())
                                  .put("key", k.key())))
                  .onFailure(ctx::fail);
            });
  }
}
