package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The column mappings each tenant saved by name ({@code PUT /v1/uploads/mappings/{name}}): file
 * header → Libertas column, for the files of one source system.
 */
public final class UploadMappings {
  private final Pool pool;

  public UploadMappings(Pool pool) {
    this.pool = pool;
  }

  /** A saved mapping. */
  public record Saved(String name, Map<String, String> mapping, OffsetDateTime updatedAt) {}

  /** Saves (or replaces) a mapping; true when it is new. */
  public Future<Boolean> put(String tenantId, String name, Map<String, String> mapping, UUID key) {
    return pool.preparedQuery(
            "insert into upload_mappings (tenant_id, name, mapping, key_id) values ($1, $2, $3, $4)"
                + " on conflict (tenant_id, name) do update set mapping = excluded.mapping,"
                + " key_id = excluded.key_id, updated_at = now()"
                + " returning (xmax = 0) as created")
        .execute(Tuple.of(tenantId, name, new JsonObject(new LinkedHashMap<>(mapping)), key))
        .map(rs -> rs.iterator().next().getBoolean("created"));
  }

  public Future<Optional<Saved>> get(String tenantId, String name) {
    return pool.preparedQuery("select * from upload_mappings where tenant_id = $1 and name = $2")
        .execute(Tuple.of(tenantId, name))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(saved(rs.iterator().next())));
  }

  public Future<List<Saved>> list(String tenantId) {
    return pool.preparedQuery("select * from upload_mappings where tenant_id = $1 order by name")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              List<Saved> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(saved(r));
              }
              return out;
            });
  }

  /** Deletes a mapping; false when there was none. */
  public Future<Boolean> delete(String tenantId, String name) {
    return pool.preparedQuery("delete from upload_mappings where tenant_id = $1 and name = $2")
        .execute(Tuple.of(tenantId, name))
        .map(rs -> rs.rowCount() > 0);
  }

  private static Saved saved(Row r) {
    return new Saved(
        r.getString("name"),
        strings(r.getJsonObject("mapping")),
        r.getOffsetDateTime("updated_at"));
  }

  /** A mapping stored as JSON, in its order. */
  public static Map<String, String> strings(JsonObject json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json != null) {
      json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }
}
