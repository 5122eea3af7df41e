package org.libertas.screening;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Screening index over one version of a list: finds candidates through a character-trigram inverted
 * index, then scores only the few best with {@link NameScorer}. Scoring all 10⁵ names of a list per
 * query is what the all-pairs peer does; the index exists to avoid it.
 *
 * <p>Compact on purpose: trigrams are interned to ints, posting lists are int arrays, shared
 * trigrams are counted in a per-thread int array. Immutable after {@link #build}; {@link #screen}
 * may be called from any number of threads.
 */
public final class ScreeningIndex {

  private final ListEntry[] entries;
  private final NameNormaliser normaliser;
  private final Thresholds thresholds;
  private final int candidates;
  private final double countryPenalty;

  // One slot per name (primary names and aliases), entry by entry.
  private final int[] nameEntry;
  private final String[] nameRaw;
  private final boolean[] nameIsAlias;
  private final NormalisedName[] nameNormalised;
  private final int[] nameGramCount;

  private final Map<String, Integer> gramIds;
  private final int[][] postings;
  private final Map<String, int[]> identifierEntries;
  private final ThreadLocal<Scratch> scratch;

  private ScreeningIndex(
      ListEntry[] entries,
      NameNormaliser normaliser,
      Thresholds thresholds,
      Tuning tuning,
      int[] nameEntry,
      String[] nameRaw,
      boolean[] nameIsAlias,
      NormalisedName[] nameNormalised,
      int[] nameGramCount,
      Map<String, Integer> gramIds,
      int[][] postings,
      Map<String, int[]> identifierEntries) {
    this.entries = entries;
    this.normaliser = normaliser;
    this.thresholds = thresholds;
    this.candidates = tuning.candidates();
    this.countryPenalty = tuning.countryPenalty();
    this.nameEntry = nameEntry;
    this.nameRaw = nameRaw;
    this.nameIsAlias = nameIsAlias;
    this.nameNormalised = nameNormalised;
    this.nameGramCount = nameGramCount;
    this.gramIds = gramIds;
    this.postings = postings;
    this.identifierEntries = identifierEntries;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(nameEntry.length));
  }

  public static ScreeningIndex build(
      List<ListEntry> entries, NameNormaliser normaliser, Thresholds thresholds, Tuning tuning) {
    ListEntry[] all = entries.toArray(ListEntry[]::new);
    List<Integer> owner = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    List<Boolean> alias = new ArrayList<>();
    Map<String, List<Integer>> identifiers = new HashMap<>();
    for (int e = 0; e < all.length; e++) {
      owner.add(e);
      raw.add(all[e].name());
      alias.add(false);
      for (String a : all[e].aliases()) {
        owner.add(e);
        raw.add(a);
        alias.add(true);
      }
      for (String id : all[e].identifiers()) {
        String key = NameNormaliser.identifierKey(id);
        if (!key.isEmpty()) {
          List<Integer> list = identifiers.computeIfAbsent(key, k -> new ArrayList<>());
          if (!list.contains(e)) {
            list.add(e);
          }
        }
      }
    }
    int n = raw.size();
    int[] nameEntry = new int[n];
    String[] nameRaw = new String[n];
    boolean[] nameIsAlias = new boolean[n];
    NormalisedName[] normalised = new NormalisedName[n];
    int[] gramCount = new int[n];
    Map<String, Integer> gramIds = new HashMap<>();
    List<IntList> lists = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nameEntry[i] = owner.get(i);
      nameRaw[i] = raw.get(i);
      nameIsAlias[i] = alias.get(i);
      normalised[i] = normaliser.normalise(nameRaw[i]);
      List<String> grams = trigrams(normalised[i]);
      gramCount[i] = grams.size();
      for (String g : grams) {
        Integer id = gramIds.get(g);
        if (id == null) {
          id = lists.size();
          gramIds.put(g, id);
          lists.add(new IntList());
        }
        lists.get(id).add(i);
      }
    }
    int[][] postings = new int[lists.size()][];
    for (int g = 0; g < postings.length; g++) {
      postings[g] = lists.get(g).toArray();
    }
    Map<String, int[]> identifierEntries = new HashMap<>();
    identifiers.forEach(
        (k, v) -> identifierEntries.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    return new ScreeningIndex(
        all,
        normaliser,
        thresholds,
        tuning,
        nameEntry,
        nameRaw,
        nameIsAlias,
        normalised,
        gramCount,
        Map.copyOf(gramIds),
        postings,
        Map.copyOf(identifierEntries));
  }

  /** Number of entries in the list. */
  public int size() {
    return entries.length;
  }

  /**
   * Matches and possible matches for the query, best first (score descending, then name), at most
   * {@code limit} of them.
   */
  public List<Match> screen(Query query, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    String queryRaw = query.name() == null ? "" : query.name();
    NormalisedName q = normaliser.normalise(queryRaw);
    Map<Integer, Best> byEntry = new HashMap<>();

    String idKey = NameNormaliser.identifierKey(query.identifier());
    int[] idHits = idKey.isEmpty() ? null : identifierEntries.get(idKey);
    if (idHits != null) {
      for (int e : idHits) {
        byEntry.put(e, new Best(e, 1.0, -1, true));
      }
    }
    for (int name : candidateNames(q)) {
      double score =
          NameScorer.score(queryRaw, q, nameRaw[name], nameNormalised[name], thresholds.possible());
      if (score <= 0) {
        continue;
      }
      int e = nameEntry[name];
      Best best = byEntry.get(e);
      if (best == null) {
        byEntry.put(e, new Best(e, score, name, false));
      } else if (best.nameIndex < 0 || score > best.nameScore) {
        best.nameIndex = name;
        best.nameScore = score;
        if (!best.identifier) {
          best.score = score;
        }
      }
    }

    List<Best> kept = new ArrayList<>();
    for (Best best : byEntry.values()) {
      if (!best.identifier && countryDiffers(query.country(), entries[best.entry].country())) {
        best.score -= countryPenalty;
      }
      best.score = Math.round(best.score * 10_000) / 10_000.0;
      if (thresholds.statusOf(best.score) != null) {
        kept.add(best);
      }
    }
    kept.sort(
        Comparator.comparingDouble((Best b) -> b.score)
            .reversed()
            .thenComparing(b -> entries[b.entry].name()));
    List<Match> matches = new ArrayList<>(Math.min(limit, kept.size()));
    for (Best best : kept.subList(0, Math.min(limit, kept.size()))) {
      matches.add(explain(query, queryRaw, q, idKey, best));
    }
    return List.copyOf(matches);
  }

  private Match explain(Query query, String queryRaw, NormalisedName q, String idKey, Best best) {
    ListEntry entry = entries[best.entry];
    List<Reason> reasons = new ArrayList<>();
    if (best.identifier) {
      reasons.add(Reason.of(Reason.Feature.IDENTIFIER, matchingIdentifier(entry, idKey), 1.0));
    }
    if (best.nameIndex >= 0) {
      int n = best.nameIndex;
      reasons.addAll(
          NameScorer.explain(queryRaw, q, nameRaw[n], nameNormalised[n], nameIsAlias[n]));
    }
    Reason country = countryReason(query.country(), entry.country(), !best.identifier);
    if (country != null) {
      reasons.add(country);
    }
    return new Match(
        entry.id(),
        entry.name(),
        best.score,
        thresholds.statusOf(best.score),
        reasons,
        entry.source());
  }

  /** The names sharing the most trigrams with the query (Dice coefficient), best first. */
  int[] candidateNames(NormalisedName q) {
    if (q.isEmpty()) {
      return new int[0];
    }
    List<String> grams = trigrams(q);
    int queryGrams = grams.size();
    Scratch s = scratch.get();
    int[] counts = s.counts;
    IntList touched = s.touched;
    touched.clear();
    for (String g : grams) {
      Integer id = gramIds.get(g);
      if (id == null) {
        continue;
      }
      for (int name : postings[id]) {
        if (counts[name]++ == 0) {
          touched.add(name);
        }
      }
    }
    int k = Math.min(candidates, touched.size());
    int[] best = new int[k];
    double[] bestDice = new double[k];
    int filled = 0;
    int weakest = 0;
    for (int t = 0; t < touched.size(); t++) {
      int name = touched.get(t);
      double dice = 2.0 * counts[name] / (queryGrams + nameGramCount[name]);
      counts[name] = 0;
      if (filled < k) {
        best[filled] = name;
        bestDice[filled] = dice;
        filled++;
        if (filled == k) {
          weakest = argMin(bestDice);
        }
      } else if (k > 0 && dice > bestDice[weakest]) {
        best[weakest] = name;
        bestDice[weakest] = dice;
        weakest = argMin(bestDice);
      }
    }
    return best;
  }

  private static int argMin(double[] values) {
    int min = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[min]) {
        min = i;
      }
    }
    return min;
  }

  /** Distinct trigrams of the tokens, each padded with a space on both sides. */
  static List<String> trigrams(NormalisedName name) {
    List<String> grams = new ArrayList<>();
    for (String token : name.tokens()) {
      String padded = " " + token + " ";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        grams.add(padded.substring(i, i + 3));
      }
    }
    Collections.sort(grams);
    List<String> distinct = new ArrayList<>(grams.size());
    for (String g : grams) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(g)) {
        distinct.add(g);
      }
    }
    return distinct;
  }

  private static String matchingIdentifier(ListEntry entry, String key) {
    for (String id : entry.identifiers()) {
      if (NameNormaliser.identifierKey(id).equals(key)) {
        return id;
      }
    }
    return key;
  }

  private static boolean countryDiffers(String query, String listed) {
    return !blank(query) && !blank(listed) && !query.strip().equalsIgnoreCase(listed.strip());
  }

  /**
   * Agreement or disagreement of the countries, null when either is unknown.
   *
   * @param penalised whether the disagreement cost the penalty (not when an identifier matched)
   */
  private Reason countryReason(String query, String listed, boolean penalised) {
    if (blank(query) || blank(listed)) {
      return null;
    }
    String q = query.strip();
    String l = listed.strip();
    return countryDiffers(q, l)
        ? Reason.of(Reason.Feature.COUNTRY_DIFFERS, q + "≠" + l, penalised ? -countryPenalty : null)
        : Reason.of(Reason.Feature.COUNTRY_AGREES, l, null);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Best evidence for one entry while screening a query. */
  private static final class Best {
    final int entry;
    final boolean identifier;
    double score;
    int nameIndex;
    double nameScore;

    Best(int entry, double score, int nameIndex, boolean identifier) {
      this.entry = entry;
      this.score = score;
      this.nameIndex = nameIndex;
      this.nameScore = identifier ? 0 : score;
      this.identifier = identifier;
    }
  }

  /** Per-thread working memory, so a query allocates nothing proportional to the list. */
  private static final class Scratch {
    final int[] counts;
    final IntList touched = new IntList();

    Scratch(int names) {
      counts = new int[names];
    }
  }

  /** Growable int array; boxing 10⁶ postings would double the index. */
  static final class IntList {
    private int[] values = new int[8];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int get(int i) {
      return values[i];
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
