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
import org.libertas.rescoring.RegressionCases;

/**
 * The bundled ontology passes its own checks; every class of bad draft is refused with a report.
 */
class DraftValidatorTest {
  static Ontology bundled;
  static DraftValidator validator;
  static String bundledTurtle;

  @BeforeAll
  static void load() {
    Path dir = Path.of("ontology");
    bundled = OntologyLoader.load(dir, 1);
    List<RegressionCases.Case> cases = RegressionCases.load(dir.resolve("tests"));
    Model shapes = RDFDataMgr.loadModel(dir.resolve("shapes/ontology-shapes.ttl").toString());
    validator = new DraftValidator(shapes, o -> RegressionCases.run(cases, o), 5_000_000);
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
}
