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
      WorkerExecutor workers) {
    return Map.of(
        "createAssessment",
        ctx -> {
          Auth.Caller caller = Auth.caller(ctx);
          String lang = Params.lang(ctx);
          ProspectMapper.Prospect p = Api.jsonBody(ctx, ProspectMapper.Prospect.class);
          Ontology o = ontology.get();
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
          risks(scores, caller.tenantId(), p.suppliers() == null ? List.of() : p.suppliers())
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
                                      .map(run -> answer(run, o, state.version(), now, lang))))
              .onComplete(ar -> Api.reply(ctx, 200, ar));
        });
  }

  /** Current risk of each named supplier of the tenant; an unknown one is a 404. */
  private static Future<Map<String, Double>> risks(Scores scores, String tenant, List<String> ids) {
    Map<String, Double> out = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain =
          chain.compose(
              x ->
                  scores
                      .find(tenant, id)
                      .map(
                          s -> {
                            out.put(
                                id,
                                s.orElseThrow(
                                        () -> new NotFoundException("no supplier '" + id + "'"))
                                    .explanation()
                                    .getDouble("risk"));
                            return null;
                          }));
    }
    return chain.map(out);
  }

  private static JsonObject answer(
      ScoringRun run, Ontology o, long dataVersion, OffsetDateTime now, String lang) {
    SupplierFacts f = run.suppliers().get(0);
    Assessment a = run.assessments().get(0);
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
            a.band().recommendation(),
            a.hardStop(),
            Explanations.stored(a, f, run),
            o.version(),
            dataVersion,
            a.inputsHash(),
            now,
            SupplierRoutes.identifiers(f.identifiers()));
    return SupplierRoutes.explained(stored, o, lang).put("stored", false);
  }
}
