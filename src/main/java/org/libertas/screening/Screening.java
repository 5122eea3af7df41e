package org.libertas.screening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libertas.screening.TenantMatches.Decision;
import org.libertas.screening.TenantMatches.Kind;
import org.libertas.screening.TenantMatches.Result;
import org.libertas.screening.TenantMatches.Screened;

/**
 * The matching of one list version: a tenant's recruiters and suppliers in, their matches out, in a
 * stable order. Pure: the caller gathers the parties and the reviewers' decisions and decides what
 * to write; the indexes carry the thresholds they were built with. Thread-safe (the indexes are
 * read-only), so one instance serves every tenant until the lists change.
 *
 * @param recruiters the recruiter blacklists
 * @param entities the entity lists
 * @param matchLimit most matches reported per screened name
 */
public record Screening(ScreeningIndex recruiters, ScreeningIndex entities, int matchLimit) {

  /** Screened node first, then best score first, then entry: the same input gives the same list. */
  public static final Comparator<Result> ORDER =
      Comparator.comparing((Result r) -> r.screened().iri())
          .thenComparing(r -> -r.match().score())
          .thenComparing(r -> r.match().entryId());

  /** Ad-hoc screening of one name against the lists of a kind. */
  public List<Match> screen(Kind kind, Query query) {
    return index(kind).screen(query, matchLimit);
  }

  /**
   * Screens every party; a reviewed pair carries the reviewer's decision as its status.
   *
   * @param decisions latest review per pair, keyed by {@link TenantMatches#pairKey}
   */
  public List<Result> screen(
      String tenantId, List<Screened> parties, Map<String, Decision> decisions) {
    List<Result> results = new ArrayList<>();
    for (Screened s : parties) {
      Query query = new Query(s.name(), s.country(), s.identifier());
      for (Match m : screen(s.kind(), query)) {
        Decision d = decisions.get(TenantMatches.pairKey(s.iri(), m.entryId()));
        String status =
            d != null
                ? (d.confirmed() ? "confirmed" : "dismissed")
                : m.status() == Match.Status.MATCH ? "match" : "possible";
        results.add(
            new Result(TenantMatches.matchId(tenantId, s.iri(), m.entryId()), s, m, status));
      }
    }
    results.sort(ORDER);
    return results;
  }

  /**
   * Screens again only the parties an upload (re)defined: every other node keeps its results of
   * {@code previous}, which must be a screening of the data just before, with the same lists and
   * the same decisions.
   *
   * @param changed the IRIs the upload (re)defined; {@code parties} are those among them
   */
  public List<Result> rescreen(
      String tenantId,
      List<Screened> parties,
      Map<String, Decision> decisions,
      List<Result> previous,
      Set<String> changed) {
    List<Result> results = new ArrayList<>(screen(tenantId, parties, decisions));
    previous.stream().filter(r -> !changed.contains(r.screened().iri())).forEach(results::add);
    results.sort(ORDER);
    return results;
  }

  private ScreeningIndex index(Kind kind) {
    return kind == Kind.RECRUITER ? recruiters : entities;
  }
}
