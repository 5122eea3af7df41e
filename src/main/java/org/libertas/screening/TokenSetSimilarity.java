package org.libertas.screening;

import java.util.ArrayList;
import java.util.List;

/**
 * Token-set similarity with fuzzy token equality: tokens are paired (equal first, then within one
 * or two edits), and the score is the share of characters, on both sides, that are covered by a
 * pair. Unlike Jaro-Winkler on the joined string, a typo in a token's first letter does not move
 * the token elsewhere in the sorted order; unlike a subset ratio, extra tokens on either side cost.
 *
 * <p>Tokens shorter than four characters only pair when equal: one edit turns "ABC" into "ABD".
 */
final class TokenSetSimilarity {

  static final int MIN_FUZZY_LENGTH = 4;
  private static final int LONG_TOKEN = 8;

  private TokenSetSimilarity() {}

  /** Outcome with the evidence: which tokens were equal, which similar, which left over. */
  record Result(double score, List<String> equal, List<String> similar, List<String> unmatched) {}

  /** The score alone; the screening hot loop calls this for every candidate. */
  static double score(List<String> query, List<String> candidate) {
    return compare(query, candidate, false).score();
  }

  /** The score with its evidence, for the few matches that are reported. */
  static Result compare(List<String> query, List<String> candidate) {
    return compare(query, candidate, true);
  }

  private static Result compare(List<String> query, List<String> candidate, boolean explain) {
    int nq = query.size();
    int nc = candidate.size();
    boolean[] usedQ = new boolean[nq];
    boolean[] usedC = new boolean[nc];
    double covered = 0;
    int total = 0;
    for (String t : query) {
      total += t.length();
    }
    for (String t : candidate) {
      total += t.length();
    }
    List<String> equal = explain ? new ArrayList<>() : null;
    for (int i = 0; i < nq; i++) {
      String q = query.get(i);
      for (int j = 0; j < nc; j++) {
        if (!usedC[j] && q.equals(candidate.get(j))) {
          usedQ[i] = true;
          usedC[j] = true;
          if (explain) {
            equal.add(q);
          }
          covered += 2 * q.length();
          break;
        }
      }
    }
    List<String> similar = explain ? new ArrayList<>() : null;
    for (int i = 0; i < nq; i++) {
      String q = query.get(i);
      if (usedQ[i] || q.length() < MIN_FUZZY_LENGTH) {
        continue;
      }
      int best = -1;
      double bestSimilarity = 0;
      for (int j = 0; j < nc; j++) {
        String c = candidate.get(j);
        if (usedC[j] || c.length() < MIN_FUZZY_LENGTH) {
          continue;
        }
        double s = tokenSimilarity(q, c);
        if (s > bestSimilarity) {
          bestSimilarity = s;
          best = j;
        }
      }
      if (best >= 0) {
        usedQ[i] = true;
        usedC[best] = true;
        String c = candidate.get(best);
        if (explain) {
          similar.add(q + "~" + c);
        }
        covered += bestSimilarity * (q.length() + c.length());
      }
    }
    double score = total == 0 ? 0 : covered / total;
    if (!explain) {
      return new Result(score, List.of(), List.of(), List.of());
    }
    List<String> unmatched = new ArrayList<>();
    for (int i = 0; i < nq; i++) {
      if (!usedQ[i]) {
        unmatched.add(query.get(i));
      }
    }
    for (int j = 0; j < nc; j++) {
      if (!usedC[j]) {
        unmatched.add(candidate.get(j));
      }
    }
    return new Result(score, equal, similar, unmatched);
  }

  /** 1 - edits / length when within the allowed edits (1, or 2 for long tokens), else 0. */
  static double tokenSimilarity(String a, String b) {
    int longer = Math.max(a.length(), b.length());
    int allowed = longer >= LONG_TOKEN ? 2 : 1;
    int d = boundedEditDistance(a, b, allowed);
    return d > allowed ? 0 : 1.0 - (double) d / longer;
  }

  /**
   * Optimal-string-alignment distance (insert, delete, substitute, swap adjacent), giving up with
   * {@code max + 1} as soon as every path exceeds {@code max}.
   */
  static int boundedEditDistance(String a, String b, int max) {
    int la = a.length();
    int lb = b.length();
    if (Math.abs(la - lb) > max) {
      return max + 1;
    }
    int[] prevPrev = new int[lb + 1];
    int[] prev = new int[lb + 1];
    int[] cur = new int[lb + 1];
    for (int j = 0; j <= lb; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= la; i++) {
      cur[0] = i;
      int rowMin = cur[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= lb; j++) {
        char cb = b.charAt(j - 1);
        int cost = ca == cb ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
          v = Math.min(v, prevPrev[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] t = prevPrev;
      prevPrev = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[lb], max + 1);
  }
}
