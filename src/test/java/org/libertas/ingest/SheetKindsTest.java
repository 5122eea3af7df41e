package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.errors.ValidationException;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.OntologyLoader;

/** Sheet names → kinds through ontology/uploads/kinds.ttl, and the order a workbook loads in. */
class SheetKindsTest {
  static Model model;
  static SheetKinds kinds;

  @BeforeAll
  static void load() throws Exception {
    model = OntologyLoader.load(Path.of("ontology"), 1).model();
    kinds = new SheetKinds(model);
  }

  @Test
  void sheetNamesInEnglishFrenchAndSpanishNameKindsAfterFolding() {
    Map<String, CsvKind> cases =
        Map.ofEntries(
            Map.entry("Fournisseurs", CsvKind.SUPPLIERS),
            Map.entry("SUPPLIERS", CsvKind.SUPPLIERS),
            Map.entry(" proveedores ", CsvKind.SUPPLIERS),
            Map.entry("Relations", CsvKind.RELATIONSHIPS),
            Map.entry("Relaciones", CsvKind.RELATIONSHIPS),
            Map.entry("relationships", CsvKind.RELATIONSHIPS),
            Map.entry("Recruteurs", CsvKind.RECRUITERS),
            Map.entry("Agences de recrutement", CsvKind.RECRUITERS),
            Map.entry("Reclutadores", CsvKind.RECRUITERS),
            Map.entry("Constats", CsvKind.FINDINGS),
            Map.entry("Hallazgos", CsvKind.FINDINGS),
            Map.entry("Non-Conformities", CsvKind.FINDINGS),
            Map.entry("non_conformités", CsvKind.FINDINGS),
            Map.entry("Open Supply Hub", CsvKind.OPENSUPPLYHUB));
    cases.forEach((name, kind) -> assertThat(kinds.kindOf(name)).as(name).contains(kind));
    assertThat(kinds.kindOf("Cover")).isEmpty();
    assertThat(kinds.kindOf("Sheet1")).isEmpty();
  }

  @Test
  void everyKindIsInTheDataWithLabelsInThreeLanguagesAndNoNameNamesTwoKinds() {
    Map<String, String> seen = new HashMap<>();
    model
        .listSubjectsWithProperty(RDF.type, model.createResource(Lbt.NS + "UploadKind"))
        .forEachRemaining(
            k -> {
              String code = k.getProperty(SKOS.notation).getString();
              assertThat(CsvKind.fromCode(code)).as(code).isPresent();
              for (String lang : List.of("en", "fr", "es")) {
                assertThat(k.listProperties(SKOS.prefLabel).toList())
                    .as(code + " " + lang)
                    .anyMatch(st -> st.getLanguage().equals(lang));
              }
              for (var p : List.of(SKOS.prefLabel, SKOS.altLabel)) {
                k.listProperties(p)
                    .forEachRemaining(
                        st -> {
                          String f = Columns.fold(st.getString());
                          String earlier = seen.putIfAbsent(f, code);
                          assertThat(earlier == null || earlier.equals(code))
                              .as("'" + f + "' names " + earlier + " and " + code)
                              .isTrue();
                        });
              }
            });
    assertThat(seen.values()).containsAll(CsvKind.codes());
  }

  @Test
  void aPlanLoadsSuppliersFirstAndIgnoresOtherSheets() {
    SheetKinds.Plan plan =
        kinds.plan(
            List.of("Cover", "Constats", "Relations", "Recruteurs", "Fournisseurs", "Notes"));
    assertThat(plan.sheets())
        .extracting(SheetKinds.Sheet::kind)
        .containsExactly(
            CsvKind.SUPPLIERS, CsvKind.RELATIONSHIPS, CsvKind.RECRUITERS, CsvKind.FINDINGS);
    assertThat(plan.sheets())
        .extracting(SheetKinds.Sheet::name)
        .containsExactly("Fournisseurs", "Relations", "Recruteurs", "Constats");
    assertThat(plan.ignored()).containsExactly("Cover", "Notes");
    assertThat(plan.warnings())
        .extracting(e -> e.sheet() + ":" + e.code())
        .containsExactly("Cover:unknown-sheet", "Notes:unknown-sheet");
    assertThat(kinds.plan(List.of("Sheet1", "Sheet2")).sheets()).isEmpty();
  }

  @Test
  void twoSheetsOfOneKindAreRefusedNamingBoth() {
    assertThatThrownBy(() -> kinds.plan(List.of("Suppliers", "Fournisseurs")))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              var errors = ((ValidationException) e).errors();
              assertThat(errors)
                  .singleElement()
                  .satisfies(
                      x -> {
                        assertThat(x.code()).isEqualTo("duplicate-sheet-kind");
                        assertThat(x.sheet()).isEqualTo("Fournisseurs");
                        assertThat(x.message()).contains("Suppliers").contains("Fournisseurs");
                      });
            });
  }
}
