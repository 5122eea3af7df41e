package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Appends to the audit trail (who did what, when, under which request). Never edits it. */
public final class AuditLog {
  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> append(
      String tenantId,
      UUID actorKey,
      String action,
      String target,
      String requestId,
      JsonObject details) {
    return pool.preparedQuery(
            "insert into audit_log (tenant_id, actor_key, action, target, request_id, details) values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                tenantId,
                actorKey,
                action,
                target,
                requestId,
                details == null ? new JsonObject() : details))
        .mapEmpty();
  }

  /** One entry of the trail. */
  public record Entry(
      long id,
      String tenantId,
      UUID actorKey,
      String action,
      String target,
      String requestId,
      JsonObject details,
      OffsetDateTime at) {}

  /**
   * Filters of the trail; a null tenant means every tenant (the platform administrator's view),
   * other nulls do not filter.
   */
  public record Query(
      String tenantId,
      String action,
      OffsetDateTime from,
      OffsetDateTime to,
      int limit,
      String cursor) {}

  public record Page(List<Entry> items, String nextCursor) {}

  /** Newest first; {@code from} is inclusive, {@code to} exclusive. */
  public Future<Page> list(Query q) {
    Long after = q.cursor() == null ? null : Cursors.decode(q.cursor());
    return pool.preparedQuery(
            "select * from audit_log where ($1::text is null or tenant_id = $1)"
                + " and ($2::text is null or action = $2)"
                + " and ($3::timestamptz is null or at >= $3)"
                + " and ($4::timestamptz is null or at < $4)"
                + " and ($5::bigint is null or id < $5)"
                + " order by id desc limit $6")
        .execute(
            Tuple.from(
                new Object[] {q.tenantId(), q.action(), q.from(), q.to(), after, q.limit() + 1}))
        .map(
            rs -> {
              List<Entry> items = new ArrayList<>();
              for (Row r : rs) {
                items.add(
                    new Entry(
                        r.getLong("id"),
                        r.getString("tenant_id"),
                        r.getUUID("actor_key"),
                        r.getString("action"),
                        r.getString("target"),
                        r.getString("request_id"),
                        (JsonObject) r.getJson("details"),
                        r.getOffsetDateTime("at")));
              }
              String next = null;
              if (items.size() > q.limit()) {
                items.remove(items.size() - 1);
                next = Cursors.encode(items.get(items.size() - 1).id());
              }
              return new Page(items, next);
            });
  }
}
