package org.libertas.rescoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.libertas.store.BandChange;
import org.libertas.store.Scores;

/**
 * What a run changed, against the run it continued or the rows stored before it: which suppliers'
 * rows to write, which to remove, whose band changed. Pure functions of the two runs.
 */
final class RunDiffs {
  private RunDiffs() {}

  /**
   * The suppliers an incremental run must write: those it re-evaluated, and those whose facts (tier
   * included) or assessment (score, band, factors with their evidence, upstream path) differ from
   * the run it continued. The others' stored rows hold as they are: what they cite was not
   * redefined by the upload (a redefined recruiter makes each of its employers re-evaluated).
   */
  static java.util.Set<String> rewritten(
      org.libertas.reasoning.ScoringRun before,
      org.libertas.reasoning.ScoringRun after,
      java.util.Set<String> evaluated) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (after.assessed() != null) {
      // The same chain as before: only the suppliers assessed anew can differ, at the same index.
      var chain = after.state().chain();
      for (String id : after.assessed()) {
        int i = chain.indexOf(id);
        if (evaluated.contains(id)
            || !before.assessments().get(i).equals(after.assessments().get(i))) {
          out.add(id);
        }
      }
      return out;
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < before.suppliers().size(); i++) {
      index.put(before.suppliers().get(i).id(), i);
    }
    for (int i = 0; i < after.suppliers().size(); i++) {
      String id = after.suppliers().get(i).id();
      Integer j = index.get(id);
      if (j == null
          || evaluated.contains(id)
          || !before.suppliers().get(j).equals(after.suppliers().get(i))
          || !before.assessments().get(j).equals(after.assessments().get(i))) {
        out.add(id);
      }
    }
    return out;
  }

  /** Suppliers of the run continued that are no longer in the data. */
  static List<String> removed(
      org.libertas.reasoning.ScoringRun before, org.libertas.reasoning.ScoringRun after) {
    if (after.assessed() != null) {
      return List.of(); // the same suppliers
    }
    java.util.Set<String> now = new java.util.HashSet<>();
    after.suppliers().forEach(f -> now.add(f.id()));
    return before.suppliers().stream().map(f -> f.id()).filter(id -> !now.contains(id)).toList();
  }

  /**
   * The suppliers whose band a saved run changed, against the bands stored before it or, when it
   * continued a run (no other save came between), that run's: then only the suppliers it wrote can
   * have changed.
   */
  static List<BandChange> changes(
      Map<String, Scores.Band> stored,
      org.libertas.reasoning.ScoringRun previous,
      org.libertas.reasoning.ScoringRun after,
      java.util.Set<String> rewritten) {
    List<BandChange> out = new ArrayList<>();
    if (stored == null && after.assessed() != null && rewritten != null) {
      for (String id : rewritten) {
        int i = after.state().chain().indexOf(id);
        change(out, id, band(previous.assessments().get(i)), after.assessments().get(i));
      }
    } else {
      Map<String, Scores.Band> before = stored;
      if (before == null) {
        before = new HashMap<>();
        for (var a : previous.assessments()) {
          before.put(a.supplierId(), band(a));
        }
      }
      for (var a : after.assessments()) {
        change(out, a.supplierId(), before.get(a.supplierId()), a);
      }
    }
    out.sort((x, y) -> x.supplierId().compareTo(y.supplierId()));
    return out;
  }

  private static Scores.Band band(org.libertas.reasoning.Assessment a) {
    return new Scores.Band(a.band().code(), a.score());
  }

  private static void change(
      List<BandChange> out, String id, Scores.Band b, org.libertas.reasoning.Assessment a) {
    if (b == null || !b.band().equals(a.band().code())) {
      out.add(
          new BandChange(
              id,
              b == null ? null : b.band(),
              a.band().code(),
              b == null ? null : b.score(),
              a.score()));
    }
  }
}
