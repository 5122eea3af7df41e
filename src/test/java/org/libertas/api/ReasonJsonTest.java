package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.screening.Reason;

/** Screening reasons are labelled from the bundled ontology, in every language it promises. */
class ReasonJsonTest {

  private static Ontology ontology;

  @BeforeAll
  static void load() {
    ontology = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
  }

  @Test
  void everyFeatureTheMatcherEmitsHasALabelInEveryLanguage() {
    for (Reason.Feature f : Reason.Feature.values()) {
      for (String lang : Ontology.LANGUAGES) {
        assertThat(ontology.labels().get(ReasonJson.iri(f.code())))
            .as("labels of %s (ontology/screening/match-features.ttl)", f.code())
            .isNotNull()
            .containsKey(lang);
        assertThat(ontology.labels().get(ReasonJson.iri(f.code())).get(lang))
            .as("%s@%s", f.code(), lang)
            .isNotBlank()
            .isNotEqualTo(f.code());
      }
    }
  }

  @Test
  void aReasonIsRenderedWithTheLabelOfTheLanguageAskedFor() {
    Reason r = Reason.of(Reason.Feature.TOKENS_SIMILAR, "rivr~river", null);
    JsonObject en = ReasonJson.json(r, ontology, "en");
    JsonObject fr = ReasonJson.json(r, ontology, "fr");
    JsonObject es = ReasonJson.json(r, ontology, "es");
    assertThat(en.getString("feature")).isEqualTo("tokens-similar");
    assertThat(en.getString("value")).isEqualTo("rivr~river");
    assertThat(en.containsKey("score")).isTrue();
    assertThat(en.getValue("score")).isNull();
    assertThat(en.getString("label")).isEqualTo("Similar words");
    assertThat(fr.getString("label")).isEqualTo("Mots proches");
    assertThat(es.getString("label")).isEqualTo("Palabras parecidas");
    assertThat(ReasonJson.text(fr)).isEqualTo("Mots proches: rivr~river");
  }

  @Test
  void aCodeTheOntologyDoesNotLabelIsShownAsItsCode() {
    JsonObject j = ReasonJson.json(new Reason("from-a-newer-version", "x", 0.5), ontology, "fr");
    assertThat(j.getString("label")).isEqualTo("from-a-newer-version");
    assertThat(ReasonJson.text(j)).isEqualTo("from-a-newer-version: x (0.5)");
  }
}
