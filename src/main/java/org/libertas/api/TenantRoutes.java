package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.libertas.errors.NotFoundException;
import org.libertas.store.AuditLog;
import org.libertas.store.Tenants;

/**
 * Tenants and keys: the platform admin manages every tenant, a tenant admin only its own. An {@code
 * ngo-editor} key publishes the platform-wide ontology, so only the platform admin issues one — or
 * the admin of a tenant the platform configuration names as an NGO publisher, to its own tenant.
 */
public final class TenantRoutes {
  private TenantRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Tenants tenants, AuditLog audit, java.util.List<String> ngoPublishers) {
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
        ctx -> createKey(ctx, tenants, audit, ngoPublishers),
        "listKeys",
        ctx -> {
          String tenantId = managed(ctx);
          tenants
              .find(tenantId)
              .compose(
                  t -> {
                    if (t.isEmpty()) {
                      throw new NotFoundException("no tenant '" + tenantId + "'");
                    }
                    return tenants.listKeys(tenantId);
                  })
              .map(
                  keys -> {
                    JsonArray items = new JsonArray();
                    keys.forEach(k -> items.add(keyJson(k)));
                    return new JsonObject().put("items", items);
                  })
              .onComplete(ar -> Api.reply(ctx, 200, ar));
        },
        "revokeKey",
        ctx -> revokeKey(ctx, tenants, audit));
  }

  private static final String NGO_EDITOR = "ngo-editor";

  /** The tenant of the path, if the caller may manage it; another tenant is a 404. */
  private static String managed(RoutingContext ctx) {
    Auth.Caller caller = Auth.caller(ctx);
    String tenantId = ctx.pathParam("tenantId");
    if (!caller.platformAdmin() && !caller.tenantId().equals(tenantId)) {
      throw new NotFoundException("no tenant '" + tenantId + "'");
    }
    return tenantId;
  }

  private static void createKey(
      RoutingContext ctx, Tenants tenants, AuditLog audit, java.util.List<String> ngoPublishers) {
    Auth.Caller caller = Auth.caller(ctx);
    String tenantId = managed(ctx);
    JsonObject body = Api.jsonBody(ctx);
    OffsetDateTime expiresAt = null;
    if (body.getString("expiresAt") != null) {
      try {
        expiresAt = OffsetDateTime.parse(body.getString("expiresAt"));
      } catch (DateTimeParseException e) {
        throw Api.invalid(
            "/expiresAt",
            "bad-date-time",
            "expiresAt must be an ISO 8601 date-time with an offset, e.g. 2027-01-01T00:00:00Z");
      }
      if (!expiresAt.isAfter(OffsetDateTime.now())) {
        throw Api.invalid("/expiresAt", "in-the-past", "expiresAt must be in the future");
      }
    }
    OffsetDateTime expires = expiresAt;
    if (NGO_EDITOR.equals(body.getString("role"))
        && !caller.platformAdmin()
        && !ngoPublishers.contains(tenantId)) {
      // The ontology is platform-wide: an ngo-editor key publishes versions that rescore every
      // tenant, so a tenant's admin granting one would change other tenants' scores.
      throw new org.libertas.errors.ForbiddenException(
          "ngo-editor keys publish the platform-wide ontology and rescore every tenant: only the"
              + " platform administrator issues them, or the admin of a tenant named in"
              + " LIBERTAS_NGO_PUBLISHER_TENANTS");
    }
    tenants
        .issueKey(tenantId, body.getString("role"), null, expires)
        .compose(
            k ->
                audit
                    .append(
                        tenantId,
                        caller.keyId(),
                        "key.create",
                        k.id().toString(),
                        RequestLog.requestId(ctx),
                        new JsonObject()
                            .put("role", k.role())
                            .put("expiresAt", expires == null ? null : expires.toString()))
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
                        .put("key", k.key())
                        .put("expiresAt", expires == null ? null : expires.toString())))
        .onFailure(ctx::fail);
  }

  private static void revokeKey(RoutingContext ctx, Tenants tenants, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    String tenantId = managed(ctx);
    UUID keyId;
    try {
      keyId = UUID.fromString(ctx.pathParam("keyId"));
    } catch (IllegalArgumentException e) {
      throw Api.invalid("keyId", "bad-uuid", "keyId must be a key id (a UUID)");
    }
    tenants
        .revokeKey(tenantId, keyId)
        .compose(
            r ->
                switch (r) {
                  case NOT_FOUND -> throw new NotFoundException("no key '" + keyId + "'");
                  // Revoking again changes nothing, so there is nothing new to audit.
                  case ALREADY_REVOKED -> Future.<Void>succeededFuture();
                  case REVOKED ->
                      audit.append(
                          tenantId,
                          caller.keyId(),
                          "key.revoke",
                          keyId.toString(),
                          RequestLog.requestId(ctx),
                          new JsonObject());
                })
        .onSuccess(x -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static JsonObject keyJson(Tenants.KeyInfo k) {
    return new JsonObject()
        .put("id", k.id().toString())
        .put("role", k.role())
        .put("prefix", k.prefix())
        .put("createdAt", k.createdAt().toString())
        .put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString())
        .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
  }
}
