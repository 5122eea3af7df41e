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

/** The webhooks of each tenant and the log of their deliveries. */
public final class Webhooks {
  private final Pool pool;

  public Webhooks(Pool pool) {
    this.pool = pool;
  }

  public record Webhook(
      UUID id, String tenantId, String url, String secret, UUID keyId, OffsetDateTime createdAt) {}

  public record Delivery(
      long id,
      UUID webhookId,
      UUID eventId,
      int attempt,
      Integer statusCode,
      String error,
      OffsetDateTime at) {}

  public Future<Webhook> create(String tenantId, String url, String secret, UUID keyId) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(
            "insert into webhooks (id, tenant_id, url, secret, key_id) values ($1, $2, $3, $4, $5)"
                + " returning *")
        .execute(Tuple.of(id, tenantId, url, secret, keyId))
        .map(rs -> webhook(rs.iterator().next()));
  }

  public Future<List<Webhook>> list(String tenantId) {
    return pool.preparedQuery("select * from webhooks where tenant_id = $1 order by created_at, id")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              List<Webhook> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(webhook(r));
              }
              return out;
            });
  }

  public Future<Optional<Webhook>> get(String tenantId, UUID id) {
    return pool.preparedQuery("select * from webhooks where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(webhook(rs.iterator().next())));
  }

  /** Deletes the webhook and its delivery log; false when the tenant has no such webhook. */
  public Future<Boolean> delete(String tenantId, UUID id) {
    return pool.preparedQuery("delete from webhooks where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(rs -> rs.rowCount() > 0);
  }

  /** Logs one attempt; a webhook deleted meanwhile is skipped silently. */
  public Future<Void> logDelivery(
      UUID webhookId, UUID eventId, int attempt, Integer statusCode, String error) {
    return pool.preparedQuery(
            "insert into webhook_deliveries (webhook_id, event_id, attempt, status_code, error)"
                + " select $1, $2, $3, $4, $5 where exists (select 1 from webhooks where id = $1)")
        .execute(Tuple.of(webhookId, eventId, attempt, statusCode, error))
        .mapEmpty();
  }

  /** The latest attempts first. */
  public Future<List<Delivery>> deliveries(UUID webhookId, int limit) {
    return pool.preparedQuery(
            "select * from webhook_deliveries where webhook_id = $1 order by id desc limit $2")
        .execute(Tuple.of(webhookId, limit))
        .map(
            rs -> {
              List<Delivery> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Delivery(
                        r.getLong("id"),
                        r.getUUID("webhook_id"),
                        r.getUUID("event_id"),
                        r.getInteger("attempt"),
                        r.getInteger("status_code"),
                        r.getString("error"),
                        r.getOffsetDateTime("at")));
              }
              return out;
            });
  }

  private static Webhook webhook(Row r) {
    return new Webhook(
        r.getUUID("id"),
        r.getString("tenant_id"),
        r.getString("url"),
        r.getString("secret"),
        r.getUUID("key_id"),
        r.getOffsetDateTime("created_at"));
  }
}
