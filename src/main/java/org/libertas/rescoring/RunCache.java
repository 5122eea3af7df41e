package org.libertas.rescoring;

import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.libertas.ingest.CurrentView;
import org.libertas.ingest.UploadDelta;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.TenantScorer;
import org.libertas.screening.TenantMatches;

/**
 * The last run of recently rescored tenants, held in memory so that the next rescoring after an
 * upload can be incremental: the tenant's current view (the upload's change is applied to it with
 * {@link CurrentView#applyInMemory}, the same code that changed the store's view, instead of
 * copying the view out of the store), the signals and assessments, and the screening.
 *
 * <p>Bounded by memory, approximated by the facts held: the view's triples, the screening's triples
 * and one per supplier scored. Beyond the bound the least recently used tenants are evicted; a
 * tenant larger than the bound alone is not kept. A tenant not held simply gets a full run:
 * correct, only slower. A rescoring takes its tenant's entry out while it works and puts the new
 * one in when its scores are saved, so a failed run leaves nothing half changed behind. Callers
 * serialise the rescorings of one tenant; different tenants may run in parallel.
 */
public final class RunCache {

  /**
   * A tenant's view at a data version, and how the run got it: {@code resident} (held, already
   * current), {@code applied} (held, the upload applied to it) or {@code copied} (out of the
   * store).
   */
  record View(long version, Graph graph, String how) {}

  /**
   * What a saved run leaves for the next one.
   *
   * @param computedAt when the run was saved; a later save (by another instance) makes it stale
   */
  record Entry(
      View view,
      TenantScorer.Previous previous,
      OffsetDateTime computedAt,
      ScoringRun run,
      TenantScreening.Outcome screening,
      Map<String, TenantMatches.Decision> decisions) {

    long dataVersion() {
      return view.version();
    }

    /** The facts held, the measure of the bound. */
    long size() {
      return view.graph().size() + screening.matches().size() + run.suppliers().size();
    }
  }

  /** For operators and tests: tenants held, facts held, the bound, tenants evicted so far. */
  public record State(int entries, long size, long bound, long evictions) {}

  private record Held(Entry entry, long size) {}

  private final long bound;
  private final LinkedHashMap<String, Held> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long size;
  private long evictions;

  /**
   * @param bound most facts held, for all tenants; 0 holds none
   */
  public RunCache(long bound) {
    this.bound = bound;
  }

  /** The tenant's entry, without taking it out or touching its recency (null if none). */
  synchronized Entry peek(String tenant) {
    Held h = null;
    for (Map.Entry<String, Held> e : entries.entrySet()) {
      if (e.getKey().equals(tenant)) {
        h = e.getValue();
      }
    }
    return h == null ? null : h.entry();
  }

  /** Takes the tenant's entry out for a run (null if none). */
  synchronized Entry take(String tenant) {
    Held h = entries.remove(tenant);
    if (h == null) {
      return null;
    }
    size -= h.size();
    return h.entry();
  }

  /** Holds a saved run as the tenant's most recent, evicting the least recently used beyond. */
  synchronized void put(String tenant, Entry entry) {
    take(tenant);
    long s = entry.size();
    if (s > bound) {
      return;
    }
    for (Iterator<Held> i = entries.values().iterator(); i.hasNext() && size + s > bound; ) {
      size -= i.next().size();
      i.remove();
      evictions++;
    }
    entries.put(tenant, new Held(entry, s));
    size += s;
  }

  public synchronized State state() {
    return new State(entries.size(), size, bound, evictions);
  }

  /**
   * The tenant's view for a run, from the entry it took. The held view serves only at the version
   * the run needs — the upload's own, or the one just before it with the upload applied — so an
   * upload another instance processed is never missed: the view is copied again.
   *
   * @param held the entry taken for this run, or null
   * @param upload the upload being rescored, or null
   * @param before the data version just before the upload (null without one)
   * @param current the tenant's data version in the store now
   * @param copy copies the view out of the store (at {@code current})
   */
  static View view(
      Entry held, UploadDelta upload, Long before, long current, Supplier<Graph> copy) {
    if (held != null) {
      View v = held.view();
      if (upload != null && v.version() == upload.seq()
          || upload == null && v.version() == current) {
        return new View(v.version(), v.graph(), "resident");
      }
      if (upload != null && before != null && v.version() == before) {
        // The entry is out of the cache: if applying fails, the next run copies the view again.
        CurrentView.applyInMemory(v.graph(), upload);
        return new View(upload.seq(), v.graph(), "applied");
      }
    }
    return new View(current, copy.get(), "copied");
  }
}
