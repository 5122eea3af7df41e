package org.libertas.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.rescoring.ProofGraph;
import org.libertas.rescoring.RegressionCases;

/**
 * The bundled ontology passes its own checks; every class of bad draft is refused with a report.
 */
class DraftValidatorTest {
  static Ontology bundled;
  static DraftValidator validator;
  static String bundledTurtle;
  static ProofGraph proof;

  /** 600 suppliers, as the tenant the finding timed out on; 2 s each, far above a sane rule's. */
  static final int PROOF_SUPPLIERS = 600;

  static final long BUDGET_MS = 2_000;

  @BeforeAll
  static void load() {
    Path dir = Path.of("ontology");
    bundled = OntologyLoader.load(dir, 1);
    List<RegressionCases.Case> cases = RegressionCases.load(dir.resolve("tests"));
    Model shapes = RDFDataMgr.loadModel(dir.resolve("shapes/ontology-shapes.ttl").toString());
    proof = new ProofGraph(() -> bundled, PROOF_SUPPLIERS, BUDGET_MS);
    validator = new DraftValidator(shapes, o -> RegressionCases.run(cases, o), 5_000_000, proof);
    StringWriter w = new StringWriter();
    RDFDataMgr.write(w, bundled.model(), RDFFormat.TURTLE_BLOCKS);
    bundledTurtle = w.toString();
  }

  private static DraftReport turtle(String text) {
    return validator
        .validate(
            DraftValidator.Format.TURTLE, text.getBytes(StandardCharsets.UTF_8), bundled.model(), 2)
        .report();
  }

  private static DraftReport patch(String update) {
    return validator
        .validate(
            DraftValidator.Format.SPARQL_UPDATE,
            update.getBytes(StandardCharsets.UTF_8),
            bundled.model(),
            2)
        .report();
  }

  private static List<String> stages(DraftReport r) {
    return r.issues().stream().map(DraftReport.Issue::stage).distinct().toList();
  }

  @Test
  void theBundledOntologyPassesItsMetaShapesRulesAndRegressionCases() {
    DraftReport r = turtle(bundledTurtle);
    assertThat(r.issues()).isEmpty();
    assertThat(r.valid()).isTrue();
    assertThat(bundled.rules()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(bundled.rules().stream().map(Rule::family).distinct().count()).isEqualTo(8);
  }

  @Test
  void aSyntaxErrorIsReportedWithLineAndColumn() {
    DraftReport r =
        turtle("@prefix lbt: <https://w3id.org/libertas/ns#> .\nlbt:a lbt:b \"unclosed .\n");
    assertThat(r.valid()).isFalse();
    DraftReport.Issue i = r.issues().get(0);
    assertThat(i.stage()).isEqualTo("parse");
    assertThat(i.line()).isNotNull().isPositive();
    assertThat(i.column()).isNotNull();
  }

  @Test
  void aPercentEscapeCutShortAtTheEndIsAParseIssueNotACrash() {
    // Found by Jazzer: Jena's tokenizer formats the end of input as a character and throws
    // IllegalFormatCodePointException instead of a RiotException.
    DraftReport r = turtle("@prefix lbt: <https://w3id.org/libertas/ns#> .\nlbt:a lbt:b lbt:c%");
    assertThat(r.valid()).isFalse();
    assertThat(r.issues().get(0).stage()).isEqualTo("parse");
  }

  @Test
  void aShaclViolationNamesTheFocusNodeAndPath() {
    DraftReport r =
        patch(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                + "DELETE { <https://w3id.org/libertas/indicator/debt-bondage> skos:prefLabel ?l }"
                + " WHERE { <https://w3id.org/libertas/indicator/debt-bondage> skos:prefLabel ?l . FILTER(lang(?l) = 'fr') }");
    assertThat(r.valid()).isFalse();
    assertThat(stages(r)).containsExactly("shacl");
    assertThat(r.issues().get(0).focusNode()).contains("debt-bondage");
    assertThat(r.issues().get(0).path()).contains("prefLabel");
  }

  @Test
  void aDecisionTableThatLeavesACombinationUncoveredOrCoversOneTwiceIsRefused() {
    String lbt = "PREFIX lbt: <https://w3id.org/libertas/ns#>\n";
    DraftReport gap =
        patch(lbt + "DELETE DATA { lbt:recommendationTable lbt:row lbt:RowMediumContext }");
    assertThat(gap.valid()).isFalse();
    assertThat(gap.issues())
        .anySatisfy(
            i ->
                assertThat(i.message())
                    .contains("legal bar false, open evidence none, context medium")
                    .contains("no row"));
    DraftReport twice =
        patch(lbt + "INSERT DATA { lbt:RowLowContext lbt:whenContext lbt:BandMedium }");
    assertThat(twice.valid()).isFalse();
    assertThat(twice.issues())
        .anySatisfy(i -> assertThat(i.message()).contains("rows low-context and medium-context"));
  }

  @Test
  void aCrosswalkRowNamingAnUndefinedCodeOrTermIsRefused() {
    String prefixes =
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            + "PREFIX hs: <https://w3id.org/libertas/hs2022/>\n"
            + "PREFIX commodity: <https://w3id.org/libertas/commodity/>\n";
    // 7108.21 is no HS 2022 subheading (a typo for 7108.12)
    DraftReport typo = patch(prefixes + "INSERT DATA { hs:710821 skos:broadMatch commodity:gold }");
    assertThat(typo.valid()).isFalse();
    assertThat(stages(typo)).containsExactly("shacl");
    assertThat(typo.issues().get(0).focusNode()).contains("710821");
    // gold-ore is no commodity of the ontology
    DraftReport term =
        patch(prefixes + "INSERT DATA { hs:261690 skos:closeMatch commodity:gold-ore }");
    assertThat(term.valid()).isFalse();
    assertThat(stages(term)).containsExactly("shacl");
    // a row between defined terms is accepted
    DraftReport ok = patch(prefixes + "INSERT DATA { hs:7115 skos:relatedMatch commodity:gold }");
    assertThat(ok.issues()).isEmpty();
  }

  @Test
  void aRuleThatDoesNotParseIsRefused() {
    DraftReport r =
        patch(
            "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
                + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"CONSTRUCT { ?s ?p } WHERE {\" } WHERE { ?r a lbt:Rule ; <http://purl.org/dc/terms/identifier> \"sector-high-risk\" ; lbt:queryText ?q }");
    assertThat(stages(r)).containsExactly("rules");
    assertThat(r.issues().get(0).message()).contains("sector-high-risk").contains("does not parse");
  }

  @Test
  void aRuleReachingOutWithServiceOrAFunctionIsRefused() {
    String service =
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
    String function =
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(<http://jena.apache.org/ARQ/jsFunction#f>(?o)) }";
    for (String q : List.of(service, function)) {
      DraftReport r =
          patch(
              "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
                  + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"\"\""
                  + q
                  + "\"\"\" } WHERE { ?r a lbt:Rule ; <http://purl.org/dc/terms/identifier> \"sector-high-risk\" ; lbt:queryText ?q }");
      assertThat(stages(r)).as(q).containsExactly("rules");
      assertThat(r.issues().get(0).message()).containsAnyOf("SERVICE", "function");
    }
  }

  @Test
  void aDraftBreakingARegressionCaseIsRefusedNamingTheCase() {
    // Blacklisted recruiters stop being hard stops: the blacklisted-recruiter case must catch it.
    DraftReport r =
        patch(
            "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
                + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"CONSTRUCT { ?s ?p ?o } WHERE { FILTER(false) }\" }"
                + " WHERE { ?r a lbt:Rule ; <http://purl.org/dc/terms/identifier> \"recruiter-blacklisted\" ; lbt:queryText ?q }");
    assertThat(stages(r)).containsExactly("regression");
    assertThat(r.issues())
        .anySatisfy(i -> assertThat(i.testCase()).isEqualTo("blacklisted-recruiter"));
  }

  @Test
  void patchesMayNotLoadClearOrCallServices() {
    assertThat(stages(patch("LOAD <http://127.0.0.1:9/evil.ttl>"))).containsExactly("safety");
    assertThat(stages(patch("CLEAR ALL"))).containsExactly("safety");
    assertThat(
            stages(
                patch("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")))
        .containsExactly("safety");
    assertThat(stages(patch("INSERT { ?s ?p ?o } USING <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }")))
        .containsExactly("safety");
  }

  @Test
  void oversizeAndDeeplyNestedDraftsAreRefused() {
    DraftReport big =
        validator
            .validate(DraftValidator.Format.TURTLE, new byte[5_000_001], bundled.model(), 2)
            .report();
    assertThat(big.valid()).isFalse();
    assertThat(big.issues().get(0).message()).contains("limit");
    String deep =
        "@prefix lbt: <https://w3id.org/libertas/ns#> .\nlbt:a lbt:b "
            + "[ lbt:c ".repeat(20_000)
            + "1"
            + " ]".repeat(20_000)
            + " .";
    DraftReport r = turtle(deep);
    assertThat(r.valid()).isFalse();
  }

  @Test
  void aGoodPatchIsValid() {
    DraftReport r =
        patch(
            "PREFIX lbt: <https://w3id.org/libertas/ns#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                + "INSERT DATA { <https://w3id.org/libertas/indicator/debt-bondage> skos:altLabel \"deuda de contratación\"@es }");
    assertThat(r.issues()).isEmpty();
    assertThat(r.valid()).isTrue();
  }

  /** The rule's query text as a patch replacing it: the way an editor changes one rule. */
  static String replaceRule(String id, String query) {
    return "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
        + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"\"\""
        + query
        + "\"\"\" } WHERE { ?r a lbt:Rule ; <http://purl.org/dc/terms/identifier> \""
        + id
        + "\" ; lbt:queryText ?q }";
  }

  /**
   * Finding 9: workforce-migrant-share, "unless two other suppliers' shares add up to more than 2"
   * — never true (a share is at most 1), so for each supplier the FILTER NOT EXISTS walks every
   * triple of suppliers. Real vocabulary, same signals on the regression cases (milliseconds
   * there); cubic in the suppliers.
   */
  static final String EXPLODING =
      "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
          + "CONSTRUCT { _:s a lbt:RiskSignal ; lbt:supplier ?supplier ; lbt:strength ?strength ;"
          + " lbt:evidence ?supplier . }\n"
          + "WHERE { { SELECT DISTINCT ?supplier ?strength WHERE {\n"
          + "  ?supplier a lbt:Supplier ; lbt:migrantWorkerShare ?share .\n"
          + "  lbt:defaultScoring lbt:migrantShareThreshold ?threshold ;"
          + " lbt:migrantShareStrength ?strength .\n"
          + "  FILTER (?share > ?threshold)\n"
          + "  FILTER NOT EXISTS {\n"
          + "    ?a a lbt:Supplier ; lbt:migrantWorkerShare ?sa .\n"
          + "    ?b a lbt:Supplier ; lbt:migrantWorkerShare ?sb .\n"
          + "    ?c a lbt:Supplier ; lbt:name ?nc .\n"
          + "    FILTER (?sa + ?sb > 2 && ?a != ?supplier && ?c != ?supplier)\n"
          + "  }\n"
          + "} } }";

  /** The same rule, harmlessly rewritten: the threshold compared the other way round. */
  static final String HARMLESS =
      "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
          + "CONSTRUCT { _:s a lbt:RiskSignal ; lbt:supplier ?supplier ; lbt:strength ?strength ;"
          + " lbt:evidence ?supplier . }\n"
          + "WHERE { { SELECT DISTINCT ?supplier ?strength WHERE {\n"
          + "  ?supplier a lbt:Supplier ; lbt:migrantWorkerShare ?share .\n"
          + "  lbt:defaultScoring lbt:migrantShareThreshold ?threshold ;"
          + " lbt:migrantShareStrength ?strength .\n"
          + "  FILTER (?threshold < ?share)\n"
          + "} } }";

  @Test
  void aRuleThatExplodesOnARealisticGraphIsRefusedNamingItsTimeAndBudget() {
    DraftReport r = patch(replaceRule("workforce-migrant-share", EXPLODING));
    assertThat(r.valid()).isFalse();
    // Every other check passes, as the attacker's did: only the size proof refuses it.
    assertThat(stages(r)).containsExactly("size");
    DraftReport.Issue i = r.issues().get(0);
    assertThat(i.code()).isEqualTo("rule-too-slow");
    assertThat(i.rule()).isEqualTo("https://w3id.org/libertas/rule/workforce-migrant-share");
    assertThat(i.budgetMs()).isEqualTo(BUDGET_MS);
    assertThat(i.elapsedMs()).isGreaterThanOrEqualTo(BUDGET_MS);
    assertThat(i.message()).contains("workforce-migrant-share").contains("2000 ms");
    // Only the changed rule ran, and its time is reported.
    assertThat(r.ruleTimes())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo("workforce-migrant-share");
              assertThat(t.withinBudget()).isFalse();
              assertThat(t.suppliers()).isEqualTo(PROOF_SUPPLIERS);
            });
  }

  @Test
  void aHarmlesslyChangedRuleIsValidWithItsTimeReported() {
    DraftReport r = patch(replaceRule("workforce-migrant-share", HARMLESS));
    assertThat(r.issues()).isEmpty();
    assertThat(r.valid()).isTrue();
    assertThat(r.ruleTimes())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.rule())
                  .isEqualTo("https://w3id.org/libertas/rule/workforce-migrant-share");
              assertThat(t.withinBudget()).isTrue();
              assertThat(t.elapsedMs()).isBetween(0L, BUDGET_MS);
              assertThat(t.budgetMs()).isEqualTo(BUDGET_MS);
            });
  }

  @Test
  void theProofGraphIsBuiltOnceAndHoldsTheGeneratedSuppliers() {
    patch(replaceRule("workforce-migrant-share", HARMLESS));
    patch(replaceRule("workforce-migrant-share", HARMLESS + " "));
    DraftReport again =
        patch(
            replaceRule(
                "workforce-migrant-share",
                HARMLESS.replace("?threshold < ?share", "?share > ?threshold && true")));
    assertThat(again.ruleTimes()).hasSize(1);
    assertThat(proof.builds()).isEqualTo(1);
    assertThat(
            proof
                .graph()
                .listSubjectsWithProperty(org.apache.jena.vocabulary.RDF.type, Lbt.Supplier)
                .toList())
        .hasSize(PROOF_SUPPLIERS);
  }

  @Test
  void unchangedRulesAreNotRun() {
    // A label and a reformatted (same) query: nothing to prove.
    DraftReport r =
        patch(
            replaceRule(
                "sector-high-risk",
                bundled.rule("sector-high-risk").query().serialize().replace("\n", "\n  ")));
    assertThat(r.issues()).isEmpty();
    assertThat(r.ruleTimes()).isEmpty();
    assertThat(turtle(bundledTurtle).ruleTimes()).isEmpty();
  }
}
