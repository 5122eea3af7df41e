package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.jena.rdf.model.Model;
import org.libertas.errors.NotFoundException;
import org.libertas.ingest.ProspectMapper;
import org.libertas.ingest.ReferenceCodes;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.SupplierFacts;
import org.libertas.reasoning.TenantScorer;
import org.libertas.rescoring.Explanations;
import org.libertas.rescoring.TenantScreening;
import org.libertas.store.Scores;
import org.libertas.store.Uploads;

/**
 * The check a buyer runs before signing: a prospective supplier described in the body is screened
 * and scored like any supplier — with the tenant's suppliers it would buy from counted upstream —
 * and nothing is stored.
 */
public final class AssessmentRoutes {
  /** The supplier id a prospect is given in the answer. */
  public static final String PROSPECT = "prospect";

  private AssessmentRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Scores scores,
      Uploads uploads,
      TenantScorer scorer,
      TenantScreening screening,
      Supplier<Ontology> ontology,
      WorkerExecutor workers,
      java.util.function.BiFunction<String, Ontology, Future<java.util.Set<String>>> regimes) {
    return Map.of(
        "createAssessment",
        ctx -> {
          Auth.Caller caller = Auth.caller(ctx);
          String lang = Params.lang(ctx);
          ProspectMapper.Prospect p = Api.jsonBody(ctx, ProspectMapper.Prospect.class);
          Ontology o = ontology.get();
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
          java.util.Set<String>[] applied = new java.util.Set[1];
          regimes
              .apply(caller.tenantId(), o)
              .compose(
                  r -> {
                    applied[0] = r;
                    return risks(
                        scores,
                        caller.tenantId(),
                        p.suppliers() == null ? List.of() : p.suppliers());
                  })
              .compose(
                  risks ->
                      uploads
                          .current(caller.tenantId())
                          .compose(
                              state ->
                                  workers
                                      .executeBlocking(
                                          () -> {
                                            Model m =
                                                ProspectMapper.toModel(
                                                    p,
                                                    PROSPECT,
                                                    caller.tenantId(),
                                                    ReferenceCodes.of(o));
                                            m.add(screening.screenGraph(o, caller.tenantId(), m));
                                            return scorer.assess(o, m, risks, now.toLocalDate());
                                          },
                                          false)
                                      .map(
                                          run ->
                                              answer(
                                                  run, o, applied[0], state.version(), now, lang))))
              .onComplete(ar -> Api.reply(ctx, 200, ar));
        });
  }

  /** Current risk of each named supplier of the tenant; an unknown one is a 404. */
  private static Future<Map<String, Assessment.Risks>> risks(
      Scores scores, String tenant, List<String> ids) {
    Map<String, Assessment.Risks> out = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain =
          chain.compose(
              x ->
                  scores
                      .find(tenant, id)
                      .map(
                          s -> {
                            JsonObject e =
                                s.orElseThrow(
                                        () -> new NotFoundException("no supplier '" + id + "'"))
                                    .explanation();
                            out.put(
                                id,
                                new Assessment.Risks(
                                    e.getDouble("risk"),
                                    dimensionRisk(e, "context"),
                                    dimensionRisk(e, "evidence")));
                            return null;
                          }));
    }
    return chain.map(out);
  }

  /** A dimension's stored risk (0 for a row written before dimensions existed). */
  private static double dimensionRisk(JsonObject explanation, String name) {
    JsonObject d = explanation.getJsonObject(name);
    return d == null ? 0 : d.getDouble("risk", 0.0);
  }

  private static JsonObject answer(
      ScoringRun run,
      Ontology o,
      java.util.Set<String> regimes,
      long dataVersion,
      OffsetDateTime now,
      String lang) {
    SupplierFacts f = run.suppliers().get(0);
    Assessment a = run.assessments().get(0);
    Explanations.Explained e = Explanations.explain(o, a, f, run, -1, regimes);
    Scores.Stored stored =
        new Scores.Stored(
            PROSPECT,
            f.name(),
            f.country(),
            f.region(),
            f.sector(),
            f.commodities(),
            null,
            a.score(),
            a.band().code(),
            e.recommendation(),
            a.hardStop(),
            e.json(),
            o.version(),
            dataVersion,
            a.inputsHash(),
            now,
            SupplierRoutes.identifiers(f.identifiers()));
    return SupplierRoutes.explained(stored, o, lang).put("stored", false);
  }
}
