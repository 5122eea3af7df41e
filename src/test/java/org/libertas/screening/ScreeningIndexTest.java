package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The index's promises on a hand-written list: score tiers, explanations feature by feature,
 * identifiers, countries, short names, thresholds as parameters, ordering and thread safety.
 */
class ScreeningIndexTest {

  private static final Thresholds THRESHOLDS = new Thresholds(0.90, 0.75);
  // As lbt:defaultScoring in ontology/scoring.ttl.
  private static final Tuning TUNING = new Tuning(0.05, 50);
  private static final NameNormaliser NORMALISER = LegalFormsFixture.normaliser();

  private static final List<ListEntry> LIST =
      List.of(
          new ListEntry(
              "r1",
              "Golden Bridge Overseas Employment Co., Ltd.",
              List.of("Golden Bridge Manpower Company Limited"),
              List.of("NP-1134/2071"),
              "NP",
              "recruiter-blacklist"),
          new ListEntry(
              "r2",
              "Silver River Recruitment Pvt. Ltd.",
              List.of(),
              List.of(),
              "MM",
              "recruiter-blacklist"),
          new ListEntry("r3", "ABC Trading", List.of(), List.of(), "TH", "recruiter-blacklist"),
          new ListEntry(
              "e1",
              "He Sheng Gui Ye Gu Fen You Xian Gong Si",
              List.of("合盛硅业股份有限公司", "Hoshine Silicon Industry Co., Ltd."),
              List.of(),
              "CN",
              "uflpa-entity-list"),
          new ListEntry(
              "e2",
              "Golden Bridge Trading Co Ltd",
              List.of(),
              List.of(),
              "MM",
              "uflpa-entity-list"));

  private final ScreeningIndex index = ScreeningIndex.build(LIST, NORMALISER, THRESHOLDS, TUNING);

  private Match top(Query q) {
    List<Match> matches = index.screen(q, 5);
    assertThat(matches).as("matches for %s", q).isNotEmpty();
    return matches.get(0);
  }

  @Test
  void identicalNameScoresOneAndSaysSo() {
    Match m = top(Query.of("Silver River Recruitment Pvt. Ltd."));
    assertThat(m.entryId()).isEqualTo("r2");
    assertThat(m.score()).isEqualTo(1.0);
    assertThat(m.status()).isEqualTo(Match.Status.MATCH);
    assertThat(m.reasons())
        .containsExactly(
            Reason.of(Reason.Feature.NAME_IDENTICAL, "Silver River Recruitment Pvt. Ltd.", 1.0));
    assertThat(m.source()).isEqualTo("recruiter-blacklist");
  }

  @Test
  void aliasEqualAfterNormalisationNamesTheAliasAndTheTokens() {
    Match m = top(Query.of("GOLDEN BRIDGE MANPOWER CO LTD"));
    assertThat(m.entryId()).isEqualTo("r1");
    assertThat(m.name()).isEqualTo("Golden Bridge Overseas Employment Co., Ltd.");
    assertThat(m.score()).isEqualTo(0.99);
    assertThat(m.reasons())
        .containsExactly(
            Reason.of(Reason.Feature.ALIAS, "Golden Bridge Manpower Company Limited", 0.99),
            Reason.of(Reason.Feature.TOKENS_EQUAL_NORMALISED, "bridge, golden, manpower", null));
  }

  @Test
  void wordsJoinedOrSplitByPunctuationOrInvisibleCharactersStillMatch() {
    // Before, each of these gave no match at all against "Golden Bridge Manpower Company Limited".
    for (String variant :
        List.of(
            "GoldenBridge Manpower Co. Ltd.",
            "Golden.Bridge Manpower Co. Ltd.",
            "Golden\u200BBridge Manpower Co. Ltd.",
            "Golden\u200DBridge Manpower Co. Ltd.",
            "Golden\u00ADBridge Manpower Co. Ltd.",
            "Golden\u202ABridge\u202C Manpower Co. Ltd.",
            "Gol den Bridge Manpower Co. Ltd.",
            "GOLDENBRIDGEMANPOWER CO LTD")) {
      Match m = top(Query.of(variant));
      assertThat(m.entryId()).as(variant).isEqualTo("r1");
      assertThat(m.score()).as(variant).isEqualTo(0.99);
      assertThat(m.status()).as(variant).isEqualTo(Match.Status.MATCH);
      assertThat(m.reasons())
          .as(variant)
          .contains(
              Reason.of(
                  Reason.Feature.LETTERS_EQUAL_SPACING_DIFFERS, "goldenbridgemanpower", null));
    }
    // Letters in another order are not the same name.
    assertThat(index.screen(Query.of("BridgeGolden Manpower Co. Ltd."), 5))
        .noneSatisfy(m -> assertThat(m.score()).isEqualTo(0.99));
  }

  @Test
  void fuzzyMatchExplainsEqualSimilarAndUnmatchedTokensAndStaysBelowEquality() {
    Match m = top(Query.of("Silver Rivr Recruitment"));
    assertThat(m.entryId()).isEqualTo("r2");
    assertThat(m.score()).isLessThan(0.99).isGreaterThanOrEqualTo(0.90);
    assertThat(m.reasons())
        .contains(
            Reason.of(Reason.Feature.NAME, "Silver River Recruitment Pvt. Ltd.", m.score()),
            Reason.of(Reason.Feature.TOKENS_EQUAL, "recruitment, silver", null),
            Reason.of(Reason.Feature.TOKENS_SIMILAR, "rivr~river", null))
        .anySatisfy(r -> assertThat(r.feature()).isEqualTo("jaro-winkler"))
        .anySatisfy(r -> assertThat(r.feature()).isEqualTo("token-set"));
    for (Reason r : m.reasons()) {
      if (r.feature().equals("jaro-winkler") || r.feature().equals("token-set")) {
        assertThat(r.value()).as(r.feature()).isNull();
        assertThat(r.score()).as(r.feature()).isBetween(0.5, 1.0);
      }
    }
  }

  @Test
  void identifierMatchesExactlyWhateverTheFormattingAndScoresOne() {
    Match m = top(new Query("Completely Different Name", null, "np 1134 2071"));
    assertThat(m.entryId()).isEqualTo("r1");
    assertThat(m.score()).isEqualTo(1.0);
    assertThat(m.status()).isEqualTo(Match.Status.MATCH);
    assertThat(m.reasons())
        .first()
        .isEqualTo(Reason.of(Reason.Feature.IDENTIFIER, "NP-1134/2071", 1.0));
    assertThat(index.screen(new Query("Completely Different Name", null, "NP-1134/2072"), 5))
        .isEmpty();
  }

  @Test
  void nativeScriptQueryFindsTheRomanisedNameAndTheNativeAlias() {
    Match m = top(Query.of("合盛硅业有限公司"));
    assertThat(m.entryId()).isEqualTo("e1");
    assertThat(m.score()).isEqualTo(0.99);
    Match latin = top(Query.of("Hoshine Silicon Industry Company Limited"));
    assertThat(latin.entryId()).isEqualTo("e1");
    assertThat(latin.reasons())
        .first()
        .satisfies(
            r -> {
              assertThat(r.feature()).isEqualTo("alias");
              assertThat(r.value()).isEqualTo("Hoshine Silicon Industry Co., Ltd.");
            });
  }

  @Test
  void countryAgreementIsReportedAndDisagreementCosts() {
    Match agrees = top(new Query("Silver River Recruitment", "MM", null));
    Match differs = top(new Query("Silver River Recruitment", "TH", null));
    assertThat(agrees.reasons()).contains(Reason.of(Reason.Feature.COUNTRY_AGREES, "MM", null));
    assertThat(differs.reasons())
        .contains(Reason.of(Reason.Feature.COUNTRY_DIFFERS, "TH≠MM", -0.05));
    assertThat(differs.score()).isCloseTo(agrees.score() - 0.05, within(1e-9));
  }

  @Test
  void shortNamesDoNotOverMatch() {
    assertThat(index.screen(Query.of("ABD"), 5)).isEmpty();
    assertThat(index.screen(Query.of("AB"), 5)).isEmpty();
    // "abc" is a prefix of "abc trading" but not evidence of it.
    assertThat(index.screen(Query.of("A.B.C."), 5)).isEmpty();
  }

  @Test
  void unrelatedNameFindsNothing() {
    assertThat(index.screen(Query.of("Blue Ocean Seafood Sdn Bhd"), 5)).isEmpty();
  }

  @Test
  void thresholdsArePassedIn() {
    Query q = Query.of("Silver Rivr Recruitment");
    ScreeningIndex strict =
        ScreeningIndex.build(LIST, NORMALISER, new Thresholds(0.995, 0.99), TUNING);
    assertThat(index.screen(q, 5)).isNotEmpty();
    assertThat(strict.screen(q, 5)).isEmpty();
  }

  @Test
  void resultsAreSortedByScoreThenNameAndLimited() {
    List<Match> matches = index.screen(Query.of("Golden Bridge Co Ltd"), 10);
    assertThat(matches).extracting(Match::entryId).contains("r1", "e2");
    for (int i = 1; i < matches.size(); i++) {
      Match a = matches.get(i - 1);
      Match b = matches.get(i);
      assertThat(
              a.score() > b.score()
                  || (a.score() == b.score() && a.name().compareTo(b.name()) <= 0))
          .as("%s before %s", a, b)
          .isTrue();
    }
    assertThat(index.screen(Query.of("Golden Bridge Co Ltd"), 1)).hasSize(1);
    assertThat(index.screen(Query.of("Golden Bridge Co Ltd"), 0)).isEmpty();
  }

  @Test
  void concurrentQueriesGetTheSameAnswersAsSequentialOnes() throws Exception {
    List<Query> queries =
        List.of(
            Query.of("Golden Bridge Manpower"),
            Query.of("Silver Rivr Recruitment"),
            Query.of("合盛硅业"),
            new Query("x", null, "NP 1134 2071"));
    List<List<Match>> expected = queries.stream().map(q -> index.screen(q, 5)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    int k = i % queries.size();
                    if (!index.screen(queries.get(k), 5).equals(expected.get(k))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void allPairsPeerAgreesOnAnEasyCase() {
    AllPairsScreener peer = new AllPairsScreener(LIST, NORMALISER, THRESHOLDS);
    List<Match> matches = peer.screen(Query.of("Silver River Recruitment Private Limited"), 5);
    assertThat(matches).first().extracting(Match::entryId).isEqualTo("r2");
    assertThat(matches.get(0).reasons())
        .contains(Reason.of(Reason.Feature.JARO_WINKLER, null, 0.99));
  }
}
