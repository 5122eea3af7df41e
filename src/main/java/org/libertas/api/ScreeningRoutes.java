package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.libertas.errors.NotFoundException;
import org.libertas.ontology.Ontology;
import org.libertas.rescoring.TenantScreening;
import org.libertas.screening.Match;
import org.libertas.screening.Query;
import org.libertas.screening.TenantMatches;
import org.libertas.store.AuditLog;
import org.libertas.store.ScreeningReviews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screening: ad-hoc name checks against the recruiter blacklists and entity lists of the active
 * ontology, and the review of the tenant's automatic matches (confirm or dismiss), after which the
 * tenant is rescored so the decision counts at once.
 */
public final class ScreeningRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ScreeningRoutes.class);

  private ScreeningRoutes() {}

  /**
   * @param rescore rescores a tenant (after a review), completing when the new scores are stored
   */
  public static Map<String, Handler<RoutingContext>> handlers(
      TenantScreening screening,
      Supplier<Ontology> ontology,
      ScreeningReviews reviews,
      AuditLog audit,
      Function<String, Future<?>> rescore,
      WorkerExecutor workers) {
    return Map.of(
        "screenRecruiters",
        ctx -> adHoc(ctx, screening, ontology.get(), TenantMatches.Kind.RECRUITER, workers),
        "screenEntities",
        ctx -> adHoc(ctx, screening, ontology.get(), TenantMatches.Kind.SUPPLIER, workers),
        "listScreeningMatches",
        ctx -> list(ctx, reviews, ontology.get()),
        "reviewScreeningMatch",
        ctx -> review(ctx, reviews, ontology, audit, rescore));
  }

  private static void adHoc(
      RoutingContext ctx,
      TenantScreening screening,
      Ontology ontology,
      TenantMatches.Kind kind,
      WorkerExecutor workers) {
    Auth.caller(ctx);
    String lang = Params.lang(ctx);
    Params p = Params.of(ctx);
    String name = p.string("name");
    String country = p.string("country");
    String identifier = p.string("identifier");
    Query query =
        new Query(name, country == null ? null : country.toUpperCase(Locale.ROOT), identifier);
    // The first query after a publication builds the indexes: keep it off the event loop.
    workers
        .executeBlocking(() -> screening.screen(ontology, kind, query), false)
        .map(
            matches -> {
              JsonArray out = new JsonArray();
              matches.forEach(m -> out.add(json(m, ontology, lang)));
              return new JsonObject().put("matches", out);
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  static JsonObject json(Match m, Ontology ontology, String lang) {
    return new JsonObject()
        .put("entryId", m.entryId())
        .put("name", m.name())
        .put("score", m.score())
        .put("status", m.status() == Match.Status.MATCH ? "match" : "possible")
        .put("reasons", ReasonJson.json(m.reasons(), ontology, lang))
        .put("source", m.source());
  }

  private static void list(RoutingContext ctx, ScreeningReviews reviews, Ontology ontology) {
    Auth.Caller caller = Auth.caller(ctx);
    String lang = Params.lang(ctx);
    String status = Params.of(ctx).string("status");
    reviews
        .list(caller.tenantId(), status)
        .map(
            items -> {
              JsonArray out = new JsonArray();
              items.forEach(m -> out.add(item(m, ontology, lang)));
              return new JsonObject().put("items", out);
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void review(
      RoutingContext ctx,
      ScreeningReviews reviews,
      Supplier<Ontology> ontology,
      AuditLog audit,
      Function<String, Future<?>> rescore) {
    Auth.Caller caller = Auth.caller(ctx);
    String lang = Params.lang(ctx);
    JsonObject body = Api.jsonBody(ctx);
    String decision = body.getString("decision");
    String note = body.getString("note");
    String matchId = ctx.pathParam("matchId");
    String requestId = RequestLog.requestId(ctx);
    String tenant = caller.tenantId();
    reviews
        .find(tenant, matchId)
        .map(
            found ->
                found.orElseThrow(
                    () -> new NotFoundException("no screening match '" + matchId + "'")))
        .compose(
            m ->
                reviews
                    .review(tenant, m, decision, note, caller.keyId(), requestId)
                    .compose(
                        x ->
                            audit.append(
                                tenant,
                                caller.keyId(),
                                "screening.review",
                                matchId,
                                requestId,
                                new JsonObject()
                                    .put("decision", decision)
                                    .put("note", note)
                                    .put("screened", m.screenedIri())
                                    .put("entry", m.entryIri())
                                    .put("score", m.score())
                                    .put("statusBefore", m.status()))))
        .compose(
            x ->
                rescore
                    .apply(tenant)
                    .<Void>mapEmpty()
                    .recover(
                        e -> {
                          // The review is stored and will count at the next rescoring.
                          LOG.warn(
                              "rescoring of {} after a review failed [{}]", tenant, requestId, e);
                          return Future.succeededFuture();
                        }))
        .compose(x -> reviews.find(tenant, matchId))
        .map(
            found ->
                item(
                    found.orElseThrow(
                        () ->
                            new NotFoundException(
                                "screening match '" + matchId + "' no longer exists")),
                    ontology.get(),
                    lang))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  static JsonObject item(ScreeningReviews.StoredMatch m, Ontology ontology, String lang) {
    return new JsonObject()
        .put("matchId", m.matchId())
        .put("status", m.status())
        .put("screenedStatus", m.screenedStatus())
        .put("score", m.score())
        .put("reasons", ReasonJson.json(m.reasons(), ontology, lang))
        .put(
            "screened",
            new JsonObject()
                .put("id", m.screenedIri())
                .put("kind", m.screenedKind())
                .put("name", m.screenedName()))
        .put(
            "entry",
            new JsonObject()
                .put("entryId", m.entryIri())
                .put("name", m.entryName())
                .put("source", m.source()))
        .put(
            "review",
            m.decision() == null
                ? null
                : new JsonObject()
                    .put("decision", m.decision())
                    .put("note", m.note())
                    .put("at", m.reviewedAt().toString()))
        .put("screenedAt", m.screenedAt().toString());
  }
}
