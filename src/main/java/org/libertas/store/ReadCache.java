package org.libertas.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows read on every request (a supplier's current score, an API key), cached per tenant in front
 * of PostgreSQL. Entries are dropped when {@link ChangeFeed} reports a change, and the cache serves
 * nothing while the feed is down ({@link #disable}). A read that started before an invalidation
 * never stores its (possibly older) row after it: each tenant has a generation, bumped by every
 * invalidation, that the read must still see. Entries live at most {@code ttlMillis} (a bound on
 * staleness should a notification be lost) and {@code maxEntries} in all (beyond it, all go).
 */
public final class ReadCache<V> {
  private record Entry<V>(V value, long at) {}

  private final int maxEntries;
  private final long ttlNanos;
  private final Map<String, Map<String, Entry<V>>> byTenant = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
  private final AtomicLong all = new AtomicLong();
  private final AtomicInteger size = new AtomicInteger();
  private volatile boolean enabled;

  public ReadCache(int maxEntries, long ttlMillis) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttlMillis * 1_000_000;
  }

  /** Taken before a read starts, checked when its row is stored. */
  public record Ticket(long all, long tenant) {}

  public Ticket ticket(String tenant) {
    return new Ticket(all.get(), generation(tenant).get());
  }

  public V get(String tenant, String key) {
    if (!enabled) {
      return null;
    }
    Map<String, Entry<V>> m = byTenant.get(tenant);
    Entry<V> e = m == null ? null : m.get(key);
    if (e == null || System.nanoTime() - e.at() > ttlNanos) {
      return null;
    }
    return e.value();
  }

  /** Stores a row read with this ticket, unless the tenant was invalidated since. */
  public void put(String tenant, String key, V value, Ticket ticket) {
    if (!enabled || maxEntries == 0 || !ticket.equals(ticket(tenant))) {
      return;
    }
    Entry<V> replaced =
        byTenant
            .computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
            .put(key, new Entry<>(value, System.nanoTime()));
    if (replaced == null && size.incrementAndGet() > maxEntries) {
      invalidateAll();
      return;
    }
    if (!ticket.equals(ticket(tenant))) {
      invalidate(tenant);
    }
  }

  public void invalidate(String tenant) {
    generation(tenant).incrementAndGet();
    Map<String, Entry<V>> m = byTenant.remove(tenant);
    if (m != null) {
      size.addAndGet(-m.size());
    }
  }

  public void invalidateAll() {
    all.incrementAndGet();
    byTenant.clear();
    size.set(0);
  }

  void enable() {
    invalidateAll();
    enabled = true;
  }

  void disable() {
    enabled = false;
    invalidateAll();
  }

  /** Whether reads are served from the cache (the change feed is listening). */
  public boolean enabled() {
    return enabled;
  }

  private AtomicLong generation(String tenant) {
    return generations.computeIfAbsent(tenant, t -> new AtomicLong());
  }
}
