package org.libertas.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * A row of {@code current_scores}, or of {@code score_snapshots} joined with the supplier's facts,
 * as the {@link Scores.Stored} record the rest of the service reads; kept apart from the queries so
 * every read builds its records one way.
 */
final class StoredScores {
  private StoredScores() {}

  static Scores.Stored of(Row r) {
    String[] commodities = r.getArrayOfStrings("commodities");
    return new Scores.Stored(
        r.getString("supplier_id"),
        r.getString("name"),
        r.getString("country"),
        r.getString("region"),
        r.getString("sector"),
        commodities == null ? List.of() : List.of(commodities),
        r.getInteger("tier"),
        r.getInteger("score"),
        r.getString("band"),
        r.getString("recommendation"),
        r.getBoolean("hard_stop"),
        (JsonObject) r.getJson("explanation"),
        r.getInteger("ontology_version"),
        r.getLong("data_version"),
        r.getString("inputs_hash"),
        r.getOffsetDateTime("computed_at"),
        identifiers(r));
  }

  private static Scores.Identifiers identifiers(Row r) {
    String os = r.getString("os_id");
    String lei = r.getString("lei_id");
    String duns = r.getString("duns_id");
    String reg = r.getString("registration_id");
    return os == null && lei == null && duns == null && reg == null
        ? Scores.Identifiers.NONE
        : new Scores.Identifiers(os, lei, duns, reg);
  }
}
