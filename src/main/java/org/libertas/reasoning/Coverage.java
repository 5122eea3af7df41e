package org.libertas.reasoning;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.libertas.ontology.RecommendationPolicy;

/**
 * What is known about a supplier (DESIGN §4): "no evidence" after an audit is not "no evidence"
 * without one.
 *
 * @param lastAuditOn the latest date of an audit of it (a finding's date), or null
 * @param unknownTiers the tiers (counted from the buyer, like the supplier's own) at which the map
 *     above it stops at a supplier that is not a primary producer: nobody is known to supply it
 * @param unassessed the fields whose values no rule could assess
 */
public record Coverage(LocalDate lastAuditOn, List<Integer> unknownTiers, List<String> unassessed) {

  public Coverage {
    unknownTiers = List.copyOf(unknownTiers);
    unassessed = List.copyOf(unassessed);
  }

  /** Whether the last audit is at most {@code auditValidityDays} before {@code asOf}. */
  public boolean recentAudit(RecommendationPolicy p, LocalDate asOf) {
    return lastAuditOn != null
        && ChronoUnit.DAYS.between(lastAuditOn, asOf) <= p.auditValidityDays();
  }

  /**
   * The share of coverage in [0,1]: the policy's weights of a recent audit, known tiers, fields.
   */
  public double share(RecommendationPolicy p, LocalDate asOf) {
    return (recentAudit(p, asOf) ? p.auditCoverage() : 0)
        + (unknownTiers.isEmpty() ? p.tierCoverage() : 0)
        + (unassessed.isEmpty() ? p.fieldCoverage() : 0);
  }

  /** The latest date among the signals of an audit family. */
  public static LocalDate lastAudit(List<Signal> signals, Set<String> auditFamilies) {
    LocalDate last = null;
    for (Signal s : signals) {
      if (s.observedOn() != null
          && auditFamilies.contains(s.family())
          && (last == null || s.observedOn().isAfter(last))) {
        last = s.observedOn();
      }
    }
    return last;
  }

  /**
   * For each supplier of the chain, a bit mask of the depths above it (bit d: d + 1 tiers above) at
   * which a path of its suppliers stops at one that has no supplier of its own and is not {@code
   * primary} (a mine, a farm, a fishery is where a chain rightly ends). Bounded by {@code maxTiers}
   * rounds, so cycles terminate: O(maxTiers × links), like the propagation.
   */
  public static int[] gaps(SupplyChain chain, boolean[] primary, int maxTiers) {
    int n = chain.size();
    int limit = Math.min(maxTiers, 30);
    int all = (1 << limit) - 1;
    int[] mask = new int[n];
    for (int i = 0; i < n; i++) {
      if (chain.from(i) == chain.to(i) && !primary[i]) {
        mask[i] = 1;
      }
    }
    for (int round = 1; round < limit; round++) {
      int[] next = mask.clone();
      boolean moved = false;
      for (int i = 0; i < n; i++) {
        int m = next[i];
        for (int e = chain.from(i); e < chain.to(i); e++) {
          m |= (mask[chain.target(e)] << 1) & all;
        }
        moved |= m != next[i];
        next[i] = m;
      }
      mask = next;
      if (!moved) {
        break;
      }
    }
    return mask;
  }

  /** The tiers a gap mask names, for a supplier at {@code tier}. */
  public static List<Integer> tiers(int mask, int tier) {
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < 31; d++) {
      if ((mask & (1 << d)) != 0) {
        out.add(tier + d + 1);
      }
    }
    return out;
  }
}
