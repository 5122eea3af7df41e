package org.libertas.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The current scores read on every risk request, in front of {@code current_scores}. The one rule:
 * an entry is a tenant's supplier's current row as last read, kept at most a minute, and every
 * entry of a tenant goes as soon as that tenant's scores change — at once for a save made here
 * ({@link Scores#save}), and through {@link ChangeFeed} for a save made by another instance; a read
 * that began before the change never stores its older row after it ({@link ReadCache}).
 *
 * <p>An entry keeps the explanation as the bytes of the stored jsonb document (whose shape the
 * rescoring owns; the store never looks inside): one array per entry for the garbage collector to
 * copy, instead of a tree of maps and lists (tens of thousands of entries, re-created as they
 * expire, made young collections of the serving JVM take up to 90 ms). Each read parses the bytes
 * again (microseconds) and gets its own explanation to work on.
 */
final class ScoreCache {
  private static final long TTL_MILLIS = 60_000;

  private final ReadCache<Compact> cache;

  /** Up to {@code maxEntries} current scores (0: none cached). */
  ScoreCache(int maxEntries) {
    this.cache = new ReadCache<>(maxEntries, TTL_MILLIS);
  }

  Scores.Stored get(String tenantId, String supplierId) {
    Compact hit = cache.get(tenantId, supplierId);
    return hit == null ? null : hit.stored();
  }

  /** Taken before the database read whose row {@link #put} may store. */
  ReadCache.Ticket ticket(String tenantId) {
    return cache.ticket(tenantId);
  }

  void put(String tenantId, Scores.Stored s, ReadCache.Ticket ticket) {
    cache.put(tenantId, s.supplierId(), Compact.of(s), ticket);
  }

  /** After a save of the tenant's scores. */
  void invalidate(String tenantId) {
    cache.invalidate(tenantId);
  }

  /** What {@link ChangeFeed} drops on a notification, and disables while it is not listening. */
  ReadCache<?> readCache() {
    return cache;
  }

  private record Compact(Scores.Stored facts, byte[] explanation) {
    static Compact of(Scores.Stored s) {
      return new Compact(s.withExplanation(null), s.explanation().toBuffer().getBytes());
    }

    Scores.Stored stored() {
      return facts.withExplanation(new JsonObject(Buffer.buffer(explanation)));
    }
  }
}
