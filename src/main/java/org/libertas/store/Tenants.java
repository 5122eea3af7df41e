package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.libertas.errors.ConflictException;
import org.libertas.errors.NotFoundException;

/** Tenants and their API keys. Keys are shown once and stored as SHA-256 digests only. */
public final class Tenants {
  public static final java.util.List<String> ROLES =
      java.util.List.of("admin", "compliance", "auditor", "ngo-editor", "viewer");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final ReadCache<CachedKey> keys;

  public Tenants(Pool pool) {
    this(pool, 0);
  }

  /** With a cache of up to {@code cacheEntries} valid keys (0: none). */
  public Tenants(Pool pool, int cacheEntries) {
    this.pool = pool;
    this.keys = new ReadCache<>(cacheEntries, 60_000);
  }

  public record Tenant(String id, String name) {}

  /** An authenticated key: who is calling, for which tenant, with which role. */
  public record Principal(UUID keyId, String tenantId, String role) {}

  public record IssuedKey(
      UUID id, String tenantId, String role, String key, OffsetDateTime expiresAt) {}

  /** A key as listings show it: never the key or its digest, only the first characters. */
  public record KeyInfo(
      UUID id,
      String role,
      String prefix,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt) {}

  /** What revoking found: no such key in the tenant, revoked now, or revoked earlier. */
  public enum Revocation {
    NOT_FOUND,
    REVOKED,
    ALREADY_REVOKED
  }

  public Future<Tenant> create(String id, String name) {
    return pool.preparedQuery(
            "insert into tenants (id, name) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(id, name))
        .map(
            rs -> {
              if (rs.rowCount() == 0) {
                throw new ConflictException("tenant '" + id + "' already exists");
              }
              return new Tenant(id, name);
            });
  }

  public Future<Optional<Tenant>> find(String id) {
    return pool.preparedQuery("select id, name from tenants where id = $1")
        .execute(Tuple.of(id))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(tenant(rs.iterator().next())));
  }

  public Future<Tenant> ensure(String id, String name) {
    return pool.preparedQuery(
            "insert into tenants (id, name) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(id, name))
        .map(rs -> new Tenant(id, name));
  }

  /** Issues a key; {@code key} is given only when the operator chose it (bootstrap admin key). */
  public Future<IssuedKey> issueKey(String tenantId, String role, String chosenKey) {
    return issueKey(tenantId, role, chosenKey, null);
  }

  /** Issues a key that stops working at {@code expiresAt} (null: never). */
  public Future<IssuedKey> issueKey(
      String tenantId, String role, String chosenKey, OffsetDateTime expiresAt) {
    String key = chosenKey != null ? chosenKey : "lbt_" + randomToken();
    UUID id = UUID.randomUUID();
    return find(tenantId)
        .compose(
            t -> {
              if (t.isEmpty()) {
                throw new NotFoundException("no tenant '" + tenantId + "'");
              }
              return pool.preparedQuery(
                      "insert into api_keys (id, tenant_id, role, key_hash, key_prefix, expires_at)"
                          + " values ($1, $2, $3, $4, $5, $6) on conflict (key_hash) do nothing")
                  .execute(
                      Tuple.of(
                          id,
                          tenantId,
                          role,
                          hash(key),
                          key.substring(0, Math.min(8, key.length())),
                          expiresAt));
            })
        .map(rs -> new IssuedKey(id, tenantId, role, key, expiresAt));
  }

  /** The tenant's keys, oldest first, revoked and expired ones included. */
  public Future<java.util.List<KeyInfo>> listKeys(String tenantId) {
    return pool.preparedQuery(
            "select id, role, key_prefix, created_at, expires_at, revoked_at from api_keys"
                + " where tenant_id = $1 order by created_at, id")
        .execute(Tuple.of(tenantId))
        .map(
            rs -> {
              java.util.List<KeyInfo> out = new java.util.ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new KeyInfo(
                        r.getUUID("id"),
                        r.getString("role"),
                        r.getString("key_prefix"),
                        r.getOffsetDateTime("created_at"),
                        r.getOffsetDateTime("expires_at"),
                        r.getOffsetDateTime("revoked_at")));
              }
              return out;
            });
  }

  /** Revokes a key of the tenant; revoking it again changes nothing. */
  public Future<Revocation> revokeKey(String tenantId, UUID keyId) {
    return pool.preparedQuery(
            "with k as (select id, revoked_at from api_keys where tenant_id = $1 and id = $2),"
                + " u as (update api_keys set revoked_at = now() where id in"
                + "   (select id from k where revoked_at is null) returning id)"
                + " select (select count(*) from k) as found, (select count(*) from u) as revoked")
        .execute(Tuple.of(tenantId, keyId))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              if (r.getLong("found") == 0) {
                return Revocation.NOT_FOUND;
              }
              return r.getLong("revoked") > 0 ? Revocation.REVOKED : Revocation.ALREADY_REVOKED;
            })
        // The trigger tells other instances; this one forgets the key before answering.
        .onComplete(x -> keys.invalidateAll());
  }

  public Future<Boolean> hasKeys(String tenantId, String role) {
    return pool.preparedQuery(
            "select 1 from api_keys where tenant_id = $1 and role = $2 and revoked_at is null limit 1")
        .execute(Tuple.of(tenantId, role))
        .map(rs -> rs.size() > 0);
  }

  /** The principal of a presented key, if it exists, is not revoked and has not expired. */
  public Future<Optional<Principal>> authenticate(String key) {
    byte[] digest = hash(key);
    String cacheKey = java.util.HexFormat.of().formatHex(digest);
    OffsetDateTime now = OffsetDateTime.now();
    CachedKey hit = keys.get(KEYS, cacheKey);
    if (hit != null && (hit.expiresAt() == null || hit.expiresAt().isAfter(now))) {
      return Future.succeededFuture(Optional.of(hit.principal()));
    }
    ReadCache.Ticket ticket = keys.ticket(KEYS);
    return pool.preparedQuery(
            "select id, tenant_id, role, expires_at from api_keys where key_hash = $1"
                + " and revoked_at is null and (expires_at is null or expires_at > $2)")
        .execute(Tuple.of(digest, now))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              Row r = rs.iterator().next();
              Principal p =
                  new Principal(r.getUUID("id"), r.getString("tenant_id"), r.getString("role"));
              keys.put(KEYS, cacheKey, new CachedKey(p, r.getOffsetDateTime("expires_at")), ticket);
              return Optional.of(p);
            });
  }

  /**
   * Valid keys by digest (never unknown ones), dropped on any change to a key ({@link ChangeFeed}).
   */
  public ReadCache<?> keyCache() {
    return keys;
  }

  private static final String KEYS = "";

  private record CachedKey(Principal principal, OffsetDateTime expiresAt) {}

  private static Tenant tenant(Row r) {
    return new Tenant(r.getString("id"), r.getString("name"));
  }

  static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
