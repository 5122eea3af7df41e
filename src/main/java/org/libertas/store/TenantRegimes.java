package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The legal regimes each tenant says apply to it ({@code PUT /v1/tenant/regimes}), by code; none
 * chosen: the ontology's defaults apply. The codes are checked against the ontology by the caller.
 */
public final class TenantRegimes {
  private final Pool pool;

  public TenantRegimes(Pool pool) {
    this.pool = pool;
  }

  /** A tenant's choice and when it was made. */
  public record Chosen(List<String> regimes, OffsetDateTime updatedAt) {}

  public Future<Optional<Chosen>> get(String tenantId) {
    return pool.preparedQuery("select regimes, updated_at from tenant_regimes where tenant_id = $1")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              var r = rs.iterator().next();
              return Optional.of(
                  new Chosen(
                      List.of(r.getArrayOfStrings("regimes")), r.getOffsetDateTime("updated_at")));
            });
  }

  public Future<Void> put(String tenantId, List<String> regimes, UUID key) {
    return pool.preparedQuery(
            "insert into tenant_regimes (tenant_id, regimes, key_id) values ($1, $2, $3)"
                + " on conflict (tenant_id) do update set regimes = excluded.regimes,"
                + " key_id = excluded.key_id, updated_at = now()")
        .execute(Tuple.of(tenantId, regimes.toArray(new String[0]), key))
        .mapEmpty();
  }

  /** Forgets the tenant's choice: the defaults apply again. */
  public Future<Void> clear(String tenantId) {
    return pool.preparedQuery("delete from tenant_regimes where tenant_id = $1")
        .execute(Tuple.of(tenantId))
        .mapEmpty();
  }
}
