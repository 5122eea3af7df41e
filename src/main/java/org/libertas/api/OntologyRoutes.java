package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.NotFoundException;
import org.libertas.ontology.DraftValidator;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyVersions;
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
        "getOntology", ctx -> current(ctx, versions.active()),
        "listIndicators", ctx -> indicators(ctx, versions.active()),
        "listReferenceData", ctx -> reference(ctx, versions.active()),
        "createDraft", ctx -> createDraft(ctx, versions, audit),
        "getDraft",
            ctx ->
                versions
                    .draft(uuid(ctx.pathParam("draftId"), "draft"))
                    .map(OntologyRoutes::draftJson)
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
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
                    .map(items -> new JsonObject().put("items", items))
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
        "getOntologyImpact",
            ctx ->
                versions
                    .impact(version(ctx.pathParam("version")), Auth.caller(ctx).tenantId())
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
        "getOntologyDiff",
            ctx -> {
              Integer against = Params.of(ctx).integer("against");
              int v = version(ctx.pathParam("version"));
              versions
                  .diff(v, against == null ? v - 1 : against)
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

  private static void current(RoutingContext ctx, Ontology o) {
    String accept = String.valueOf(ctx.request().getHeader("Accept"));
    if (accept.contains("text/turtle")) {
      // The whole version as one document: download, edit, submit back as a draft.
      ctx.vertx()
          .executeBlocking(
              () -> {
                StringWriter w = new StringWriter();
                RDFDataMgr.write(w, o.model(), RDFFormat.TURTLE_BLOCKS);
                return w.toString();
              },
              false)
          .onSuccess(
              t -> ctx.response().putHeader("Content-Type", "text/turtle; charset=utf-8").end(t))
          .onFailure(ctx::fail);
      return;
    }
    JsonArray rules = new JsonArray();
    o.rules()
        .forEach(
            r ->
                rules.add(
                    new JsonObject()
                        .put("id", r.id())
                        .put("family", r.family())
                        .put("label", r.labels().get("en"))
                        .put("source", r.source())));
    Api.json(
        ctx,
        200,
        new JsonObject()
            .put("version", o.version())
            .put("sha256", o.sha256())
            .put("triples", o.model().size())
            .put("rules", rules));
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
              OntologyVersions.Draft d = ar.result();
              ctx.response().putHeader("Location", "/v1/ontology/drafts/" + d.id());
              if (d.valid()) {
                Api.json(ctx, 201, draftJson(d));
                return;
              }
              // Refused with its report: the draft is kept so the report can be read again.
              List<FieldError> errors = new ArrayList<>();
              for (Object o : d.report().getJsonArray("issues")) {
                JsonObject i = (JsonObject) o;
                Long line = i.getLong("line");
                String where =
                    i.getString("focusNode") != null
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
                        i.getString("stage"),
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

  private static JsonObject draftJson(OntologyVersions.Draft d) {
    return new JsonObject()
        .put("id", d.id().toString())
        .put("format", d.format())
        .put("baseVersion", d.baseVersion())
        .put("valid", d.valid())
        .put("publishedAs", d.publishedAs())
        .put("report", d.report());
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

  private static void indicators(RoutingContext ctx, Ontology o) {
    String lang = Params.lang(ctx);
    JsonArray items = new JsonArray();
    o
        .model()
        .listSubjectsWithProperty(SKOS.inScheme, o.model().createResource(Lbt.NS + "IloIndicators"))
        .toList()
        .stream()
        .sorted(Comparator.comparing(Resource::getURI))
        .forEach(
            r ->
                items.add(
                    new JsonObject()
                        .put("id", r.getURI())
                        .put(
                            "code",
                            r.hasProperty(SKOS.notation)
                                ? r.getProperty(SKOS.notation).getString()
                                : r.getLocalName())
                        .put("label", o.label(r.getURI(), lang))
                        .put("definition", text(r, lang))
                        .put(
                            "weight",
                            r.hasProperty(Lbt.weight)
                                ? r.getProperty(Lbt.weight).getDouble()
                                : null)));
    Api.json(
        ctx,
        200,
        new JsonObject().put("lang", lang).put("version", o.version()).put("items", items));
  }

  /** The reference facts of the version: every instance of a subclass of lbt:ReferenceFact. */
  private static void reference(RoutingContext ctx, Ontology o) {
    String lang = Params.lang(ctx);
    String only = Params.of(ctx).string("type");
    var m = o.model();
    Resource fact = m.createResource(Lbt.NS + "ReferenceFact");
    var name = m.createProperty(Lbt.NS + "name");
    List<String> named =
        List.of("good", "commodity", "sector", "region", "country").stream()
            .map(l -> Lbt.NS + l)
            .toList();
    JsonArray types = new JsonArray();
    JsonArray items = new JsonArray();
    m.listSubjectsWithProperty(org.apache.jena.vocabulary.RDFS.subClassOf, fact).toList().stream()
        .filter(Resource::isURIResource)
        .sorted(Comparator.comparing(Resource::getLocalName))
        .forEach(
            type -> {
              var entries =
                  m.listSubjectsWithProperty(org.apache.jena.vocabulary.RDF.type, type).toList();
              types.add(
                  new JsonObject()
                      .put("type", type.getLocalName())
                      .put("label", labelOr(o, type, lang))
                      .put("count", entries.size()));
              if (only != null && !only.equals(type.getLocalName())) {
                return;
              }
              entries.stream()
                  .filter(Resource::isURIResource)
                  .sorted(Comparator.comparing(Resource::getURI))
                  .forEach(r -> items.add(referenceEntry(o, r, type, lang, name, named)));
            });
    Api.json(
        ctx,
        200,
        new JsonObject()
            .put("lang", lang)
            .put("version", o.version())
            .put("types", types)
            .put("items", items));
  }

  private static JsonObject referenceEntry(
      Ontology o,
      Resource r,
      Resource type,
      String lang,
      org.apache.jena.rdf.model.Property name,
      List<String> named) {
    JsonObject props = new JsonObject();
    JsonObject source = null;
    List<String> parts = new ArrayList<>();
    for (var st : r.listProperties().toList()) {
      var p = st.getPredicate();
      if (p.equals(org.apache.jena.vocabulary.RDF.type)) {
        continue;
      }
      var obj = st.getObject();
      if (p.equals(org.apache.jena.vocabulary.DCTerms.source) && obj.isURIResource()) {
        Resource src = obj.asResource();
        source =
            new JsonObject()
                .put("id", src.getURI())
                .put(
                    "title",
                    src.hasProperty(org.apache.jena.vocabulary.DCTerms.title)
                        ? src.getProperty(org.apache.jena.vocabulary.DCTerms.title).getString()
                        : null);
        continue;
      }
      String value;
      if (obj.isLiteral()) {
        Literal l = obj.asLiteral();
        if (!l.getLanguage().isEmpty() && !l.getLanguage().equals(lang)) {
          continue;
        }
        value = l.getLexicalForm();
      } else if (obj.isURIResource()) {
        value = obj.asResource().getURI();
        if (named.contains(p.getURI())) {
          parts.add(labelOr(o, obj.asResource(), lang));
        }
      } else {
        continue;
      }
      JsonArray values = props.getJsonArray(p.getLocalName());
      if (values == null) {
        values = new JsonArray();
        props.put(p.getLocalName(), values);
      }
      values.add(value);
    }
    String label =
        r.hasProperty(name)
            ? r.getProperty(name).getString()
            : parts.isEmpty() ? r.getLocalName() : String.join(" — ", parts);
    return new JsonObject()
        .put("id", r.getURI())
        .put("type", type.getLocalName())
        .put("label", label)
        .put("source", source)
        .put("properties", props);
  }

  private static String labelOr(Ontology o, Resource r, String lang) {
    String l = o.label(r.getURI(), lang);
    return l != null ? l : r.getLocalName();
  }

  private static String text(Resource r, String lang) {
    String fallback = null;
    for (var st : r.listProperties(SKOS.definition).toList()) {
      Literal l = st.getLiteral();
      if (l.getLanguage().equals(lang)) {
        return l.getLexicalForm();
      }
      if (fallback == null || l.getLanguage().equals("en")) {
        fallback = l.getLexicalForm();
      }
    }
    return fallback;
  }
}
