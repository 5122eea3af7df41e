package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.OntologyLoader;

/** Header folding and the aliases of ontology/uploads/columns.ttl (DESIGN §7). */
class UploadColumnsTest {
  static Model model;
  static ReferenceCodes codes;
  static Columns columns;

  @BeforeAll
  static void load() {
    var o = OntologyLoader.load(Path.of("ontology"), 1);
    model = o.model();
    codes = ReferenceCodes.of(o);
    columns = codes.columns();
  }

  @Test
  void foldingIgnoresCaseAccentsSpacesHyphensAndDots() {
    for (String h :
        List.of("Supplier ID", "supplier-id", "SUPPLIER_ID", " Supplier.Id ", "supplier  id")) {
      assertThat(Columns.fold(h)).as(h).isEqualTo("supplier_id");
    }
    assertThat(Columns.fold("País")).isEqualTo("pais");
    assertThat(Columns.fold("Observé le")).isEqualTo("observe_le");
  }

  @Test
  void headersResolveThroughFoldingAndAliasesInEnglishFrenchAndSpanish() {
    Columns.Resolved en =
        columns.resolve(
            CsvKind.SUPPLIERS, List.of("Supplier ID", "Supplier Name", "Country"), Map.of());
    Columns.Resolved fr =
        columns.resolve(
            CsvKind.SUPPLIERS, List.of("Fournisseur", "Raison sociale", "Pays"), Map.of());
    Columns.Resolved es =
        columns.resolve(CsvKind.SUPPLIERS, List.of("Proveedor", "Nombre", "País"), Map.of());
    for (Columns.Resolved r : List.of(en, fr, es)) {
      assertThat(r.columns()).containsExactly("supplier_id", "name", "country");
      assertThat(r.errors()).isEmpty();
      assertThat(r.ignored()).isEmpty();
    }
    assertThat(fr.label("country")).isEqualTo("Pays");
  }

  @Test
  void aMappingWinsOverAliasesAndAnUnknownHeaderIsIgnored() {
    Columns.Resolved r =
        columns.resolve(
            CsvKind.SUPPLIERS,
            List.of("Vendor", "Vendor No", "Name", "Land", "Rating"),
            Map.of("vendor no", "supplier_id", "LAND", "country"));
    assertThat(r.columns()).containsExactly("vendor", "supplier_id", "name", "country", "rating");
    assertThat(r.ignored()).containsExactly("Vendor", "Rating");
  }

  @Test
  void twoCellsNamingOneColumnAreAnError() {
    Columns.Resolved r =
        columns.resolve(
            CsvKind.SUPPLIERS, List.of("supplier_id", "Name", "Nom", "country"), Map.of());
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).code()).isEqualTo("duplicate-column");
    assertThat(r.errors().get(0).message()).contains("Name").contains("Nom");
  }

  @Test
  void noAliasNamesTwoColumnsOfOneKind() {
    List<String> clashes = new ArrayList<>();
    model
        .listSubjectsWithProperty(RDF.type, model.createResource(Lbt.NS + "UploadColumn"))
        .forEachRemaining(
            c -> {
              for (var p : List.of(SKOS.prefLabel, SKOS.altLabel)) {
                c.listProperties(p)
                    .forEachRemaining(
                        st -> {
                          String alias = st.getString();
                          Set<String> named = columns.named(alias);
                          for (CsvKind k : CsvKind.values()) {
                            long known = named.stream().filter(k::knows).count();
                            if (known > 1) {
                              clashes.add(k.code() + ": " + alias + " → " + named);
                            }
                          }
                        });
              }
            });
    assertThat(clashes).isEmpty();
    assertThat(columns.named("Pays")).contains("country");
  }

  @Test
  void theKindIsTheOneTheHeaderFits() {
    assertThat(columns.kindsFitting(List.of("Supplier ID", "Indicator", "Observed on")))
        .containsExactly(CsvKind.FINDINGS);
    assertThat(columns.kindsFitting(List.of("buyer_id", "supplier_id")))
        .containsExactly(CsvKind.RELATIONSHIPS);
    assertThat(columns.kindsFitting(List.of("supplier_id", "name", "country", "address")))
        .containsExactly(CsvKind.SUPPLIERS);
    assertThat(columns.kindsFitting(List.of("name", "address", "country", "os_id")))
        .containsExactly(CsvKind.OPENSUPPLYHUB);
    assertThat(
            columns.kindsFitting(
                List.of("supplier_id", "name", "address", "country", "os_id", "lat")))
        .containsExactly(CsvKind.SUPPLIERS, CsvKind.OPENSUPPLYHUB);
    assertThat(columns.kindsFitting(List.of("foo", "bar"))).isEmpty();
  }

  @Test
  void anUnknownSectorGetsTheNearestKnownOnes() {
    assertThat(codes.nearestSectors("minning")).contains("mining");
    assertThat(codes.nearestSectors("textile")).contains("textiles-garments");
    assertThat(codes.nearestSectors("zzzzzzzz")).isEmpty();
  }
}
