package org.libertas.screening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The benchmark peer: Jaro-Winkler between the query and every listed name, no index, no token
 * logic. It is what a straightforward implementation does, so {@link ScreeningIndex} is measured
 * against it for speed (bench/README.md); it is not used to answer real queries.
 */
public final class AllPairsScreener {

  private final ListEntry[] entries;
  private final NameNormaliser normaliser;
  private final Thresholds thresholds;
  private final int[] nameEntry;
  private final String[] nameRaw;
  private final boolean[] nameIsAlias;
  private final String[] nameText;

  public AllPairsScreener(
      List<ListEntry> entries, NameNormaliser normaliser, Thresholds thresholds) {
    this.entries = entries.toArray(ListEntry[]::new);
    this.normaliser = normaliser;
    this.thresholds = thresholds;
    List<Integer> owner = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    List<Boolean> alias = new ArrayList<>();
    for (int e = 0; e < this.entries.length; e++) {
      owner.add(e);
      raw.add(this.entries[e].name());
      alias.add(false);
      for (String a : this.entries[e].aliases()) {
        owner.add(e);
        raw.add(a);
        alias.add(true);
      }
    }
    int n = raw.size();
    nameEntry = new int[n];
    nameRaw = new String[n];
    nameIsAlias = new boolean[n];
    nameText = new String[n];
    for (int i = 0; i < n; i++) {
      nameEntry[i] = owner.get(i);
      nameRaw[i] = raw.get(i);
      nameIsAlias[i] = alias.get(i);
      nameText[i] = normaliser.normalise(nameRaw[i]).text();
    }
  }

  /**
   * Every entry whose best name reaches the possible threshold, best first, at most {@code limit}.
   */
  public List<Match> screen(Query query, int limit) {
    String queryRaw = query.name() == null ? "" : query.name();
    String q = normaliser.normalise(queryRaw).text();
    double[] best = new double[entries.length];
    int[] bestName = new int[entries.length];
    for (int i = 0; i < nameText.length; i++) {
      double s =
          queryRaw.strip().equals(nameRaw[i].strip())
              ? NameScorer.IDENTICAL
              : Math.min(
                  NameScorer.EQUAL_AFTER_NORMALISATION, JaroWinkler.similarity(q, nameText[i]));
      int e = nameEntry[i];
      if (s > best[e]) {
        best[e] = s;
        bestName[e] = i;
      }
    }
    List<Match> matches = new ArrayList<>();
    for (int e = 0; e < entries.length; e++) {
      Match.Status status = thresholds.statusOf(best[e]);
      if (status != null) {
        int i = bestName[e];
        List<Reason> reasons =
            List.of(
                Reason.of(
                    nameIsAlias[i] ? Reason.Feature.ALIAS : Reason.Feature.NAME,
                    nameRaw[i],
                    best[e]),
                Reason.of(Reason.Feature.JARO_WINKLER, null, NameScorer.round(best[e], 100)));
        ListEntry entry = entries[e];
        matches.add(new Match(entry.id(), entry.name(), best[e], status, reasons, entry.source()));
      }
    }
    matches.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::name));
    return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
  }
}
