package org.libertas.rescoring;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.libertas.ingest.CurrentView;
import org.libertas.ingest.UploadDelta;

/**
 * Tenants' current views held in memory between rescorings, each at a known data version, so that a
 * rescoring after an upload applies the upload's change ({@link CurrentView#applyInMemory}, the
 * same code that changed the store's view) instead of copying the whole view out of the store. A
 * view is used only when its version is the one the rescoring needs — the upload's own, or the one
 * just before it — so an upload another instance processed is never missed: the view is copied
 * again. Up to {@code maxTriples} in all; the least recently used tenants are dropped beyond it.
 * Callers serialise the rescorings of one tenant; different tenants may run in parallel.
 */
final class ResidentViews {
  /**
   * A tenant's view at a data version, and how it was obtained: {@code resident}, {@code applied}
   * or {@code copied}.
   */
  record View(long version, Graph graph, String how) {}

  private final long maxTriples;
  private final LinkedHashMap<String, View> views = new LinkedHashMap<>(16, 0.75f, true);

  ResidentViews(long maxTriples) {
    this.maxTriples = maxTriples;
  }

  /**
   * The tenant's view for a rescoring.
   *
   * @param upload the upload being rescored, or null
   * @param before the data version just before the upload (null without one)
   * @param current the tenant's data version in the store now
   * @param copy copies the view out of the store (at {@code current})
   */
  View view(String tenant, UploadDelta upload, Long before, long current, Supplier<Graph> copy) {
    View held = take(tenant);
    if (held != null) {
      if (upload != null && held.version() == upload.seq()
          || upload == null && held.version() == current) {
        return keep(tenant, new View(held.version(), held.graph(), "resident"));
      }
      if (upload != null && before != null && held.version() == before) {
        // Taken out while it changes: if applying fails, the next rescoring copies it again.
        CurrentView.applyInMemory(held.graph(), upload);
        return keep(tenant, new View(upload.seq(), held.graph(), "applied"));
      }
    }
    return keep(tenant, new View(current, copy.get(), "copied"));
  }

  private synchronized View take(String tenant) {
    return views.remove(tenant);
  }

  private synchronized View keep(String tenant, View v) {
    long size = v.graph().size();
    if (size > maxTriples) {
      return v;
    }
    long total = size;
    for (View other : views.values()) {
      total += other.graph().size();
    }
    // Least recently used first.
    for (Iterator<Map.Entry<String, View>> i = views.entrySet().iterator();
        i.hasNext() && total > maxTriples; ) {
      total -= i.next().getValue().graph().size();
      i.remove();
    }
    views.put(tenant, v);
    return v;
  }

  /** The view held for a tenant (null if none), without touching its recency. */
  synchronized View peek(String tenant) {
    return views.entrySet().stream()
        .filter(e -> e.getKey().equals(tenant))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** How many triples are held, for all tenants. */
  synchronized long triples() {
    return views.values().stream().mapToLong(v -> v.graph().size()).sum();
  }
}
