package org.libertas.rescoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.RecommendationPolicy;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.Coverage;
import org.libertas.reasoning.Recommender;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.SupplierFacts;

/**
 * The one place an assessment becomes the explanation document stored with each score: codes,
 * strengths, contributions, evidence, the upstream path and what could not be assessed. The api
 * labels it on read.
 */
public final class Explanations {
  private Explanations() {}

  /**
   * An explanation with what the supplier list filters and orders by.
   *
   * @param priority the work queue's: context risk × exposure × (1 − coverage), in [0,1]
   */
  public record Explained(
      JsonObject json,
      String recommendation,
      String contextBand,
      String evidenceBand,
      double priority) {}

  /**
   * The stored explanation of an assessment with its dimensions, coverage, recommendation (from the
   * ontology's decision table and the tenant's regimes) and priority.
   *
   * @param index the supplier's index in the run's chain, or -1 for a prospect
   */
  public static Explained explain(
      Ontology o,
      Assessment a,
      SupplierFacts facts,
      ScoringRun run,
      int index,
      java.util.Set<String> regimes) {
    RecommendationPolicy policy = o.policy();
    List<Integer> unknownTiers;
    double exposure;
    // Tier 0: the tenant's direct relations (a prospect would be one), counted fully.
    int tier = Math.max(0, facts.tier());
    double byTier = Math.pow(o.scoring().tierDecay(), tier);
    if (run.reach() != null && index >= 0) {
      ScoringRun.Reach r = run.reach();
      unknownTiers = Coverage.tiers(r.gaps()[index], tier);
      exposure =
          r.maxVolume() > 0
              ? byTier
                  * (1
                      - policy.volumeWeight()
                      + policy.volumeWeight() * r.volume()[index] / r.maxVolume())
              : byTier;
    } else {
      // A prospect: the map above it is what it named (its upstream factor), its tier the first.
      boolean primary = facts.sector() != null && policy.primarySectors().contains(facts.sector());
      unknownTiers = a.path().isEmpty() && !primary ? List.of(tier + 1) : List.of();
      exposure = byTier;
    }
    Coverage coverage =
        new Coverage(
            Coverage.lastAudit(
                run.signals().getOrDefault(facts.id(), List.of()), policy.auditFamilies()),
            unknownTiers,
            facts.unassessed().stream().map(SupplierFacts.Unassessed::field).distinct().toList());
    Recommender.Recommendation rec =
        Recommender.recommend(
            policy, o.scoring(), a, coverage, regimes, run.evidence(), run.asOf());
    double priority =
        Math.round(a.context().risk() * exposure * (1 - coverage.share(policy, run.asOf())) * 1e6)
            / 1e6;
    JsonObject json =
        stored(a, facts, run)
            .put("context", dimension(a.context()))
            .put("evidence", dimension(a.evidence()))
            .put(
                "coverage",
                new JsonObject()
                    .put(
                        "lastAuditOn",
                        coverage.lastAuditOn() == null ? null : coverage.lastAuditOn().toString())
                    .put("unknownTiers", new JsonArray(new ArrayList<>(coverage.unknownTiers())))
                    .put("unassessed", new JsonArray(new ArrayList<>(coverage.unassessed())))
                    .put("recentAudit", rec.row() == null ? null : rec.recentAudit()))
            .put(
                "recommendation",
                new JsonObject()
                    .put("code", rec.code())
                    .put("row", rec.row())
                    .put("barredBy", new JsonArray(new ArrayList<>(rec.barredBy())))
                    .put(
                        "regimes", new JsonArray(new ArrayList<>(new java.util.TreeSet<>(regimes))))
                    .put("openEvidence", rec.openEvidence())
                    .put("openEvidenceScore", rec.openEvidenceScore())
                    .put("context", rec.context()))
            .put("priority", priority)
            .put("exposure", Math.round(exposure * 1e6) / 1e6);
    return new Explained(
        json, rec.code(), a.context().band().code(), a.evidence().band().code(), priority);
  }

  private static JsonObject dimension(Assessment.Dimension d) {
    JsonArray factors = new JsonArray();
    for (Assessment.Factor f : d.factors()) {
      factors.add(factor(f));
    }
    JsonArray path = new JsonArray();
    d.path().forEach(p -> path.add(p.supplierId()));
    return new JsonObject()
        .put("risk", d.risk())
        .put("score", d.score())
        .put("band", d.band().code())
        .put("factors", factors)
        .put("path", path);
  }

  /** A factor's codes and numbers, as the score and each dimension store it. */
  private static JsonObject factor(Assessment.Factor f) {
    return new JsonObject()
        .put("id", f.id())
        .put("family", f.family())
        .put("rule", f.rule())
        .put("strength", f.strength())
        .put("contribution", f.contribution())
        .put("hardStop", f.hardStop());
  }

  /** The stored, language-neutral explanation of an assessment (labels are added when read). */
  static JsonObject stored(Assessment a, SupplierFacts facts, ScoringRun run) {
    JsonArray factors = new JsonArray();
    for (Assessment.Factor f : a.factors()) {
      JsonArray evidence = new JsonArray();
      for (String e : f.evidence()) {
        JsonObject ev = new JsonObject().put("id", e);
        Map<String, List<String>> props = run.evidence().get(e);
        if (props != null) {
          props.forEach(
              (k, v) -> ev.put(k, v.size() == 1 ? v.get(0) : new JsonArray(new ArrayList<>(v))));
        }
        evidence.add(ev);
      }
      factors.add(factor(f).put("evidence", evidence));
    }
    JsonArray path = new JsonArray();
    for (Assessment.PathStep p : a.path()) {
      path.add(
          new JsonObject()
              .put("supplierId", p.supplierId())
              .put("tier", p.tier())
              .put("ownRisk", p.ownRisk())
              .put("risk", p.risk()));
    }
    JsonArray unassessed = new JsonArray();
    for (SupplierFacts.Unassessed u : facts.unassessed()) {
      unassessed.add(
          new JsonObject()
              .put("field", u.field())
              .put("value", u.value())
              .put("reason", u.reason()));
    }
    return new JsonObject()
        .put("asOf", run.asOf().toString())
        .put("unassessed", unassessed)
        .put("risk", a.risk())
        .put("factors", factors)
        .put("path", path);
  }
}
