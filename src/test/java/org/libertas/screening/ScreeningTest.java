package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libertas.screening.TenantMatches.Decision;
import org.libertas.screening.TenantMatches.Kind;
import org.libertas.screening.TenantMatches.Result;
import org.libertas.screening.TenantMatches.Screened;

/**
 * A tenant's parties in, matches out: kinds to their lists, decisions as statuses, stable order.
 */
class ScreeningTest {
  private static final Thresholds THRESHOLDS = new Thresholds(0.90, 0.75);
  private static final Tuning TUNING = new Tuning(0.05, 50);
  private static final NameNormaliser NORMALISER = LegalFormsFixture.normaliser();

  private final Screening screening =
      new Screening(
          ScreeningIndex.build(
              List.of(
                  new ListEntry(
                      "r1",
                      "Golden Bridge Overseas Employment Co., Ltd.",
                      List.of("Golden Bridge Manpower Company Limited"),
                      List.of(),
                      "NP",
                      "recruiter-blacklist")),
              NORMALISER,
              THRESHOLDS,
              TUNING),
          ScreeningIndex.build(
              List.of(
                  new ListEntry(
                      "e1",
                      "Hoshine Silicon Industry Co., Ltd.",
                      List.of(),
                      List.of(),
                      "CN",
                      "uflpa-entity-list")),
              NORMALISER,
              THRESHOLDS,
              TUNING),
          5);

  private static final Screened RECRUITER =
      new Screened("urn:t:r", Kind.RECRUITER, "Golden Bridge Manpower Co Ltd", "NP", null);
  private static final Screened SUPPLIER =
      new Screened("urn:t:s", Kind.SUPPLIER, "Hoshine Silicon Industry", "CN", null);
  // The same name screened as a supplier meets the entity lists only.
  private static final Screened RECRUITER_AS_SUPPLIER =
      new Screened("urn:t:q", Kind.SUPPLIER, "Golden Bridge Manpower Co Ltd", "NP", null);

  @Test
  void eachKindMeetsItsListsAndResultsComeInIriOrder() {
    List<Result> results =
        screening.screen("t", List.of(SUPPLIER, RECRUITER_AS_SUPPLIER, RECRUITER), Map.of());
    assertThat(results).extracting(r -> r.screened().iri()).containsExactly("urn:t:r", "urn:t:s");
    assertThat(results).extracting(r -> r.match().entryId()).containsExactly("r1", "e1");
    assertThat(results).extracting(Result::status).containsOnly("match");
    assertThat(results.get(0).matchId())
        .isEqualTo(TenantMatches.matchId("t", "urn:t:r", "r1"))
        .isNotEqualTo(TenantMatches.matchId("u", "urn:t:r", "r1"));
  }

  @Test
  void aReviewersDecisionBecomesTheStatus() {
    Map<String, Decision> decisions =
        Map.of(TenantMatches.pairKey("urn:t:r", "r1"), new Decision(false, "another firm"));
    List<Result> results = screening.screen("t", List.of(RECRUITER, SUPPLIER), decisions);
    assertThat(results).extracting(Result::status).containsExactly("dismissed", "match");
  }

  @Test
  void rescreeningKeepsTheResultsOfNodesTheUploadDidNotDefine() {
    List<Result> before = screening.screen("t", List.of(RECRUITER, SUPPLIER), Map.of());
    // The upload renamed the supplier: it no longer matches; the recruiter's match holds.
    Screened renamed = new Screened("urn:t:s", Kind.SUPPLIER, "Cologne Foods", "DE", null);
    List<Result> after =
        screening.rescreen("t", List.of(renamed), Map.of(), before, Set.of("urn:t:s"));
    assertThat(after).containsExactly(before.get(0));
    assertThat(screening.rescreen("t", List.of(SUPPLIER), Map.of(), before, Set.of("urn:t:s")))
        .isEqualTo(before);
  }
}
