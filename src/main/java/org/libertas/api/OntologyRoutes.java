package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.NotFoundException;
import org.libertas.ontology.DraftValidator;
import org.libertas.ontology.OntologyVersions;
import org.libertas.ontology.OntologyViews;
import org.libertas.store.AuditLog;

/**
 * The ontology as NGO editors maintain it: read the active version (JSON summary or Turtle),
 * indicators in en/fr/es, submit drafts and read their reports, publish, list versions with their
 * impact and differences, roll back.
 */
public final class OntologyRoutes {
  private OntologyRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      OntologyVersions versions, AuditLog audit) {
    return Map.of(
        "getOntology", ctx -> current(ctx, versions),
        "listIndicators", ctx -> indicators(ctx, versions),
        "listReferenceData", ctx -> reference(ctx, versions),
        "createDraft", ctx -> createDraft(ctx, versions, audit),
        "getDraft",
            ctx -> {
              // Drafts are the editors' work in progress on the platform-wide ontology: editors
              // and the platform administrator read them, a tenant's admin does not.
              Auth.Caller caller = Auth.caller(ctx);
              if ("admin".equals(caller.role()) && !caller.platformAdmin()) {
                throw new org.libertas.errors.ForbiddenException(
                    "drafts are read by ngo-editor keys and the platform administrator");
              }
              versions
                  .draft(uuid(ctx.pathParam("draftId"), "draft"))
                  .map(OntologyJson::draft)
                  .onComplete(ar -> Api.reply(ctx, 200, ar));
            },
        "publishDraft",
            ctx -> {
              Auth.Caller caller = Auth.caller(ctx);
              UUID id = uuid(ctx.pathParam("draftId"), "draft");
              published(
                  ctx,
                  audit,
                  versions.publish(id, caller.keyId()),
                  "ontology.publish",
                  new JsonObject().put("draftId", id.toString()));
            },
        "listOntologyVersions",
            ctx ->
                versions
                    .versions()
                    .map(OntologyJson::versions)
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
        "getOntologyImpact",
            ctx ->
                versions
                    .impact(version(ctx.pathParam("version")), Auth.caller(ctx).tenantId())
                    .map(OntologyJson::impact)
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
        "getOntologyDiff",
            ctx -> {
              Integer against = Params.of(ctx).integer("against");
              int v = version(ctx.pathParam("version"));
              versions
                  .diff(v, against == null ? v - 1 : against)
                  .map(OntologyJson::diff)
                  .onComplete(ar -> Api.reply(ctx, 200, ar));
            },
        "rollbackOntology",
            ctx -> {
              int to = version(ctx.pathParam("version"));
              published(
                  ctx,
                  audit,
                  versions.rollback(to, Auth.caller(ctx).keyId()),
                  "ontology.rollback",
                  new JsonObject().put("rolledBackTo", to));
            });
  }

  /**
   * A new version exists: audit it, point at its impact report, answer 202 while rescoring runs.
   */
  private static void published(
      RoutingContext ctx,
      AuditLog audit,
      io.vertx.core.Future<Integer> version,
      String action,
      JsonObject details) {
    Auth.Caller caller = Auth.caller(ctx);
    version
        .compose(
            v ->
                audit
                    .append(
                        caller.tenantId(),
                        caller.keyId(),
                        action,
                        "version " + v,
                        RequestLog.requestId(ctx),
                        details)
                    .map(v))
        .map(
            v -> {
              ctx.response().putHeader("Location", "/v1/ontology/versions/" + v + "/impact");
              return details.copy().put("version", v).put("rescoring", "running");
            })
        .onComplete(ar -> Api.reply(ctx, 202, ar));
  }

  /** The active version: Turtle when asked, else a JSON summary; read on a worker. */
  private static void current(RoutingContext ctx, OntologyVersions versions) {
    String accept = String.valueOf(ctx.request().getHeader("Accept"));
    if (accept.contains("text/turtle")) {
      versions
          .view(OntologyViews::turtle)
          .onSuccess(
              t -> ctx.response().putHeader("Content-Type", "text/turtle; charset=utf-8").end(t))
          .onFailure(ctx::fail);
      return;
    }
    versions
        .view(OntologyViews::summary)
        .map(OntologyJson::summary)
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void createDraft(RoutingContext ctx, OntologyVersions versions, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    String contentType = String.valueOf(ctx.request().getHeader("Content-Type"));
    String media = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    DraftValidator.Format format = DraftValidator.Format.of(media);
    if (format == null) {
      throw new LibertasException(
          415,
          "unsupported-media-type",
          "send a draft as text/turtle, application/trig or application/sparql-update (RDF/XML and JSON-LD are not accepted)");
    }
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    versions
        .submit(format, body, caller.keyId())
        .compose(
            d ->
                audit
                    .append(
                        caller.tenantId(),
                        caller.keyId(),
                        "ontology.draft",
                        d.id().toString(),
                        RequestLog.requestId(ctx),
                        new JsonObject().put("valid", d.valid()))
                    .map(d))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              org.libertas.store.OntologyVersionRows.Draft d = ar.result();
              ctx.response().putHeader("Location", "/v1/ontology/drafts/" + d.id());
              if (d.valid()) {
                Api.json(ctx, 201, OntologyJson.draft(d));
                return;
              }
              // Refused with its report: the draft is kept so the report can be read again.
              List<FieldError> errors = new ArrayList<>();
              for (Object o : d.report().getJsonArray("issues")) {
                JsonObject i = (JsonObject) o;
                Long line = i.getLong("line");
                String where =
                    i.getString("rule") != null
                        ? i.getString("rule")
                        : i.getString("focusNode") != null
                            ? i.getString("focusNode")
                                + (i.getString("path") == null ? "" : " " + i.getString("path"))
                            : i.getString("testCase") != null
                                ? "case " + i.getString("testCase")
                                : i.getLong("column") == null
                                    ? null
                                    : String.valueOf(i.getLong("column"));
                errors.add(
                    new FieldError(
                        line == null ? 0 : line,
                        where,
                        // A stable code where the stage defines one (rule-too-slow), else the
                        // stage.
                        i.getString("code") != null ? i.getString("code") : i.getString("stage"),
                        i.getString("message")));
              }
              ctx.fail(
                  new LibertasException(
                      422,
                      "draft-refused",
                      "draft " + d.id() + " was refused; the published version is unchanged",
                      errors));
            });
  }

  private static UUID uuid(String v, String what) {
    try {
      return UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no " + what + " '" + v + "'");
    }
  }

  private static int version(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadRequestException("a version is a whole number, got '" + v + "'");
    }
  }

  private static void indicators(RoutingContext ctx, OntologyVersions versions) {
    String lang = Params.lang(ctx);
    versions
        .view(o -> OntologyJson.indicators(lang, o.version(), OntologyViews.indicators(o, lang)))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /** The reference facts of the version: every instance of a subclass of lbt:ReferenceFact. */
  private static void reference(RoutingContext ctx, OntologyVersions versions) {
    String lang = Params.lang(ctx);
    String only = Params.of(ctx).string("type");
    versions
        .view(
            o -> OntologyJson.reference(lang, o.version(), OntologyViews.reference(o, lang, only)))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }
}
