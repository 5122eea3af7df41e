package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Current scores (one row per supplier, what lists and risk reads serve, read through the {@code
 * current_scores} view with the data version the tenant's scores hold for) and their history (a
 * snapshot whenever the inputs or the ontology behind a score change).
 */
public final class Scores {
  private final Pool pool;

  private final ScoreCache cache;

  /** Told of each chunk a save wrote (start-up recovery shows it); must not block. */
  public interface SaveListener {
    /** Rows of the tenant's save written so far (not yet committed), of its total. */
    void chunkSaved(String tenantId, int saved, int total);
  }

  private volatile SaveListener listener = (t, saved, total) -> {};

  /** Tells the listener of each chunk saved from now on (one listener: the last one set). */
  public void listen(SaveListener l) {
    this.listener = l;
  }

  public Scores(Pool pool) {
    this(pool, 0);
  }

  /** With a cache of up to {@code cacheEntries} current scores (0: none). */
  public Scores(Pool pool, int cacheEntries) {
    this.cache = new ScoreCache(cacheEntries);
    this.pool = pool;
  }

  /**
   * The rows a save writes, built from a run (by the rescoring): per chunk of suppliers, one
   * statement's parameters, columns as arrays (the statement {@code unnest}s them), explanations
   * already encoded as JSON text. CPU work in proportion to the run (seconds at 100k suppliers):
   * build them on a worker, not on an event loop.
   *
   * @param complete every supplier of the tenant is written: rows of any other supplier are removed
   * @param removed suppliers no longer in the data (when not complete)
   */
  public record Rows(
      String tenantId,
      int ontologyVersion,
      long dataVersion,
      OffsetDateTime at,
      List<Tuple> rows,
      boolean complete,
      List<String> removed) {}

  /**
   * One chunk of a save, in one statement: the columns unnested and each explanation parsed once
   * (parsing JSON into jsonb was most of the cost: 25 ms per 400 rows, done for both tables); a
   * snapshot of each score whose inputs or ontology differ from its current row's (looked up by
   * key: LIMIT keeps the planner from making it a join, which at 10k suppliers read the whole table
   * for 400 rows); then the current rows. Both inserts see the rows as they were before the
   * statement. $1 tenant, $2 ontology version, $3 data version, $4 time, then one array per column
   * (then the identifiers: os_id, lei_id, duns_id, registration_id; last context band, evidence
   * band and priority). A snapshot is also taken when only the recommendation changed (the tenant's
   * regimes did).
   */
  private static final String SAVE_CHUNK =
      "with u as materialized (select u.id, u.score, u.band, u.recommendation, u.hard_stop,"
          + " u.explanation::jsonb as explanation, u.hash, u.name, u.country, u.region, u.sector,"
          + " array(select jsonb_array_elements_text(u.commodities::jsonb)) as commodities, u.tier,"
          + " u.os_id, u.lei_id, u.duns_id, u.registration_id, u.context_band, u.evidence_band,"
          + " u.priority"
          + " from unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::bool[], $10::text[],"
          + " $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],"
          + " $17::int[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],"
          + " $23::text[], $24::float8[]) as u(id, score, band,"
          + " recommendation, hard_stop, explanation, hash, name, country, region, sector,"
          + " commodities, tier, os_id, lei_id, duns_id, registration_id, context_band,"
          + " evidence_band, priority)),"
          + " snapshots as (insert into score_snapshots (tenant_id, supplier_id, score, band,"
          + " recommendation, hard_stop, explanation, ontology_version, data_version, inputs_hash,"
          + " computed_at)"
          + " select $1, u.id, u.score, u.band, u.recommendation, u.hard_stop, u.explanation, $2,"
          + " $3, u.hash, $4 from u"
          + " left join lateral (select s.inputs_hash, s.ontology_version, s.recommendation"
          + " from supplier_scores s where s.tenant_id = $1 and s.supplier_id = u.id limit 1) as s"
          + " on true where s.inputs_hash is distinct from u.hash"
          + " or s.ontology_version is distinct from $2"
          + " or s.recommendation is distinct from u.recommendation)"
          + " insert into supplier_scores (tenant_id, supplier_id, name, country, region, sector,"
          + " commodities, tier, score, band, recommendation, hard_stop, explanation,"
          + " ontology_version, data_version, inputs_hash, computed_at, os_id, lei_id, duns_id,"
          + " registration_id, context_band, evidence_band, priority)"
          + " select $1, u.id, u.name, u.country, u.region, u.sector, u.commodities, u.tier,"
          + " u.score, u.band, u.recommendation, u.hard_stop, u.explanation, $2, $3, u.hash, $4,"
          + " u.os_id, u.lei_id, u.duns_id, u.registration_id, u.context_band, u.evidence_band,"
          + " u.priority"
          + " from u"
          + " on conflict (tenant_id, supplier_id) do update set name = excluded.name,"
          + " country = excluded.country, region = excluded.region, sector = excluded.sector,"
          + " commodities = excluded.commodities, tier = excluded.tier, score = excluded.score,"
          + " band = excluded.band, recommendation = excluded.recommendation,"
          + " hard_stop = excluded.hard_stop, explanation = excluded.explanation,"
          + " ontology_version = excluded.ontology_version, data_version = excluded.data_version,"
          + " inputs_hash = excluded.inputs_hash, computed_at = excluded.computed_at,"
          + " os_id = excluded.os_id, lei_id = excluded.lei_id, duns_id = excluded.duns_id,"
          + " registration_id = excluded.registration_id, context_band = excluded.context_band,"
          + " evidence_band = excluded.evidence_band, priority = excluded.priority";

  /**
   * Saves a run's rows and the tenant's state (the versions and time its scores hold for) in one
   * transaction.
   */
  public Future<Void> save(Rows r) {
    String tenantId = r.tenantId();
    OffsetDateTime at = r.at();
    return pool.withTransaction(
            c -> {
              Future<?> done = Future.succeededFuture();
              int total = 0;
              for (Tuple chunk : r.rows()) {
                total += chunk.getArrayOfStrings(4).length;
              }
              int[] saved = {0};
              int all = total;
              for (Tuple chunk : r.rows()) {
                int n = chunk.getArrayOfStrings(4).length;
                done =
                    done.compose(x -> c.preparedQuery(SAVE_CHUNK).execute(chunk))
                        .onSuccess(
                            x -> {
                              saved[0] += n;
                              listener.chunkSaved(tenantId, saved[0], all);
                            });
              }
              return done.compose(
                      x ->
                          r.complete()
                              // Every supplier of the run was written at this time: rows with
                              // another time are of suppliers no longer in the data.
                              ? c.preparedQuery(
                                      "delete from supplier_scores where tenant_id = $1 and computed_at <> $2")
                                  .execute(Tuple.of(tenantId, at))
                              : r.removed().isEmpty()
                                  ? Future.succeededFuture()
                                  : c.preparedQuery(
                                          "delete from supplier_scores s using unnest($2::text[]) as u(id)"
                                              + " where s.tenant_id = $1 and s.supplier_id = u.id")
                                      .execute(
                                          Tuple.tuple()
                                              .addString(tenantId)
                                              .addArrayOfString(
                                                  r.removed().toArray(new String[0]))))
                  .compose(
                      x ->
                          c.preparedQuery(
                                  "insert into score_state (tenant_id, data_version, ontology_version, computed_at)"
                                      + " values ($1, $2, $3, $4) on conflict (tenant_id) do update set"
                                      + " data_version = excluded.data_version, ontology_version = excluded.ontology_version,"
                                      + " computed_at = excluded.computed_at")
                              .execute(
                                  Tuple.of(tenantId, r.dataVersion(), r.ontologyVersion(), at)))
                  .mapEmpty();
            })
        // The trigger's notification follows; this instance need not wait for it.
        .onComplete(x -> cache.invalidate(tenantId))
        .mapEmpty();
  }

  /**
   * A stored score as the API reads it. {@code explanation} is the stored jsonb document as the
   * rescoring wrote it, language-neutral; the store keeps and returns it without reading it, and
   * the api labels and renders it for clients.
   */
  public record Stored(
      String supplierId,
      String name,
      String country,
      String region,
      String sector,
      List<String> commodities,
      Integer tier,
      int score,
      String band,
      String recommendation,
      boolean hardStop,
      JsonObject explanation,
      int ontologyVersion,
      long dataVersion,
      String inputsHash,
      OffsetDateTime computedAt,
      Identifiers identifiers) {
    /** The same score with another explanation. */
    public Stored withExplanation(JsonObject e) {
      return new Stored(
          supplierId,
          name,
          country,
          region,
          sector,
          commodities,
          tier,
          score,
          band,
          recommendation,
          hardStop,
          e,
          ontologyVersion,
          dataVersion,
          inputsHash,
          computedAt,
          identifiers);
    }
  }

  /**
   * A supplier's identifiers in other registers, each null when its data gives none: Open Supply
   * Hub OS ID, LEI and D-U-N-S number as ingest normalised them, the registration number as
   * written.
   */
  public record Identifiers(String osId, String leiId, String dunsId, String registrationId) {
    public static final Identifiers NONE = new Identifiers(null, null, null, null);
  }

  /** A supplier's current band and score. */
  public record Band(String band, int score) {}

  /**
   * When the tenant's scores were last saved (every save stamps the tenant's state); an instance
   * compares it with its own last save to know whether another instance rescored since.
   */
  public Future<OffsetDateTime> lastComputedAt(String tenantId) {
    return pool.preparedQuery("select computed_at from score_state where tenant_id = $1")
        .execute(Tuple.of(tenantId))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getOffsetDateTime(0));
  }

  public Future<Map<String, Band>> bands(String tenantId) {
    return pool.preparedQuery(
            "select supplier_id, band, score from supplier_scores where tenant_id = $1")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              Map<String, Band> out = new java.util.HashMap<>();
              rs.forEach(r -> out.put(r.getString(0), new Band(r.getString(1), r.getInteger(2))));
              return out;
            });
  }

  /** A supplier's current score: from the cache when it holds it, else from the database. */
  public Future<Optional<Stored>> find(String tenantId, String supplierId) {
    Stored hit = cache.get(tenantId, supplierId);
    if (hit != null) {
      return Future.succeededFuture(Optional.of(hit));
    }
    ReadCache.Ticket ticket = cache.ticket(tenantId);
    return pool.preparedQuery(
            "select * from current_scores where tenant_id = $1 and supplier_id = $2")
        .execute(Tuple.of(tenantId, supplierId))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.<Stored>empty();
              }
              Stored s = StoredScores.of(rs.iterator().next());
              cache.put(tenantId, s, ticket);
              return Optional.of(s);
            });
  }

  /** The current scores read on every risk request ({@link ScoreCache}), for {@link ChangeFeed}. */
  public ReadCache<?> cache() {
    return cache.readCache();
  }

  /** A stored score in the history, with the id it can be recomputed by. */
  public record Snapshot(long id, Stored stored) {}

  public Future<List<Snapshot>> history(String tenantId, String supplierId) {
    return snapshots(tenantId, supplierId, null);
  }

  public Future<Optional<Snapshot>> snapshot(String tenantId, String supplierId, long id) {
    return snapshots(tenantId, supplierId, id).map(l -> l.stream().findFirst());
  }

  private Future<List<Snapshot>> snapshots(String tenantId, String supplierId, Long id) {
    return pool.preparedQuery(
            "select h.*, s.name, s.country, s.region, s.sector, s.commodities, s.tier, s.os_id,"
                + " s.lei_id, s.duns_id, s.registration_id from score_snapshots h"
                + " join supplier_scores s on s.tenant_id = h.tenant_id and s.supplier_id = h.supplier_id"
                + " where h.tenant_id = $1 and h.supplier_id = $2 and ($3::bigint is null or h.id = $3)"
                + " order by h.id desc")
        .execute(Tuple.of(tenantId, supplierId, id))
        .map(
            rs -> {
              List<Snapshot> out = new ArrayList<>();
              rs.forEach(r -> out.add(new Snapshot(r.getLong("id"), StoredScores.of(r))));
              return out;
            });
  }

  /** Every current score of the tenant, riskiest first (reports). */
  public Future<List<Stored>> all(String tenantId) {
    return pool.preparedQuery(
            "select * from current_scores where tenant_id = $1 order by score desc, supplier_id")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              List<Stored> out = new ArrayList<>();
              rs.forEach(r -> out.add(StoredScores.of(r)));
              return out;
            });
  }

  /**
   * The current scores of some suppliers of the tenant, by supplier id (unknown ids are absent).
   */
  public Future<Map<String, Stored>> findMany(String tenantId, java.util.Collection<String> ids) {
    return pool.preparedQuery(
            "select * from current_scores where tenant_id = $1 and supplier_id = any($2)")
        .execute(Tuple.tuple().addString(tenantId).addArrayOfString(ids.toArray(new String[0])))
        .map(
            rs -> {
              Map<String, Stored> out = new java.util.HashMap<>();
              rs.forEach(r -> out.put(r.getString("supplier_id"), StoredScores.of(r)));
              return out;
            });
  }

  /**
   * Filters and sort of the supplier list; {@code sort} is one of score, -score, name, -name. Null
   * filters do not filter. {@code identifier} keeps the suppliers whose OS ID, LEI, D-U-N-S number
   * or registration number it is, case aside (and, but for the registration number, spaces and
   * hyphens aside, as ingest stores them).
   */
  public record ListQuery(
      String identifier,
      String band,
      String recommendation,
      String contextBand,
      String evidenceBand,
      String country,
      String commodity,
      Integer tier,
      Boolean hardStop,
      String sort,
      int limit,
      String cursor) {}

  public record Page(List<Stored> items, String nextCursor) {}

  /**
   * The work queue: the tenant's suppliers by priority, highest first (ties by supplier id), from
   * {@code cursor} (an earlier page's last priority and id); suppliers without one (rows written
   * before it existed) are not listed.
   */
  public Future<Page> priorities(String tenantId, int limit, String cursor) {
    StringBuilder sql =
        new StringBuilder(
            "select * from current_scores where tenant_id = $1 and priority is not null");
    List<Object> args = new ArrayList<>(List.of(tenantId));
    if (cursor != null) {
      Cursors.Keyset c = Cursors.decodeKeyset(cursor);
      double at;
      try {
        at = Double.parseDouble(c.key());
      } catch (NumberFormatException e) {
        throw new org.libertas.errors.BadRequestException("cursor is not a work-queue cursor");
      }
      args.add(at);
      args.add(c.id());
      sql.append(" and (priority < $2 or (priority = $2 and supplier_id > $3))");
    }
    args.add(limit + 1);
    sql.append(" order by priority desc, supplier_id asc limit $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rs -> {
              List<Stored> items = new ArrayList<>();
              List<Double> priority = new ArrayList<>();
              rs.forEach(
                  r -> {
                    items.add(StoredScores.of(r));
                    priority.add(r.getDouble("priority"));
                  });
              String next = null;
              if (items.size() > limit) {
                items.remove(items.size() - 1);
                next =
                    Cursors.encode(
                        new Cursors.Keyset(
                            Double.toString(priority.get(items.size() - 1)),
                            items.get(items.size() - 1).supplierId()));
              }
              return new Page(items, next);
            });
  }

  public Future<Page> list(String tenantId, ListQuery q) {
    boolean byScore = q.sort().endsWith("score");
    boolean desc = q.sort().startsWith("-");
    String key = byScore ? "score" : "name";
    String op = desc ? "<" : ">";
    String dir = desc ? "desc" : "asc";
    StringBuilder sql = new StringBuilder("select * from current_scores where tenant_id = $1");
    List<Object> args = new ArrayList<>(List.of(tenantId));
    if (q.identifier() != null) {
      String written = q.identifier().strip().toUpperCase(java.util.Locale.ROOT);
      args.add(written.replaceAll("[\\s-]", ""));
      int k = args.size();
      args.add(written);
      sql.append(" and (os_id = $")
          .append(k)
          .append(" or lei_id = $")
          .append(k)
          .append(" or duns_id = $")
          .append(k)
          .append(" or upper(registration_id) = $")
          .append(k + 1)
          .append(')');
    }
    if (q.band() != null) {
      args.add(q.band());
      sql.append(" and band = $").append(args.size());
    }
    for (String[] f :
        new String[][] {
          {"recommendation", q.recommendation()},
          {"context_band", q.contextBand()},
          {"evidence_band", q.evidenceBand()}
        }) {
      if (f[1] != null) {
        args.add(f[1]);
        sql.append(" and ").append(f[0]).append(" = $").append(args.size());
      }
    }
    if (q.country() != null) {
      args.add(q.country().toUpperCase());
      sql.append(" and country = $").append(args.size());
    }
    if (q.commodity() != null) {
      args.add(q.commodity());
      sql.append(" and $").append(args.size()).append(" = any(commodities)");
    }
    if (q.tier() != null) {
      args.add(q.tier());
      sql.append(" and tier = $").append(args.size());
    }
    if (q.hardStop() != null) {
      args.add(q.hardStop());
      sql.append(" and hard_stop = $").append(args.size());
    }
    if (q.cursor() != null) {
      Cursors.Keyset c = Cursors.decodeKeyset(q.cursor());
      args.add(byScore ? (Object) c.intKey() : c.key());
      int k = args.size();
      args.add(c.id());
      // Keyset pagination: ties on the sort key are broken by supplier id, always ascending.
      sql.append(" and (")
          .append(key)
          .append(' ')
          .append(op)
          .append(" $")
          .append(k)
          .append(" or (")
          .append(key)
          .append(" = $")
          .append(k)
          .append(" and supplier_id > $")
          .append(k + 1)
          .append("))");
    }
    args.add(q.limit() + 1);
    sql.append(" order by ")
        .append(key)
        .append(' ')
        .append(dir)
        .append(", supplier_id asc limit $")
        .append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rs -> {
              List<Stored> items = new ArrayList<>();
              rs.forEach(r -> items.add(StoredScores.of(r)));
              String next = null;
              if (items.size() > q.limit()) {
                items.remove(items.size() - 1);
                Stored last = items.get(items.size() - 1);
                next =
                    Cursors.encode(
                        new Cursors.Keyset(
                            byScore ? Integer.toString(last.score()) : last.name(),
                            last.supplierId()));
              }
              return new Page(items, next);
            });
  }
}
