package org.libertas.rescoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.SupplierFacts;

/**
 * The one place an assessment becomes the explanation document stored with each score: codes,
 * strengths, contributions, evidence, the upstream path and what could not be assessed. The api
 * labels it on read.
 */
public final class Explanations {
  private Explanations() {}

  /** The stored, language-neutral explanation of an assessment (labels are added when read). */
  public static JsonObject stored(Assessment a, SupplierFacts facts, ScoringRun run) {
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
      factors.add(
          new JsonObject()
              .put("id", f.id())
              .put("family", f.family())
              .put("rule", f.rule())
              .put("strength", f.strength())
              .put("contribution", f.contribution())
              .put("hardStop", f.hardStop())
              .put("evidence", evidence));
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
