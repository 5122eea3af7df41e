package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Compliance decisions on suppliers. Each one copies the latest score snapshot it rested on, so
 * that it still explains itself after the supplier is rescored. Appended only (V5 trigger).
 */
public final class Decisions {
  private final Pool pool;

  public Decisions(Pool pool) {
    this.pool = pool;
  }

  public record Decision(
      long id,
      String supplierId,
      String decision,
      String rationale,
      String conditions,
      UUID keyId,
      String requestId,
      long snapshotId,
      int score,
      String band,
      String recommendation,
      int ontologyVersion,
      long dataVersion,
      String inputsHash,
      OffsetDateTime at) {}

  /**
   * Records a decision on a current supplier of the tenant with its latest snapshot, in one
   * statement; empty when the tenant has no such supplier.
   */
  public Future<Optional<Decision>> record(
      String tenantId,
      String supplierId,
      String decision,
      String rationale,
      String conditions,
      UUID keyId,
      String requestId) {
    return pool.preparedQuery(
            "insert into decisions (tenant_id, supplier_id, decision, rationale, conditions, key_id, request_id,"
                + " snapshot_id, score, band, recommendation, ontology_version, data_version, inputs_hash)"
                + " select $1, $2, $3, $4, $5, $6, $7, h.id, h.score, h.band, h.recommendation,"
                + "   h.ontology_version, h.data_version, h.inputs_hash"
                + " from score_snapshots h"
                + " where h.tenant_id = $1 and h.supplier_id = $2"
                + "   and exists (select 1 from supplier_scores s where s.tenant_id = $1 and s.supplier_id = $2)"
                + " order by h.id desc limit 1 returning *")
        .execute(
            Tuple.from(
                new Object[] {
                  tenantId, supplierId, decision, rationale, conditions, keyId, requestId
                }))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(decision(rs.iterator().next())));
  }

  /** Filters of the decision list; null filters do not filter. */
  public record Query(
      String supplierId,
      String decision,
      OffsetDateTime from,
      OffsetDateTime to,
      int limit,
      String cursor) {}

  public record Page(List<Decision> items, String nextCursor) {}

  /** Newest first; {@code from} is inclusive, {@code to} exclusive. */
  public Future<Page> list(String tenantId, Query q) {
    Long after = q.cursor() == null ? null : Cursors.decode(q.cursor());
    return pool.preparedQuery(
            "select * from decisions where tenant_id = $1"
                + " and ($2::text is null or supplier_id = $2)"
                + " and ($3::text is null or decision = $3)"
                + " and ($4::timestamptz is null or at >= $4)"
                + " and ($5::timestamptz is null or at < $5)"
                + " and ($6::bigint is null or id < $6)"
                + " order by id desc limit $7")
        .execute(
            Tuple.from(
                new Object[] {
                  tenantId, q.supplierId(), q.decision(), q.from(), q.to(), after, q.limit() + 1
                }))
        .map(
            rs -> {
              List<Decision> items = new ArrayList<>();
              rs.forEach(r -> items.add(decision(r)));
              String next = null;
              if (items.size() > q.limit()) {
                items.remove(items.size() - 1);
                next = Cursors.encode(items.get(items.size() - 1).id());
              }
              return new Page(items, next);
            });
  }

  private static Decision decision(Row r) {
    return new Decision(
        r.getLong("id"),
        r.getString("supplier_id"),
        r.getString("decision"),
        r.getString("rationale"),
        r.getString("conditions"),
        r.getUUID("key_id"),
        r.getString("request_id"),
        r.getLong("snapshot_id"),
        r.getInteger("score"),
        r.getString("band"),
        r.getString("recommendation"),
        r.getInteger("ontology_version"),
        r.getLong("data_version"),
        r.getString("inputs_hash"),
        r.getOffsetDateTime("at"));
  }
}
