package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.libertas.screening.Reason;
import org.libertas.screening.Reason.Feature;

/** The stored form of reasons round-trips, and rows of the earlier sentence form read as codes. */
class StoredReasonsTest {

  @Test
  void codedReasonsRoundTripThroughTheirJsonText() {
    List<Reason> reasons =
        List.of(
            Reason.of(Feature.IDENTIFIER, "NP-1134/2071", 1.0),
            Reason.of(Feature.TOKEN_SET, null, 0.87),
            Reason.of(Feature.COUNTRY_DIFFERS, "TH≠MM", -0.05));
    JsonArray stored = new JsonArray(StoredReasons.json(reasons).encode());
    assertThat(stored.getJsonObject(1).containsKey("value")).isFalse();
    assertThat(StoredReasons.read(stored)).isEqualTo(reasons);
  }

  @Test
  void sentencesOfEarlierRowsReadAsTheCodesTheySaidInWords() {
    JsonArray old =
        new JsonArray(
            List.of(
                "identifier NP-1134/2071",
                "name \"Silver River Recruitment Pvt. Ltd.\" identical",
                "alias \"Golden Bridge Manpower Company Limited\" matched",
                "tokens {bridge, golden, manpower} equal after removing legal forms, case,"
                    + " punctuation and word order",
                "tokens {recruitment, silver} equal",
                "tokens {rivr~river} similar",
                "tokens {pvt} unmatched",
                "token-set 0.91",
                "jaro-winkler 0.96",
                "country MM agrees",
                "country differs: TH vs MM (-0.05)",
                "country differs: TH vs MM",
                "something else entirely"));
    assertThat(StoredReasons.read(old))
        .containsExactly(
            Reason.of(Feature.IDENTIFIER, "NP-1134/2071", 1.0),
            Reason.of(Feature.NAME_IDENTICAL, "Silver River Recruitment Pvt. Ltd.", 1.0),
            Reason.of(Feature.ALIAS, "Golden Bridge Manpower Company Limited", null),
            Reason.of(Feature.TOKENS_EQUAL_NORMALISED, "bridge, golden, manpower", null),
            Reason.of(Feature.TOKENS_EQUAL, "recruitment, silver", null),
            Reason.of(Feature.TOKENS_SIMILAR, "rivr~river", null),
            Reason.of(Feature.TOKENS_UNMATCHED, "pvt", null),
            Reason.of(Feature.TOKEN_SET, null, 0.91),
            Reason.of(Feature.JARO_WINKLER, null, 0.96),
            Reason.of(Feature.COUNTRY_AGREES, "MM", null),
            Reason.of(Feature.COUNTRY_DIFFERS, "TH≠MM", -0.05),
            Reason.of(Feature.COUNTRY_DIFFERS, "TH≠MM", null),
            Reason.of(Feature.NOTE, "something else entirely", null));
  }
}
