package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.libertas.errors.NotFoundException;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.Rule;
import org.libertas.reasoning.ScoringEngine;
import org.libertas.store.Scores;

/**
 * Supplier list, explained risk and history, served from the stored scores. Explanations are stored
 * language-neutral (rule ids, family IRIs) and labelled here in the language asked for.
 */
public final class SupplierRoutes {
  private static final String UPSTREAM_FAMILY = org.libertas.ontology.Lbt.NS + "UpstreamFamily";

  private SupplierRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Scores scores, Supplier<Ontology> ontology) {
    return Map.of(
        "listSuppliers", ctx -> list(ctx, scores),
        "getSupplierRisk", ctx -> risk(ctx, scores, ontology.get()),
        "getSupplierRiskHistory", ctx -> history(ctx, scores));
  }

  private static void list(RoutingContext ctx, Scores scores) {
    Auth.Caller caller = Auth.caller(ctx);
    Params p = Params.of(ctx);
    scores
        .list(
            caller.tenantId(),
            new Scores.ListQuery(
                p.string("identifier"),
                p.string("band"),
                p.string("recommendation"),
                p.string("contextBand"),
                p.string("evidenceBand"),
                p.string("country"),
                p.string("commodity"),
                p.integer("tier"),
                p.bool("hardStop"),
                p.string("sort"),
                p.integer("limit"),
                p.string("cursor")))
        .map(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(s -> items.add(item(s)));
              return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  static JsonObject item(Scores.Stored s) {
    return new JsonObject()
        .put("supplierId", s.supplierId())
        .put("name", s.name())
        .put("country", s.country())
        .put("region", s.region())
        .put("sector", s.sector())
        .put("commodities", new JsonArray(new java.util.ArrayList<>(s.commodities())))
        .put("tier", s.tier())
        .put("score", s.score())
        .put("band", s.band())
        .put("recommendation", s.recommendation())
        .put("hardStop", s.hardStop())
        .put("context", dimensionSummary(s.explanation().getJsonObject("context")))
        .put("evidence", dimensionSummary(s.explanation().getJsonObject("evidence")))
        .put("priority", s.explanation().getDouble("priority"))
        .put("identifiers", identifiers(s.identifiers()));
  }

  /** A dimension's score and band, or null for a row written before dimensions existed. */
  static JsonObject dimensionSummary(JsonObject d) {
    return d == null
        ? null
        : new JsonObject().put("score", d.getInteger("score")).put("band", d.getString("band"));
  }

  /** A dimension with its factors labelled, or null for a row written before dimensions. */
  private static JsonObject dimension(JsonObject d, Ontology ontology, String lang) {
    if (d == null) {
      return null;
    }
    JsonArray factors = new JsonArray();
    for (Object o : d.getJsonArray("factors", new JsonArray())) {
      JsonObject f = ((JsonObject) o).copy();
      boolean upstream = ScoringEngine.UPSTREAM.equals(f.getString("family"));
      Rule rule = upstream ? null : ontology.rule(f.getString("rule"));
      f.put(
          "label",
          rule != null
              ? rule.labels().getOrDefault(lang, rule.labels().getOrDefault("en", rule.id()))
              : ontology.label(UPSTREAM_FAMILY, lang));
      f.put("family", upstream ? "upstream" : local(f.getString("family")));
      factors.add(f);
    }
    String bandIri = bandIri(ontology, d.getString("band"));
    return d.copy()
        .put("bandLabel", bandIri == null ? d.getString("band") : ontology.label(bandIri, lang))
        .put("factors", factors);
  }

  /** The IRI of the band with this code in the version, or null. */
  private static String bandIri(Ontology ontology, String code) {
    return ontology.scoring().bands().stream()
        .filter(b -> b.code().equals(code))
        .map(org.libertas.ontology.ScoringParameters.Band::iri)
        .findFirst()
        .orElse(null);
  }

  /**
   * The recommendation with the decision row that chose it and why, in {@code lang}; for a row
   * written before the decision table, the recommendation alone.
   */
  static JsonObject nextStep(Scores.Stored s, Ontology ontology, String lang) {
    JsonObject r = s.explanation().getJsonObject("recommendation");
    JsonObject out = new JsonObject().put("recommendation", s.recommendation());
    String recIri = ontology.policy().recommendations().get(s.recommendation());
    out.put("label", recIri == null ? s.recommendation() : ontology.label(recIri, lang));
    if (r == null || r.getString("row") == null) {
      return out;
    }
    String rowIri =
        ontology.policy().rows().stream()
            .filter(x -> x.code().equals(r.getString("row")))
            .map(org.libertas.ontology.RecommendationPolicy.Row::iri)
            .findFirst()
            .orElse(null);
    JsonArray barredBy = new JsonArray();
    for (Object code : r.getJsonArray("barredBy", new JsonArray())) {
      var regime = ontology.policy().regimes().get((String) code);
      barredBy.add(
          new JsonObject()
              .put("code", code)
              .put("label", regime == null ? code : ontology.label(regime.iri(), lang)));
    }
    JsonObject coverage = s.explanation().getJsonObject("coverage", new JsonObject());
    return out.put("row", r.getString("row"))
        .put("rowLabel", rowIri == null ? null : ontology.label(rowIri, lang))
        .put("reason", rowIri == null ? null : reason(ontology, rowIri, lang))
        .put("barredBy", barredBy)
        .put("regimes", r.getJsonArray("regimes"))
        .put(
            "axes",
            new JsonObject()
                .put("legalBar", !barredBy.isEmpty())
                .put("openEvidence", r.getString("openEvidence"))
                .put("openEvidenceScore", r.getInteger("openEvidenceScore"))
                .put("context", r.getString("context"))
                .put("recentAudit", coverage.getBoolean("recentAudit")));
  }

  /** A decision row's lbt:reason in {@code lang}, else English. */
  private static String reason(Ontology ontology, String rowIri, String lang) {
    var row = ontology.model().getResource(rowIri);
    String en = null;
    for (var st : row.listProperties(Lbt.reason).toList()) {
      String l = st.getLanguage();
      if (l.equalsIgnoreCase(lang)) {
        return st.getString();
      }
      if (l.equalsIgnoreCase("en")) {
        en = st.getString();
      }
    }
    return en;
  }

  /** The supplier's identifiers in other registers, each null when its data gives none. */
  static JsonObject identifiers(Scores.Identifiers i) {
    return new JsonObject()
        .put("osId", i.osId())
        .put("leiId", i.leiId())
        .put("dunsId", i.dunsId())
        .put("registrationId", i.registrationId());
  }

  static Scores.Identifiers identifiers(org.libertas.reasoning.SupplierFacts.Identifiers i) {
    return new Scores.Identifiers(i.osId(), i.leiId(), i.dunsId(), i.registrationId());
  }

  private static void risk(RoutingContext ctx, Scores scores, Ontology ontology) {
    Auth.Caller caller = Auth.caller(ctx);
    String lang = Params.lang(ctx);
    String id = ctx.pathParam("supplierId");
    scores
        .find(caller.tenantId(), id)
        .map(
            found ->
                explained(
                    found.orElseThrow(() -> new NotFoundException("no supplier '" + id + "'")),
                    ontology,
                    lang))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /**
   * What could not be assessed, each with its reason's label from the ontology (the reason code is
   * the skos:notation of an lbt:UnassessedReason).
   */
  private static JsonArray unassessed(JsonObject explanation, Ontology ontology, String lang) {
    JsonArray out = new JsonArray();
    for (Object o : explanation.getJsonArray("unassessed", new JsonArray())) {
      JsonObject u = ((JsonObject) o).copy();
      String reason = reasonIri(ontology, u.getString("reason"));
      out.add(
          u.put("label", reason == null ? u.getString("reason") : ontology.label(reason, lang)));
    }
    return out;
  }

  /** The lbt:UnassessedReason whose notation is {@code code}, or null. */
  private static String reasonIri(Ontology ontology, String code) {
    var m = ontology.model();
    for (var r :
        m.listSubjectsWithProperty(org.apache.jena.vocabulary.SKOS.notation, code).toList()) {
      if (r.isURIResource()
          && r.hasProperty(
              org.apache.jena.vocabulary.RDF.type, m.createResource(Lbt.NS + "UnassessedReason"))) {
        return r.getURI();
      }
    }
    return null;
  }

  /** The risk document (docs/api.md) with labels in {@code lang}. */
  static JsonObject explained(Scores.Stored s, Ontology ontology, String lang) {
    JsonObject e = s.explanation();
    JsonArray factors = new JsonArray();
    JsonArray hardStops = new JsonArray();
    for (Object o : e.getJsonArray("factors")) {
      JsonObject f = ((JsonObject) o).copy();
      Rule rule = ontology.rule(f.getString("rule"));
      boolean upstream = ScoringEngine.UPSTREAM.equals(f.getString("family"));
      String label;
      if (upstream) {
        // The upstream factor's evidence is its path: the suppliers the risk came through.
        JsonArray steps = f.getJsonArray("evidence");
        String via = steps.isEmpty() ? "" : steps.getJsonObject(0).getString("id");
        label = ontology.label(UPSTREAM_FAMILY, lang) + ": " + via;
        f.put(
            "evidence",
            new JsonArray(
                steps.stream()
                    .map(x -> new JsonObject().put("supplierId", ((JsonObject) x).getString("id")))
                    .toList()));
      } else {
        ReasonJson.labelEvidence(f.getJsonArray("evidence"), ontology, lang);
        label =
            rule != null
                ? rule.labels().getOrDefault(lang, rule.labels().getOrDefault("en", rule.id()))
                : f.getString("rule");
      }
      f.put("label", label);
      f.put(
          "familyLabel", ontology.label(upstream ? UPSTREAM_FAMILY : f.getString("family"), lang));
      f.put("family", upstream ? "upstream" : local(f.getString("family")));
      f.put("source", rule == null ? null : rule.source());
      factors.add(f);
      if (f.getBoolean("hardStop", false)) {
        hardStops.add(f);
      }
    }
    JsonArray paths = new JsonArray();
    JsonArray path = e.getJsonArray("path");
    if (path != null && !path.isEmpty()) {
      paths.add(new JsonObject().put("from", s.supplierId()).put("steps", path));
    }
    String bandIri = bandIri(ontology, s.band());
    return new JsonObject()
        .put("supplierId", s.supplierId())
        .put("name", s.name())
        .put("identifiers", identifiers(s.identifiers()))
        .put("score", s.score())
        .put("band", s.band())
        .put("bandLabel", bandIri == null ? s.band() : ontology.label(bandIri, lang))
        .put("recommendation", s.recommendation())
        .put("hardStops", hardStops)
        .put("factors", factors)
        .put("paths", paths)
        .put("unassessed", unassessed(e, ontology, lang))
        .put("context", dimension(e.getJsonObject("context"), ontology, lang))
        .put("evidence", dimension(e.getJsonObject("evidence"), ontology, lang))
        .put("coverage", e.getJsonObject("coverage"))
        .put("nextStep", nextStep(s, ontology, lang))
        .put("priority", e.getDouble("priority"))
        .put("ontologyVersion", s.ontologyVersion())
        .put("dataVersion", s.dataVersion())
        .put("inputsHash", s.inputsHash())
        .put("asOf", e.getString("asOf"))
        .put("computedAt", s.computedAt().toString())
        .put("lang", lang);
  }

  private static String local(String iri) {
    int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
    String l = iri.substring(i + 1);
    return (l.endsWith("Family") ? l.substring(0, l.length() - 6) : l).toLowerCase();
  }

  /** One past score with the versions behind it and the id to recompute it by. */
  static JsonObject historyItem(Scores.Snapshot h) {
    Scores.Stored s = h.stored();
    return new JsonObject()
        .put("id", h.id())
        .put("score", s.score())
        .put("band", s.band())
        .put("recommendation", s.recommendation())
        .put("hardStop", s.hardStop())
        .put("ontologyVersion", s.ontologyVersion())
        .put("dataVersion", s.dataVersion())
        .put("inputsHash", s.inputsHash())
        .put("asOf", s.explanation().getString("asOf"))
        .put("computedAt", s.computedAt().toString());
  }

  private static void history(RoutingContext ctx, Scores scores) {
    Auth.Caller caller = Auth.caller(ctx);
    String id = ctx.pathParam("supplierId");
    scores
        .history(caller.tenantId(), id)
        .map(
            list -> {
              if (list.isEmpty()) {
                throw new NotFoundException("no supplier '" + id + "'");
              }
              JsonArray items = new JsonArray();
              list.forEach(h -> items.add(historyItem(h)));
              return new JsonObject().put("supplierId", id).put("items", items);
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }
}
