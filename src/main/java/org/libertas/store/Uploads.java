package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libertas.errors.FieldError;

/**
 * Upload jobs: queued in PostgreSQL, claimed one per tenant at a time in arrival order, tenants in
 * turn ({@code FOR UPDATE SKIP LOCKED}, so several instances can share the queue), with status,
 * progress and row errors. A graph is current data only once its row says so (status scoring or
 * succeeded).
 */
public final class Uploads {
  public static final List<String> ACTIVE = List.of("validating", "loading", "scoring");

  private final Pool pool;

  public Uploads(Pool pool) {
    this.pool = pool;
  }

  /** A job as it is stored; content is only read when claiming. */
  public record Job(
      UUID id,
      long seq,
      String tenantId,
      String kind,
      String mode,
      boolean dryRun,
      String status,
      String graphIri,
      String fileName,
      String sha256,
      String charset,
      String format,
      String sheet,
      Map<String, String> mapping,
      byte[] content,
      Integer rowsTotal,
      int rowsProcessed,
      UUID keyId,
      OffsetDateTime createdAt,
      OffsetDateTime finishedAt,
      boolean kindDetected) {}

  /**
   * An upload to queue.
   *
   * @param format {@code csv} or {@code xlsx}
   * @param sheet the workbook's sheet to read (null: the first); null for CSV
   * @param mapping the column mapping the file is read with: file header → Libertas column (empty:
   *     none)
   * @param kind a kind's code, or {@code workbook} for a workbook of several kinds
   * @param kindDetected whether the kind was detected from the header (sent without kind)
   */
  public record NewUpload(
      UUID id,
      String tenantId,
      String kind,
      String mode,
      boolean dryRun,
      String fileName,
      String sha256,
      String charset,
      String format,
      String sheet,
      Map<String, String> mapping,
      byte[] content,
      String idempotencyKey,
      UUID keyId,
      boolean kindDetected) {}

  /**
   * Queues an upload. With an idempotency key already used by the tenant, returns the earlier job
   * instead (and {@code created} false).
   */
  public Future<Created> enqueue(NewUpload u) {
    return pool.preparedQuery(
            "insert into uploads (id, tenant_id, kind, mode, dry_run, status, file_name, sha256, charset, content, idempotency_key, key_id, format, sheet, mapping, kind_detected)"
                + " values ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                + " on conflict (tenant_id, idempotency_key) do nothing returning id")
        .execute(
            Tuple.from(
                new Object[] {
                  u.id(),
                  u.tenantId(),
                  u.kind(),
                  u.mode(),
                  u.dryRun(),
                  u.fileName(),
                  u.sha256(),
                  u.charset(),
                  io.vertx.core.buffer.Buffer.buffer(u.content()),
                  u.idempotencyKey(),
                  u.keyId(),
                  u.format(),
                  u.sheet(),
                  u.mapping().isEmpty()
                      ? null
                      : new io.vertx.core.json.JsonObject(
                          new java.util.LinkedHashMap<>(u.mapping())),
                  u.kindDetected()
                }))
        .compose(
            rs -> {
              if (rs.size() > 0) {
                return Future.succeededFuture(new Created(u.id(), true));
              }
              return pool.preparedQuery(
                      "select id, sha256, kind from uploads where tenant_id = $1 and idempotency_key = $2")
                  .execute(Tuple.of(u.tenantId(), u.idempotencyKey()))
                  .map(
                      r -> {
                        Row row = r.iterator().next();
                        if (!row.getString("sha256").equals(u.sha256())
                            || !row.getString("kind").equals(u.kind())) {
                          throw new org.libertas.errors.ConflictException(
                              "Idempotency-Key '"
                                  + u.idempotencyKey()
                                  + "' was already used for a different file");
                        }
                        return new Created(row.getUUID("id"), false);
                      });
            });
  }

  public record Created(UUID id, boolean created) {}

  /**
   * Claims the next upload, tenants in turn: among the tenants with no job in progress, the one
   * whose last job was started longest ago (never: first), its oldest queued job. A tenant's jobs
   * so stay in arrival order, one at a time, and a tenant with many queued waits its turn behind
   * each other tenant's next job. The claim and the status change are one statement ({@code FOR
   * UPDATE SKIP LOCKED}), so two instances, or two slots of one, never take the same job.
   */
  public Future<Optional<Job>> claim(UUID instance) {
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "update uploads set status = 'validating', started_at = now(),"
                        + " claimed_by = $1, claims = claims + 1 where id = ("
                        + " select u.id from uploads u where u.status = 'queued'"
                        + " and u.seq = (select min(o.seq) from uploads o where o.tenant_id = u.tenant_id"
                        + "   and o.status in ('queued', 'validating', 'loading', 'scoring'))"
                        + " order by (select max(s.started_at) from uploads s"
                        + "   where s.tenant_id = u.tenant_id) nulls first, u.seq"
                        + " for update skip locked limit 1)"
                        + " returning *")
                .execute(Tuple.of(instance))
                .map(
                    rs ->
                        rs.size() == 0
                            ? Optional.<Job>empty()
                            : Optional.of(job(rs.iterator().next(), true))));
  }

  /** Which instance claimed each job now in progress (null for rows claimed before 7.1). */
  public Future<java.util.Map<UUID, UUID>> claimers() {
    return pool.query(
            "select id, claimed_by from uploads where status in ('validating', 'loading', 'scoring')")
        .execute()
        .map(
            rs -> {
              java.util.Map<UUID, UUID> out = new java.util.HashMap<>();
              rs.forEach(r -> out.put(r.getUUID("id"), r.getUUID("claimed_by")));
              return out;
            });
  }

  /** Jobs a crash left in progress, oldest first. */
  public Future<List<Job>> interrupted() {
    return pool.query(
            "select * from uploads where status in ('validating', 'loading', 'scoring') order by seq")
        .execute()
        .map(rs -> list(rs, true));
  }

  public Future<Void> requeue(UUID id) {
    return pool.preparedQuery(
            "update uploads set status = 'queued', rows_processed = 0, graph_iri = null where id = $1")
        .execute(Tuple.of(id))
        .mapEmpty();
  }

  public Future<Void> progress(UUID id, String status, Integer rowsTotal, int rowsProcessed) {
    return pool.preparedQuery(
            "update uploads set status = $2, rows_total = coalesce($3, rows_total), rows_processed = $4 where id = $1")
        .execute(Tuple.of(id, status, rowsTotal, rowsProcessed))
        .mapEmpty();
  }

  /**
   * Records that the upload's graph is written: from now on it is current data. In replace mode the
   * same transaction retires the tenant's earlier uploads of that kind (kept for audit).
   */
  public Future<Void> loaded(Job job, String graphIri, int rows) {
    return loaded(job, graphIri, rows, List.of(job.kind()));
  }

  /**
   * {@link #loaded(Job, String, int)} for an upload that defines the nodes of these kinds (a
   * workbook: the kinds its sheets hold rows of). An upload of a workbook is never retired by a
   * later one: a replace of one kind leaves the workbook's other kinds in the view.
   */
  public Future<Void> loaded(Job job, String graphIri, int rows, List<String> kinds) {
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "update uploads set status = 'scoring', graph_iri = $2, rows_total = $3, rows_processed = $3 where id = $1")
                .execute(Tuple.of(job.id(), graphIri, rows))
                .compose(
                    x ->
                        "replace".equals(job.mode())
                            ? c.preparedQuery(
                                    "update uploads set superseded_by = $1, superseded_at = now()"
                                        + " where tenant_id = $2 and kind = any($3) and seq < $4"
                                        + " and superseded_by is null and graph_iri is not null")
                                .execute(
                                    Tuple.of(
                                        job.id(), job.tenantId(), sameClasses(kinds), job.seq()))
                            : Future.succeededFuture())
                .mapEmpty());
  }

  /** Kinds whose uploads define the same nodes: a replace of one retires the others too. */
  private static String[] sameClasses(List<String> kinds) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String kind : kinds) {
      if (kind.equals("suppliers") || kind.equals("opensupplyhub")) {
        out.add("suppliers");
        out.add("opensupplyhub");
      } else {
        out.add(kind);
      }
    }
    return out.toArray(String[]::new);
  }

  /** Rows processed so far, while the job is still in that status (a late report never wins). */
  public Future<Void> progressRows(UUID id, String status, int rowsProcessed) {
    return pool.preparedQuery(
            "update uploads set rows_processed = $3 where id = $1 and status = $2 and rows_processed < $3")
        .execute(Tuple.of(id, status, rowsProcessed))
        .mapEmpty();
  }

  /** A committed upload whose graph still exists, in the order it was applied. */
  public record Committed(String graphIri, String kind, String mode, long seq) {}

  /**
   * The tenant's committed uploads with a graph, in arrival order: what its current view replays.
   */
  public Future<List<Committed>> committed(String tenantId) {
    return pool.preparedQuery(
            "select graph_iri, kind, mode, seq from uploads where tenant_id = $1 and not dry_run"
                + " and graph_iri is not null and status in ('scoring', 'succeeded') order by seq")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              List<Committed> out = new ArrayList<>();
              rs.forEach(
                  r ->
                      out.add(
                          new Committed(
                              r.getString("graph_iri"),
                              r.getString("kind"),
                              r.getString("mode"),
                              r.getLong("seq"))));
              return out;
            });
  }

  /**
   * The uploads that made up data version {@code version} of the tenant, in arrival order. Fails
   * when one of them has been purged under the retention policy: that version can no longer be
   * rebuilt.
   */
  public Future<List<Committed>> committedUpTo(String tenantId, long version) {
    return pool.preparedQuery(
            "select graph_iri, kind, mode, seq, purged_at from uploads where tenant_id = $1 and not dry_run"
                + " and seq <= $2 and status in ('scoring', 'succeeded') order by seq")
        .execute(Tuple.of(tenantId, version))
        .map(
            rs -> {
              List<Committed> out = new ArrayList<>();
              for (Row r : rs) {
                if (r.getString("graph_iri") == null) {
                  throw new org.libertas.errors.ConflictException(
                      "data version "
                          + version
                          + " can no longer be rebuilt: upload "
                          + r.getLong("seq")
                          + " was purged under the retention policy");
                }
                out.add(
                    new Committed(
                        r.getString("graph_iri"),
                        r.getString("kind"),
                        r.getString("mode"),
                        r.getLong("seq")));
              }
              return out;
            });
  }

  /** Tenants with at least one committed upload. */
  /** Upload jobs by status, across tenants (for metrics). */
  public Future<java.util.Map<String, Long>> countByStatus() {
    return pool.query("select status, count(*) as n from uploads group by status")
        .execute()
        .map(
            rs -> {
              java.util.Map<String, Long> out = new java.util.HashMap<>();
              for (Row r : rs) {
                out.put(r.getString("status"), r.getLong("n"));
              }
              return out;
            });
  }

  public Future<List<String>> tenantsWithData() {
    return pool.query(
            "select distinct tenant_id from uploads where not dry_run and graph_iri is not null"
                + " and status in ('scoring', 'succeeded')")
        .execute()
        .map(
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEach(r -> out.add(r.getString("tenant_id")));
              return out;
            });
  }

  /**
   * Detaches the graphs of uploads superseded longer ago than the retention period and returns them
   * for dropping. The rows stay (with purged_at) as the audit record of what was loaded.
   */
  public Future<List<String>> detachExpired(int retentionDays) {
    return pool.preparedQuery(
            "update uploads u set graph_iri = null, purged_at = now() from ("
                + " select id, graph_iri from uploads where superseded_by is not null and graph_iri is not null"
                + " and superseded_at <= now() - make_interval(days => $1) for update) old"
                + " where u.id = old.id returning old.graph_iri")
        .execute(Tuple.of(retentionDays))
        .map(
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEach(r -> out.add(r.getString("graph_iri")));
              return out;
            });
  }

  public Future<Void> finish(
      UUID id, String status, List<FieldError> errors, List<FieldError> warnings) {
    return pool.withTransaction(
        c -> {
          List<Tuple> rows = new ArrayList<>();
          int ordinal = 0;
          for (FieldError e : errors) {
            rows.add(
                Tuple.of(
                    id,
                    ordinal++,
                    "error",
                    e.line(),
                    e.column(),
                    e.code(),
                    e.message(),
                    e.sheet()));
          }
          for (FieldError w : warnings) {
            rows.add(
                Tuple.of(
                    id,
                    ordinal++,
                    "warning",
                    w.line(),
                    w.column(),
                    w.code(),
                    w.message(),
                    w.sheet()));
          }
          Future<?> insert =
              rows.isEmpty()
                  ? Future.succeededFuture()
                  : c.preparedQuery(
                          "insert into upload_errors (upload_id, ordinal, severity, line, column_name, code, message, sheet)"
                              + " values ($1, $2, $3, $4, $5, $6, $7, $8)")
                      .executeBatch(rows);
          return insert.compose(
              x ->
                  c.preparedQuery(
                          "update uploads set status = $2, finished_at = now(), content = null where id = $1")
                      .execute(Tuple.of(id, status))
                      .mapEmpty());
        });
  }

  public Future<Optional<Job>> find(String tenantId, UUID id) {
    return pool.preparedQuery("select * from uploads where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rs ->
                rs.size() == 0 ? Optional.empty() : Optional.of(job(rs.iterator().next(), false)));
  }

  public record Page(List<Job> items, String nextCursor) {}

  /**
   * The tenant's uploads, newest first, without their content: the upload history. {@code kind}
   * null lists every kind.
   */
  public Future<Page> list(String tenantId, String kind, int limit, String cursor) {
    Long before = cursor == null ? null : Cursors.decode(cursor);
    return pool.preparedQuery(
            "select id, seq, tenant_id, kind, mode, dry_run, status, graph_iri, file_name, sha256,"
                + " charset, format, sheet, mapping, rows_total, rows_processed, key_id, created_at,"
                + " finished_at, kind_detected"
                + " from uploads where tenant_id = $1"
                + " and ($2::text is null or kind = $2) and ($3::bigint is null or seq < $3)"
                + " order by seq desc limit $4")
        .execute(Tuple.of(tenantId, kind, before, limit + 1))
        .map(
            rs -> {
              List<Job> items = new ArrayList<>();
              rs.forEach(r -> items.add(job(r, false)));
              String next = null;
              if (items.size() > limit) {
                items.remove(items.size() - 1);
                next = Cursors.encode(items.get(items.size() - 1).seq());
              }
              return new Page(items, next);
            });
  }

  public Future<JsonArray> errors(UUID id, String severity) {
    return pool.preparedQuery(
            "select line, column_name, code, message, sheet from upload_errors where upload_id = $1 and severity = $2 order by ordinal")
        .execute(Tuple.of(id, severity))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              rs.forEach(
                  r -> {
                    JsonObject e =
                        new JsonObject()
                            .put("line", r.getLong("line"))
                            .put("column", r.getString("column_name"))
                            .put("code", r.getString("code"))
                            .put("message", r.getString("message"));
                    // sheet only when the upload was a workbook of several kinds
                    if (r.getString("sheet") != null) {
                      e.put("sheet", r.getString("sheet"));
                    }
                    out.add(e);
                  });
              return out;
            });
  }

  /** The graphs that are the tenant's current data, and the data version they make up. */
  public Future<DataState> current(String tenantId) {
    return pool.preparedQuery(
            "select graph_iri, seq from uploads where tenant_id = $1 and not dry_run and graph_iri is not null"
                + " and superseded_by is null and status in ('scoring', 'succeeded') order by seq")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              List<String> graphs = new ArrayList<>();
              long version = 0;
              for (Row r : rs) {
                graphs.add(r.getString("graph_iri"));
                version = Math.max(version, r.getLong("seq"));
              }
              return new DataState(graphs, version);
            });
  }

  /** Every graph any committed row points to, across tenants (to find orphans at start-up). */
  public Future<List<String>> referencedGraphs() {
    return pool.query(
            "select graph_iri from uploads where graph_iri is not null and status in ('scoring', 'succeeded')")
        .execute()
        .map(
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEach(r -> out.add(r.getString("graph_iri")));
              return out;
            });
  }

  public record DataState(List<String> graphs, long version) {}

  private static List<Job> list(RowSet<Row> rs, boolean withContent) {
    List<Job> out = new ArrayList<>();
    rs.forEach(r -> out.add(job(r, withContent)));
    return out;
  }

  private static Job job(Row r, boolean withContent) {
    byte[] content =
        withContent && r.getBuffer("content") != null ? r.getBuffer("content").getBytes() : null;
    return new Job(
        r.getUUID("id"),
        r.getLong("seq"),
        r.getString("tenant_id"),
        r.getString("kind"),
        r.getString("mode"),
        r.getBoolean("dry_run"),
        r.getString("status"),
        r.getString("graph_iri"),
        r.getString("file_name"),
        r.getString("sha256"),
        r.getString("charset"),
        r.getString("format"),
        r.getString("sheet"),
        UploadMappings.strings(r.getJsonObject("mapping")),
        content,
        r.getInteger("rows_total"),
        r.getInteger("rows_processed"),
        r.getUUID("key_id"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("finished_at"),
        Boolean.TRUE.equals(r.getBoolean("kind_detected")));
  }
}
