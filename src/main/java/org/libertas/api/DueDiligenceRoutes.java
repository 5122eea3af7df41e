package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.RecommendationPolicy;
import org.libertas.rescoring.Rescoring;
import org.libertas.store.AuditLog;
import org.libertas.store.Scores;
import org.libertas.store.TenantRegimes;

/**
 * Where due diligence goes next (DESIGN §4, 2026-12): the ranked work queue ({@code GET
 * /v1/priorities}) and the legal regimes a tenant says apply to it ({@code GET/PUT
 * /v1/tenant/regimes}), which decide when a hard stop is a legal bar to sourcing.
 */
public final class DueDiligenceRoutes {
  private DueDiligenceRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Scores scores,
      TenantRegimes regimes,
      Rescoring rescoring,
      AuditLog audit,
      Supplier<Ontology> ontology) {
    return Map.of(
        "listPriorities", ctx -> priorities(ctx, scores, ontology.get()),
        "getTenantRegimes", ctx -> getRegimes(ctx, regimes, rescoring, ontology.get()),
        "putTenantRegimes", ctx -> putRegimes(ctx, regimes, rescoring, audit, ontology.get()));
  }

  private static void priorities(RoutingContext ctx, Scores scores, Ontology o) {
    Auth.Caller caller = Auth.caller(ctx);
    Params p = Params.of(ctx);
    String lang = Params.lang(ctx);
    scores
        .priorities(caller.tenantId(), p.integer("limit"), p.string("cursor"))
        .map(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(s -> items.add(priority(s, o, lang)));
              return new JsonObject()
                  .put("items", items)
                  .put("nextCursor", page.nextCursor())
                  .put("lang", lang);
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /** One entry of the work queue: what to do next at this supplier, and why it ranks here. */
  static JsonObject priority(Scores.Stored s, Ontology o, String lang) {
    JsonObject e = s.explanation();
    return new JsonObject()
        .put("supplierId", s.supplierId())
        .put("name", s.name())
        .put("country", s.country())
        .put("sector", s.sector())
        .put("tier", s.tier())
        .put("priority", e.getDouble("priority"))
        .put("score", s.score())
        .put("band", s.band())
        .put("context", SupplierRoutes.dimensionSummary(e.getJsonObject("context")))
        .put("evidence", SupplierRoutes.dimensionSummary(e.getJsonObject("evidence")))
        .put("exposure", e.getDouble("exposure"))
        .put("coverage", e.getJsonObject("coverage"))
        .put("nextStep", SupplierRoutes.nextStep(s, o, lang));
  }

  private static void getRegimes(
      RoutingContext ctx, TenantRegimes regimes, Rescoring rescoring, Ontology o) {
    Auth.Caller caller = Auth.caller(ctx);
    regimes
        .get(caller.tenantId())
        .compose(
            chosen ->
                rescoring
                    .regimes(caller.tenantId(), o)
                    .map(applied -> answer(o, applied, chosen.isPresent(), Params.lang(ctx))))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void putRegimes(
      RoutingContext ctx, TenantRegimes regimes, Rescoring rescoring, AuditLog audit, Ontology o) {
    Auth.Caller caller = Auth.caller(ctx);
    JsonObject body = Api.jsonBody(ctx);
    JsonArray given = body.getJsonArray("regimes");
    List<FieldError> unknown = new ArrayList<>();
    TreeSet<String> codes = new TreeSet<>();
    for (int i = 0; i < given.size(); i++) {
      String code = given.getString(i);
      if (!o.policy().regimes().containsKey(code)) {
        unknown.add(
            FieldError.field(
                "/regimes/" + i,
                "unknown-regime",
                "'"
                    + code
                    + "' is not a regime of ontology version "
                    + o.version()
                    + " (known: "
                    + String.join(", ", new TreeSet<>(o.policy().regimes().keySet()))
                    + ")"));
      }
      codes.add(code);
    }
    if (!unknown.isEmpty()) {
      throw new ValidationException("unknown regime", unknown);
    }
    String tenant = caller.tenantId();
    regimes
        .put(tenant, List.copyOf(codes), caller.keyId())
        .compose(
            x ->
                audit.append(
                    tenant,
                    caller.keyId(),
                    "tenant.regimes",
                    tenant,
                    RequestLog.requestId(ctx),
                    new JsonObject().put("regimes", new JsonArray(new ArrayList<>(codes)))))
        // The recommendations change with the regimes: every row is written again.
        .compose(x -> rescoring.rescore(tenant))
        .map(x -> answer(o, codes, true, Params.lang(ctx)))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static JsonObject answer(
      Ontology o, java.util.Set<String> applied, boolean chosen, String lang) {
    JsonArray available = new JsonArray();
    new TreeSet<>(o.policy().regimes().keySet())
        .forEach(
            code -> {
              RecommendationPolicy.Regime r = o.policy().regimes().get(code);
              available.add(
                  new JsonObject()
                      .put("code", code)
                      .put("label", o.label(r.iri(), lang))
                      .put("appliesByDefault", r.appliesByDefault())
                      .put("applies", applied.contains(code)));
            });
    return new JsonObject()
        .put("regimes", new JsonArray(new ArrayList<>(new TreeSet<>(applied))))
        .put("chosen", chosen)
        .put("available", available)
        .put("ontologyVersion", o.version());
  }
}
