package org.libertas.reasoning;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A read-only map of a few entries laid over a larger one, without copying it: what an incremental
 * run changed (a few hundred suppliers' signals, the evidence they cite) over what the run it
 * continues holds (100,000 of each, copied in tens of milliseconds). Lookups try the layers from
 * the top; past {@link #MAX_DEPTH} layers the next one is flattened into a plain map, so lookups
 * stay a few probes however many runs follow each other.
 */
final class Layered<K, V> extends AbstractMap<K, V> {
  static final int MAX_DEPTH = 8;

  private final Map<K, V> top;
  private final Map<K, V> base;
  private final int depth;
  private Map<K, V> merged;

  private Layered(Map<K, V> top, Map<K, V> base, int depth) {
    this.top = top;
    this.base = base;
    this.depth = depth;
  }

  /** {@code top}'s entries over {@code base}'s; neither may change afterwards. */
  static <K, V> Map<K, V> over(Map<K, V> base, Map<K, V> top) {
    int depth = base instanceof Layered<K, V> l ? l.depth + 1 : 1;
    if (depth > MAX_DEPTH) {
      Map<K, V> flat = new HashMap<>(base);
      flat.putAll(top);
      return flat;
    }
    return new Layered<>(Map.copyOf(top), base, depth);
  }

  /** How many layers a map has (0 for a plain map). */
  static int depth(Map<?, ?> m) {
    return m instanceof Layered<?, ?> l ? l.depth : 0;
  }

  @Override
  public V get(Object key) {
    V v = top.get(key);
    return v != null ? v : base.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return top.containsKey(key) || base.containsKey(key);
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    if (merged == null) {
      Map<K, V> m = new HashMap<>(base);
      m.putAll(top);
      merged = m;
    }
    return java.util.Collections.unmodifiableMap(merged).entrySet();
  }
}
