package org.libertas.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.screening.Reason;

/**
 * Renders screening reasons as {@code {feature, label, value, score}}, the label in the request's
 * language from the ontology (ontology/screening/match-features.ttl), like risk factors' labels. A
 * code the active ontology has no label for is shown as its code.
 */
final class ReasonJson {
  private ReasonJson() {}

  /** The concept that carries a feature's labels. */
  static String iri(String feature) {
    return Lbt.MATCH_FEATURE + feature;
  }

  static JsonObject json(Reason r, Ontology ontology, String lang) {
    String label = ontology == null ? null : ontology.label(iri(r.feature()), lang);
    return new JsonObject()
        .put("feature", r.feature())
        .put("label", label == null ? r.feature() : label)
        .put("value", r.value())
        .put("score", r.score());
  }

  static JsonArray json(List<Reason> reasons, Ontology ontology, String lang) {
    JsonArray out = new JsonArray();
    reasons.forEach(r -> out.add(json(r, ontology, lang)));
    return out;
  }

  /** One line of text for a rendered reason: {@code label: value (score)}. */
  static String text(JsonObject r) {
    StringBuilder s = new StringBuilder(r.getString("label"));
    if (r.getValue("value") != null) {
      s.append(": ").append(r.getValue("value"));
    }
    if (r.getValue("score") != null) {
      s.append(" (").append(r.getValue("score")).append(')');
    }
    return s.toString();
  }
}
