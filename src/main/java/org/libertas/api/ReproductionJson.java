package org.libertas.api;

import io.vertx.core.json.JsonObject;
import org.libertas.rescoring.Reproduction;

/** Renders a recomputed score as the recomputeScore operation of openapi.yaml answers it. */
final class ReproductionJson {
  private ReproductionJson() {}

  static JsonObject of(Reproduction.Recomputed r) {
    return new JsonObject()
        .put("snapshotId", r.snapshotId())
        .put("supplierId", r.supplierId())
        .put("ontologyVersion", r.ontologyVersion())
        .put("dataVersion", r.dataVersion())
        .put("asOf", r.asOf())
        .put("stored", score(r.stored()))
        .put("recomputed", r.recomputed() == null ? null : score(r.recomputed()))
        .put("identical", r.identical());
  }

  private static JsonObject score(Reproduction.Score s) {
    return new JsonObject()
        .put("score", s.score())
        .put("band", s.band())
        .put("inputsHash", s.inputsHash())
        .put("recommendation", s.recommendation());
  }
}
