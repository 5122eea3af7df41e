package org.libertas.ontology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What turns a score into a next step (DESIGN §4, 2026-12), as read from scoring.ttl and
 * reference/regimes.ttl: the dimension of each factor family, the coverage and work-queue
 * parameters, the decision table of recommendations and the legal regimes. Java holds none of the
 * values. A version published before the decision table has none ({@link #rows} empty): its
 * recommendation is its band's, as it was.
 *
 * @param dimensionOf factor family IRI → {@code context} or {@code evidence}
 * @param closingStatuses finding status IRIs whose evidence is no longer open (remediated)
 * @param auditFamilies families whose signals' dates are audits (coverage.lastAuditOn)
 * @param primarySectors codes of the sectors where a chain rightly ends (mining, farming, fishing)
 * @param rows the decision table; every combination of {@link #axes} is covered by exactly one
 * @param regimes by code
 * @param recommendations recommendation code → IRI (its labels are the ontology's)
 */
public record RecommendationPolicy(
    Map<String, String> dimensionOf,
    Set<String> closingStatuses,
    Set<String> auditFamilies,
    Set<String> primarySectors,
    int auditValidityDays,
    double volumeWeight,
    double auditCoverage,
    double tierCoverage,
    double fieldCoverage,
    List<Row> rows,
    Map<String, Regime> regimes,
    Map<String, String> recommendations) {

  /** The evidence axis' value when the supplier has no open evidence (else the band's code). */
  public static final String NO_OPEN_EVIDENCE = "none";

  public RecommendationPolicy {
    dimensionOf = Map.copyOf(dimensionOf);
    closingStatuses = Set.copyOf(closingStatuses);
    auditFamilies = Set.copyOf(auditFamilies);
    primarySectors = Set.copyOf(primarySectors);
    rows = List.copyOf(rows);
    regimes = Map.copyOf(regimes);
    recommendations = Map.copyOf(recommendations);
  }

  /**
   * One row: the values it covers on each axis (never empty: a row that does not name an axis
   * covers all its values) and what it recommends.
   */
  public record Row(
      String iri,
      String code,
      Set<Boolean> legalBar,
      Set<String> evidence,
      Set<String> context,
      Set<Boolean> recentAudit,
      String recommendation) {

    public boolean covers(boolean bar, String ev, String ctx, boolean audited) {
      return legalBar.contains(bar)
          && evidence.contains(ev)
          && context.contains(ctx)
          && recentAudit.contains(audited);
    }
  }

  /**
   * A legal regime that bars sourcing: by a hard stop of one of its rules (rule ids) or by a factor
   * citing one of its evidence nodes.
   */
  public record Regime(
      String iri,
      String code,
      Set<String> barringRules,
      Set<String> barringEvidence,
      boolean appliesByDefault) {}

  /** The regimes that apply to a tenant that chose none. */
  public Set<String> defaultRegimes() {
    Set<String> out = new java.util.TreeSet<>();
    regimes.values().stream().filter(Regime::appliesByDefault).forEach(r -> out.add(r.code()));
    return out;
  }

  /** The row covering a combination; exactly one does in a loaded table. */
  public Row row(boolean legalBar, String evidence, String context, boolean recentAudit) {
    for (Row r : rows) {
      if (r.covers(legalBar, evidence, context, recentAudit)) {
        return r;
      }
    }
    throw new IllegalStateException("no decision row covers the combination");
  }

  /**
   * Every combination of the axes covered by no row or by more than one, named: "legal bar false,
   * open evidence none, context high, recent audit false: no row" (empty when the table is sound).
   *
   * @param bands the band codes (the values of the context axis; with {@code none}, of evidence)
   */
  public static List<String> gaps(List<Row> rows, List<String> bands) {
    List<String> evidence = new ArrayList<>();
    evidence.add(NO_OPEN_EVIDENCE);
    evidence.addAll(bands);
    List<String> out = new ArrayList<>();
    for (boolean bar : new boolean[] {true, false}) {
      for (String ev : evidence) {
        for (String ctx : bands) {
          for (boolean audited : new boolean[] {false, true}) {
            List<String> covering = new ArrayList<>();
            for (Row r : rows) {
              if (r.covers(bar, ev, ctx, audited)) {
                covering.add(r.code());
              }
            }
            if (covering.size() != 1) {
              out.add(
                  "legal bar "
                      + bar
                      + ", open evidence "
                      + ev
                      + ", context "
                      + ctx
                      + ", recent audit "
                      + audited
                      + (covering.isEmpty()
                          ? ": no row"
                          : ": rows " + String.join(" and ", covering)));
            }
          }
        }
      }
    }
    return out;
  }
}
