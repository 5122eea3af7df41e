package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.query.ParameterizedSparqlString;
import org.apache.jena.query.Query;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.libertas.errors.NotFoundException;
import org.libertas.graph.Sparql;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.store.Decisions;
import org.libertas.store.Scores;
import org.libertas.store.ScreeningReviews;

/**
 * What leaves the system for auditors and spreadsheets: the tenant's graph (Turtle or JSON-LD), the
 * risk report (formula-safe CSV or JSON) and a supplier's due-diligence dossier (JSON or printable
 * HTML).
 */
public final class ExportRoutes {
  static final List<String> GRAPH_TYPES = List.of("text/turtle", "application/ld+json");
  static final List<String> DOSSIER_TYPES = List.of("application/json", "text/html");
  private static final long EXPORT_TIMEOUT_MS = 10 * 60_000L;
  private static final Query EXPORT = Sparql.query("graph-export.rq");
  private static final String DOSSIER_SUBJECTS = Sparql.text("dossier-subjects.rq");
  private static final String[] REPORT_COLUMNS = {
    "supplierId",
    "name",
    "country",
    "region",
    "sector",
    "tier",
    "score",
    "band",
    "recommendation",
    "hardStop",
    "contextScore",
    "contextBand",
    "evidenceScore",
    "evidenceBand",
    "recommendationRow",
    "lastAuditOn",
    "priority",
    "osId",
    "leiId",
    "dunsId",
    "registrationId",
    "factor1",
    "factor2",
    "factor3",
    "ontologyVersion",
    "dataVersion",
    "computedAt"
  };

  private ExportRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Scores scores, Decisions decisions, ScreeningReviews reviews, TenantGraphs graphs) {
    return Map.of(
        "getGraph", ctx -> graph(ctx, graphs),
        "getRiskReportCsv", ctx -> riskCsv(ctx, scores, graphs.workers()),
        "getRiskReport", ctx -> riskJson(ctx, scores),
        "getSupplierDossier", ctx -> dossier(ctx, scores, decisions, reviews, graphs));
  }

  private static void graph(RoutingContext ctx, TenantGraphs graphs) {
    Auth.Caller caller = Auth.caller(ctx);
    String type = Api.negotiate(ctx, GRAPH_TYPES).orElseThrow(() -> Api.notAcceptable(GRAPH_TYPES));
    HttpServerResponse res = ctx.response();
    graphs
        .data(caller.tenantId())
        .compose(
            g -> {
              res.setChunked(true)
                  .putHeader(
                      "Content-Type",
                      type.equals("text/turtle") ? "text/turtle; charset=utf-8" : type)
                  .putHeader(
                      "Content-Disposition", "inline; filename=\"graph" + extension(type) + "\"");
              return graphs.blocking(
                  () ->
                      graphs
                          .store()
                          .read(
                              EXPORT,
                              g,
                              EXPORT_TIMEOUT_MS,
                              qe -> {
                                try (ResponseStream out = new ResponseStream(res)) {
                                  if (type.equals("text/turtle")) {
                                    // Streamed triple by triple: exports of any size in constant
                                    // memory.
                                    StreamRDF sink =
                                        StreamRDFWriter.getWriterStream(
                                            out, RDFFormat.TURTLE_BLOCKS);
                                    sink.start();
                                    sink.prefix("lbt", Lbt.NS);
                                    sink.prefix("xsd", "http://www.w3.org/2001/XMLSchema#");
                                    qe.execConstructTriples().forEachRemaining(sink::triple);
                                    sink.finish();
                                  } else {
                                    // JSON-LD needs the whole graph to frame it.
                                    Model m = qe.execConstruct();
                                    m.setNsPrefix("lbt", Lbt.NS);
                                    RDFDataMgr.write(out, m, Lang.JSONLD);
                                  }
                                  out.flush();
                                } catch (IOException e) {
                                  throw new UncheckedIOException(e);
                                }
                                return null;
                              }));
            })
        .onSuccess(x -> res.end())
        .onFailure(ctx::fail);
  }

  private static String extension(String type) {
    return type.equals("text/turtle") ? ".ttl" : ".jsonld";
  }

  private static void riskCsv(RoutingContext ctx, Scores scores, WorkerExecutor workers) {
    Auth.Caller caller = Auth.caller(ctx);
    scores
        .all(caller.tenantId())
        .compose(
            all ->
                // Rendering every supplier of the tenant is CPU work: on a worker.
                workers.executeBlocking(() -> csv(all), false))
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"risk.csv\"")
                    .end(body))
        .onFailure(ctx::fail);
  }

  private static String csv(List<Scores.Stored> all) {
    StringWriter text = new StringWriter();
    try (SafeCsvWriter csv = new SafeCsvWriter(text)) {
      csv.row((Object[]) REPORT_COLUMNS);
      for (Scores.Stored s : all) {
        List<String> top =
            topFactors(s).stream()
                .map(f -> f.getString("rule") + ":" + f.getDouble("contribution"))
                .toList();
        csv.row(
            s.supplierId(),
            s.name(),
            s.country(),
            s.region(),
            s.sector(),
            s.tier(),
            s.score(),
            s.band(),
            s.recommendation(),
            s.hardStop(),
            dim(s, "context", "score"),
            dim(s, "context", "band"),
            dim(s, "evidence", "score"),
            dim(s, "evidence", "band"),
            dim(s, "recommendation", "row"),
            dim(s, "coverage", "lastAuditOn"),
            s.explanation().getValue("priority"),
            s.identifiers().osId(),
            s.identifiers().leiId(),
            s.identifiers().dunsId(),
            s.identifiers().registrationId(),
            top.size() > 0 ? top.get(0) : null,
            top.size() > 1 ? top.get(1) : null,
            top.size() > 2 ? top.get(2) : null,
            s.ontologyVersion(),
            s.dataVersion(),
            s.computedAt().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A field of one of the explanation's objects, or null (a row written before it existed). */
  private static Object dim(Scores.Stored s, String object, String field) {
    JsonObject o = s.explanation().getJsonObject(object);
    return o == null ? null : o.getValue(field);
  }

  /** The three factors that weigh most, as {rule, contribution} (contribution to 2 decimals). */
  static List<JsonObject> topFactors(Scores.Stored s) {
    List<JsonObject> factors = new ArrayList<>();
    JsonArray all = s.explanation().getJsonArray("factors", new JsonArray());
    for (Object o : all) {
      JsonObject f = (JsonObject) o;
      factors.add(
          new JsonObject()
              .put("rule", f.getString("rule"))
              .put("contribution", Math.round(f.getDouble("contribution", 0.0) * 100) / 100.0));
    }
    factors.sort(
        (a, b) -> {
          int c = Double.compare(b.getDouble("contribution"), a.getDouble("contribution"));
          return c != 0 ? c : a.getString("rule").compareTo(b.getString("rule"));
        });
    return factors.subList(0, Math.min(3, factors.size()));
  }

  private static void riskJson(RoutingContext ctx, Scores scores) {
    Auth.Caller caller = Auth.caller(ctx);
    scores
        .all(caller.tenantId())
        .map(
            all -> {
              JsonArray items = new JsonArray();
              for (Scores.Stored s : all) {
                items.add(
                    new JsonObject()
                        .put("supplierId", s.supplierId())
                        .put("name", s.name())
                        .put("country", s.country())
                        .put("region", s.region())
                        .put("sector", s.sector())
                        .put("tier", s.tier())
                        .put("score", s.score())
                        .put("band", s.band())
                        .put("recommendation", s.recommendation())
                        .put("hardStop", s.hardStop())
                        .put(
                            "context",
                            SupplierRoutes.dimensionSummary(
                                s.explanation().getJsonObject("context")))
                        .put(
                            "evidence",
                            SupplierRoutes.dimensionSummary(
                                s.explanation().getJsonObject("evidence")))
                        .put("priority", s.explanation().getValue("priority"))
                        .put("identifiers", SupplierRoutes.identifiers(s.identifiers()))
                        .put("topFactors", new JsonArray(new ArrayList<>(topFactors(s))))
                        .put("ontologyVersion", s.ontologyVersion())
                        .put("dataVersion", s.dataVersion())
                        .put("computedAt", s.computedAt().toString()));
              }
              return new JsonObject()
                  .put("tenantId", caller.tenantId())
                  .put("generatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                  .put("items", items);
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void dossier(
      RoutingContext ctx,
      Scores scores,
      Decisions decisions,
      ScreeningReviews reviews,
      TenantGraphs graphs) {
    Auth.Caller caller = Auth.caller(ctx);
    String tenant = caller.tenantId();
    String id = ctx.pathParam("supplierId");
    String lang = Params.lang(ctx);
    String type =
        Api.negotiate(ctx, DOSSIER_TYPES).orElseThrow(() -> Api.notAcceptable(DOSSIER_TYPES));
    Ontology ontology = graphs.ontology().get();
    ParameterizedSparqlString pss = new ParameterizedSparqlString(DOSSIER_SUBJECTS);
    pss.setLiteral("id", id);
    Query subjectsQuery = pss.asQuery();
    JsonObject dossier = new JsonObject();
    scores
        .find(tenant, id)
        .map(found -> found.orElseThrow(() -> new NotFoundException("no supplier '" + id + "'")))
        .compose(
            s -> {
              dossier
                  .put("supplierId", s.supplierId())
                  .put("name", s.name())
                  .put("country", s.country())
                  .put("region", s.region())
                  .put("sector", s.sector())
                  .put("tier", s.tier())
                  .put("tenantId", tenant)
                  .put("generatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                  .put("requestId", RequestLog.requestId(ctx))
                  .put("risk", SupplierRoutes.explained(s, ontology, lang));
              return graphs.data(tenant);
            })
        .compose(
            g ->
                graphs.blocking(
                    () ->
                        graphs
                            .store()
                            .select(
                                subjectsQuery,
                                g,
                                rs -> {
                                  Set<String> subjects = new HashSet<>();
                                  rs.forEachRemaining(
                                      b -> subjects.add(b.getResource("subject").getURI()));
                                  return subjects;
                                })))
        .compose(
            subjects ->
                reviews
                    .list(tenant, null)
                    .map(
                        matches -> {
                          JsonArray out = new JsonArray();
                          matches.stream()
                              .filter(m -> subjects.contains(m.screenedIri()))
                              .forEach(m -> out.add(ScreeningRoutes.item(m, ontology, lang)));
                          return dossier.put("screening", out);
                        }))
        .compose(x -> decisions.list(tenant, new Decisions.Query(id, null, null, null, 500, null)))
        .compose(
            page -> {
              JsonArray out = new JsonArray();
              page.items().forEach(d -> out.add(ComplianceRoutes.json(d)));
              dossier.put("decisions", out);
              return scores.history(tenant, id);
            })
        .map(
            history -> {
              JsonArray out = new JsonArray();
              history.forEach(h -> out.add(SupplierRoutes.historyItem(h)));
              return dossier.put("history", out);
            })
        .onSuccess(
            d -> {
              if (type.equals("text/html")) {
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader(
                        "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .end(DossierPage.html(d));
              } else {
                Api.json(ctx, 200, d);
              }
            })
        .onFailure(ctx::fail);
  }
}
