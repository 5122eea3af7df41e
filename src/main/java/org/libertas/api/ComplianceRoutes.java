package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.libertas.errors.NotFoundException;
import org.libertas.store.AuditLog;
import org.libertas.store.Decisions;

/**
 * Decisions on suppliers (each with the score snapshot it rested on) and the audit trail, both
 * listed newest first with cursors.
 */
public final class ComplianceRoutes {
  private ComplianceRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(Decisions decisions, AuditLog audit) {
    return Map.of(
        "createDecision", ctx -> create(ctx, decisions, audit),
        "listDecisions", ctx -> list(ctx, decisions),
        "listAudit", ctx -> audit(ctx, audit));
  }

  private static void create(RoutingContext ctx, Decisions decisions, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    JsonObject body = Api.jsonBody(ctx);
    String id = ctx.pathParam("supplierId");
    String requestId = RequestLog.requestId(ctx);
    String rationale = body.getString("rationale");
    if (rationale.isBlank()) {
      throw Api.invalid("/rationale", "blank", "rationale must say why, not only spaces");
    }
    decisions
        .record(
            caller.tenantId(),
            id,
            body.getString("decision"),
            rationale,
            body.getString("conditions"),
            caller.keyId(),
            requestId)
        .map(found -> found.orElseThrow(() -> new NotFoundException("no supplier '" + id + "'")))
        .compose(
            d ->
                audit
                    .append(
                        caller.tenantId(),
                        caller.keyId(),
                        "decision.create",
                        id,
                        requestId,
                        new JsonObject()
                            .put("decisionId", d.id())
                            .put("decision", d.decision())
                            .put("snapshotId", d.snapshotId())
                            .put("score", d.score())
                            .put("band", d.band()))
                    .map(d))
        .onSuccess(
            d -> {
              ctx.response()
                  .putHeader(
                      "Location",
                      "/v1/decisions?supplierId="
                          + java.net.URLEncoder.encode(
                              id, java.nio.charset.StandardCharsets.UTF_8));
              Api.json(ctx, 201, json(d));
            })
        .onFailure(ctx::fail);
  }

  private static void list(RoutingContext ctx, Decisions decisions) {
    Auth.Caller caller = Auth.caller(ctx);
    Params p = Params.of(ctx);
    var q =
        new Decisions.Query(
            p.string("supplierId"),
            p.string("decision"),
            p.instant("from"),
            p.instant("to"),
            p.integer("limit"),
            p.string("cursor"));
    decisions
        .list(caller.tenantId(), q)
        .map(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(d -> items.add(json(d)));
              return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  static JsonObject json(Decisions.Decision d) {
    return new JsonObject()
        .put("id", d.id())
        .put("supplierId", d.supplierId())
        .put("decision", d.decision())
        .put("rationale", d.rationale())
        .put("conditions", d.conditions())
        .put("keyId", d.keyId() == null ? null : d.keyId().toString())
        .put("requestId", d.requestId())
        .put(
            "snapshot",
            new JsonObject()
                .put("id", d.snapshotId())
                .put("score", d.score())
                .put("band", d.band())
                .put("recommendation", d.recommendation())
                .put("ontologyVersion", d.ontologyVersion())
                .put("dataVersion", d.dataVersion())
                .put("inputsHash", d.inputsHash()))
        .put("at", d.at().toString());
  }

  private static void audit(RoutingContext ctx, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    Params p = Params.of(ctx);
    String tenant = p.string("tenant");
    if (!caller.platformAdmin()) {
      if (tenant != null && !tenant.equals(caller.tenantId())) {
        throw new NotFoundException("no tenant '" + tenant + "'");
      }
      tenant = caller.tenantId();
    }
    var q =
        new AuditLog.Query(
            tenant,
            p.string("action"),
            p.instant("from"),
            p.instant("to"),
            p.integer("limit"),
            p.string("cursor"));
    audit
        .list(q)
        .map(
            page -> {
              JsonArray items = new JsonArray();
              page.items()
                  .forEach(
                      e ->
                          items.add(
                              new JsonObject()
                                  .put("id", e.id())
                                  .put("tenantId", e.tenantId())
                                  .put(
                                      "actorKey",
                                      e.actorKey() == null ? null : e.actorKey().toString())
                                  .put("action", e.action())
                                  .put("target", e.target())
                                  .put("requestId", e.requestId())
                                  .put("details", e.details())
                                  .put("at", e.at().toString())));
              return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }
}
