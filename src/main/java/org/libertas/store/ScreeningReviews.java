package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libertas.screening.Reason;
import org.libertas.screening.TenantMatches;

/**
 * A tenant's current screening matches (replaced at each rescoring, what reviewers list) and the
 * reviewers' decisions on them (appended, the latest per pair counts, scoring reads them back).
 */
public final class ScreeningReviews {
  private static final String SELECT =
      "select m.match_id, m.screened_iri, m.screened_kind, m.screened_name, m.entry_iri, m.entry_name,"
          + " m.source, m.score, m.screened_status, m.status, m.reasons, m.screened_at,"
          + " r.decision, r.note, r.at as reviewed_at"
          + " from screening_matches m left join lateral ("
          + "   select decision, note, at from screening_reviews r where r.tenant_id = m.tenant_id"
          + "   and r.screened_iri = m.screened_iri and r.entry_iri = m.entry_iri"
          + "   order by at desc, id desc limit 1) r on true";

  private final Pool pool;

  public ScreeningReviews(Pool pool) {
    this.pool = pool;
  }

  /** A stored match with its latest review, if any. */
  public record StoredMatch(
      String matchId,
      String screenedIri,
      String screenedKind,
      String screenedName,
      String entryIri,
      String entryName,
      String source,
      double score,
      String screenedStatus,
      String status,
      List<Reason> reasons,
      OffsetDateTime screenedAt,
      String decision,
      String note,
      OffsetDateTime reviewedAt) {}

  /** The latest decision per (screened, entry) pair, keyed by {@link TenantMatches#pairKey}. */
  public Future<Map<String, TenantMatches.Decision>> decisions(String tenantId) {
    return decisions(tenantId, java.time.OffsetDateTime.now().plusYears(100));
  }

  /** The latest decision per pair as it stood at a moment (to recompute a historic score). */
  public Future<Map<String, TenantMatches.Decision>> decisions(
      String tenantId, java.time.OffsetDateTime asOf) {
    return pool.preparedQuery(
            "select distinct on (screened_iri, entry_iri) screened_iri, entry_iri, decision, note"
                + " from screening_reviews where tenant_id = $1 and at <= $2"
                + " order by screened_iri, entry_iri, at desc, id desc")
        .execute(Tuple.of(tenantId, asOf))
        .map(
            rs -> {
              Map<String, TenantMatches.Decision> out = new HashMap<>();
              for (Row r : rs) {
                out.put(
                    TenantMatches.pairKey(r.getString("screened_iri"), r.getString("entry_iri")),
                    new TenantMatches.Decision(
                        "confirm".equals(r.getString("decision")), r.getString("note")));
              }
              return out;
            });
  }

  /** Replaces the tenant's current matches with a screening's, in one transaction. */
  public Future<Void> replaceMatches(
      String tenantId, List<TenantMatches.Result> results, OffsetDateTime at) {
    List<Tuple> rows = new ArrayList<>(results.size());
    for (TenantMatches.Result r : results) {
      rows.add(
          Tuple.from(
              new Object[] {
                tenantId,
                r.matchId(),
                r.screened().iri(),
                r.screened().kind().name().toLowerCase(java.util.Locale.ROOT),
                r.screened().name(),
                r.match().entryId(),
                r.match().name(),
                r.match().source(),
                r.match().score(),
                r.match().status().name().toLowerCase(java.util.Locale.ROOT),
                r.status(),
                StoredReasons.json(r.match().reasons()),
                at
              }));
    }
    return pool.withTransaction(
        c ->
            c.preparedQuery("delete from screening_matches where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .compose(
                    x ->
                        rows.isEmpty()
                            ? Future.succeededFuture()
                            : c.preparedQuery(
                                    "insert into screening_matches (tenant_id, match_id, screened_iri, screened_kind,"
                                        + " screened_name, entry_iri, entry_name, source, score, screened_status, status,"
                                        + " reasons, screened_at)"
                                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                                .executeBatch(rows))
                .mapEmpty());
  }

  /** The tenant's current matches, optionally of one status, best first. */
  public Future<List<StoredMatch>> list(String tenantId, String status) {
    return pool.preparedQuery(
            SELECT
                + " where m.tenant_id = $1 and ($2::text is null or m.status = $2)"
                + " order by m.score desc, m.screened_name, m.entry_name, m.match_id")
        .execute(Tuple.of(tenantId, status))
        .map(
            rs -> {
              List<StoredMatch> out = new ArrayList<>();
              rs.forEach(r -> out.add(stored(r)));
              return out;
            });
  }

  public Future<Optional<StoredMatch>> find(String tenantId, String matchId) {
    return pool.preparedQuery(SELECT + " where m.tenant_id = $1 and m.match_id = $2")
        .execute(Tuple.of(tenantId, matchId))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(stored(rs.iterator().next())));
  }

  /** Appends a review of the pair behind a match; earlier reviews stay as history. */
  public Future<Void> review(
      String tenantId,
      StoredMatch match,
      String decision,
      String note,
      UUID keyId,
      String requestId) {
    return pool.preparedQuery(
            "insert into screening_reviews (tenant_id, screened_iri, entry_iri, decision, note, key_id, request_id)"
                + " values ($1, $2, $3, $4, $5, $6, $7)")
        .execute(
            Tuple.from(
                new Object[] {
                  tenantId, match.screenedIri(), match.entryIri(), decision, note, keyId, requestId
                }))
        .mapEmpty();
  }

  private static StoredMatch stored(Row r) {
    return new StoredMatch(
        r.getString("match_id"),
        r.getString("screened_iri"),
        r.getString("screened_kind"),
        r.getString("screened_name"),
        r.getString("entry_iri"),
        r.getString("entry_name"),
        r.getString("source"),
        r.getDouble("score"),
        r.getString("screened_status"),
        r.getString("status"),
        StoredReasons.read((JsonArray) r.getJson("reasons")),
        r.getOffsetDateTime("screened_at"),
        r.getString("decision"),
        r.getString("note"),
        r.getOffsetDateTime("reviewed_at"));
  }
}
