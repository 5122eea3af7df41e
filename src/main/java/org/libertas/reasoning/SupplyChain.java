package org.libertas.reasoning;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The supplier graph in compact form: suppliers as int ids (sorted by supplier id so results do not
 * depend on load order), and for each buyer the ids of its direct suppliers (CSR arrays).
 */
public final class SupplyChain {
  private final String[] ids;
  private final Map<String, Integer> index;
  private final int[] offsets;
  private final int[] targets;

  private SupplyChain(String[] ids, Map<String, Integer> index, int[] offsets, int[] targets) {
    this.ids = ids;
    this.index = index;
    this.offsets = offsets;
    this.targets = targets;
  }

  /** Links are (buyer, supplier) pairs of supplier ids; self-links and unknown ids are ignored. */
  public static SupplyChain of(List<String> supplierIds, List<String[]> links) {
    String[] ids = supplierIds.stream().distinct().sorted().toArray(String[]::new);
    Map<String, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    long[] pairs = new long[links.size()];
    int n = 0;
    for (String[] l : links) {
      Integer b = index.get(l[0]);
      Integer s = index.get(l[1]);
      if (b != null && s != null && !b.equals(s)) {
        pairs[n++] = ((long) b << 32) | s;
      }
    }
    Arrays.sort(pairs, 0, n);
    int[] offsets = new int[ids.length + 1];
    int[] targets = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (k > 0 && pairs[k] == pairs[k - 1]) {
        continue;
      }
      offsets[(int) (pairs[k] >>> 32) + 1]++;
      targets[m++] = (int) pairs[k];
    }
    for (int i = 0; i < ids.length; i++) {
      offsets[i + 1] += offsets[i];
    }
    return new SupplyChain(ids, index, offsets, Arrays.copyOf(targets, m));
  }

  public int size() {
    return ids.length;
  }

  public String id(int i) {
    return ids[i];
  }

  public Integer indexOf(String id) {
    return index.get(id);
  }

  /** Direct suppliers of buyer i: targets[from(i) .. to(i)). */
  public int from(int i) {
    return offsets[i];
  }

  public int to(int i) {
    return offsets[i + 1];
  }

  public int target(int k) {
    return targets[k];
  }
}
