package org.libertas.screening;

/**
 * Jaro-Winkler similarity, written here rather than pulled from a library because the screening hot
 * loop calls it hundreds of times per query and the benchmark peer must use the same code. Standard
 * parameters: prefix scale 0.1, prefix of at most four characters.
 */
public final class JaroWinkler {

  private static final double PREFIX_SCALE = 0.1;
  private static final int MAX_PREFIX = 4;

  private JaroWinkler() {}

  /** Similarity in [0, 1]; 1 only for equal strings. */
  public static double similarity(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    return similarity(a.toCharArray(), b.toCharArray());
  }

  private static double similarity(char[] a, char[] b) {
    int la = a.length;
    int lb = b.length;
    int window = Math.max(0, Math.max(la, lb) / 2 - 1);
    boolean[] matchedA = new boolean[la];
    boolean[] matchedB = new boolean[lb];
    int matches = 0;
    for (int i = 0; i < la; i++) {
      char c = a[i];
      int to = Math.min(lb - 1, i + window);
      for (int j = Math.max(0, i - window); j <= to; j++) {
        if (b[j] == c && !matchedB[j]) {
          matchedA[i] = true;
          matchedB[j] = true;
          matches++;
          break;
        }
      }
    }
    if (matches == 0) {
      return 0.0;
    }
    int halfTranspositions = 0;
    for (int i = 0, j = 0; i < la; i++) {
      if (matchedA[i]) {
        while (!matchedB[j]) {
          j++;
        }
        if (a[i] != b[j]) {
          halfTranspositions++;
        }
        j++;
      }
    }
    double m = matches;
    double jaro = (m / la + m / lb + (m - halfTranspositions / 2.0) / m) / 3.0;
    int prefix = 0;
    int maxPrefix = Math.min(MAX_PREFIX, Math.min(la, lb));
    while (prefix < maxPrefix && a[prefix] == b[prefix]) {
      prefix++;
    }
    return jaro + prefix * PREFIX_SCALE * (1.0 - jaro);
  }
}
