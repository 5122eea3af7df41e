package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
}
