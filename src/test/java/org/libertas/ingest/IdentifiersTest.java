package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.OntologyLoader;

/**
 * The LEI (ISO 17442), D-U-N-S and Open Supply Hub OS ID checks, and their columns mapped by {@link
 * RowMapper} for both file kinds that carry them.
 */
class IdentifiersTest {
  static ReferenceCodes codes;

  @BeforeAll
  static void load() {
    codes = ReferenceCodes.of(OntologyLoader.load(Path.of("ontology"), 1));
  }

  @Test
  void realLeisPassTheirCheckDigits() {
    // GLEIF's own LEI, and LEIs quoted in GLEIF API client documentation (pygleif, lookups).
    for (String lei :
        List.of(
            "506700GE1G29325QX363",
            "549300MLUDYVRQOOXS22",
            "213800T8PC8Q4FYJZR07",
            "HWUPKR0MPOU8FGXBT394",
            "529900T8BM49AURSDO55")) {
      assertThat(Identifiers.lei(lei)).as(lei).contains(lei);
    }
    assertThat(Identifiers.lei(" hwupkr0mpou8fgxbt394 ")).contains("HWUPKR0MPOU8FGXBT394");
  }

  @Test
  void aWrongCheckDigitOrShapeIsNotAnLei() {
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXBT395")).isEmpty(); // last digit changed
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXBT3A4")).isEmpty(); // letter among check digits
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXBT39")).isEmpty(); // 19 characters
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXBT3940")).isEmpty(); // 21 characters
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXB-394")).isEmpty();
    // Two characters swapped keep the length and the alphabet but not the remainder.
    assertThat(Identifiers.lei("HWUPKR0MPOU8FGXTB394")).isEmpty();
  }

  @Test
  void dunsNumbersAreNineDigitsWithOrWithoutDashes() {
    assertThat(Identifiers.duns("150483782")).contains("150483782");
    assertThat(Identifiers.duns("15-048-3782")).contains("150483782");
    assertThat(Identifiers.duns("15048378")).isEmpty();
    assertThat(Identifiers.duns("1504837821")).isEmpty();
    assertThat(Identifiers.duns("15048378A")).isEmpty();
  }

  @Test
  void osIdsFollowOpenSupplyHubsFormatAndCheckCharacter() {
    assertThat(Identifiers.osId("CN2019303BQ3FZP")).contains("CN2019303BQ3FZP");
    assertThat(Identifiers.osId("cn-2019303-bq3fz-p")).contains("CN2019303BQ3FZP");
    assertThat(Identifiers.osId("CN2019303BQ3FZQ")).isEmpty(); // check character
    assertThat(Identifiers.osId("CN2019303BQ3FZ")).isEmpty(); // too short
    assertThat(Identifiers.osId("C12019303BQ3FZP")).isEmpty(); // country not two letters
    assertThat(Identifiers.osId("CN2019303BQ3FIP")).isEmpty(); // I is not a Crockford symbol
  }

  @Test
  void suppliersKeepTheirIdentifiersInTheFormSearchesUse() {
    ParsedUpload p =
        map(
            CsvKind.SUPPLIERS,
            "supplier_id,name,country,OS ID,LEI,D-U-N-S number\n"
                + "A-1,Apple Inc,US,cn-2019303-bq3fz-p,hwupkr0mpou8fgxbt394,15-048-3782\n");
    assertThat(objects(p, Lbt.osId)).containsExactly("CN2019303BQ3FZP");
    assertThat(objects(p, Lbt.leiId)).containsExactly("HWUPKR0MPOU8FGXBT394");
    assertThat(objects(p, Lbt.dunsId)).containsExactly("150483782");
  }

  @Test
  void aBadIdentifierIsAnErrorOnItsCell() {
    assertThatThrownBy(
            () ->
                map(
                    CsvKind.SUPPLIERS,
                    "supplier_id,name,country,os_id,lei_id,duns_id\n"
                        + "A-1,Apple Inc,US,CN2019303BQ3FZQ,HWUPKR0MPOU8FGXBT395,15-048-378\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::line, FieldError::column, FieldError::code)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "os_id", "bad-os-id"),
                        org.assertj.core.groups.Tuple.tuple(2L, "lei_id", "bad-lei"),
                        org.assertj.core.groups.Tuple.tuple(2L, "duns_id", "bad-duns")));
  }

  @Test
  void anOpenSupplyHubListKeepsThemTooAndItsOsIdIsTheSupplierId() {
    ParsedUpload p =
        map(
            CsvKind.OPENSUPPLYHUB,
            "os_id,name,address,country,lei_id,duns_id\n"
                + "CN-2019303-BQ3FZ-P,Fac,Addr,CN,549300MLUDYVRQOOXS22,150483782\n");
    assertThat(p.supplierIds()).containsExactly("CN2019303BQ3FZP");
    assertThat(objects(p, Lbt.osId)).containsExactly("CN2019303BQ3FZP");
    assertThat(objects(p, Lbt.leiId)).containsExactly("549300MLUDYVRQOOXS22");
    assertThat(objects(p, Lbt.dunsId)).containsExactly("150483782");
    assertThatThrownBy(
            () -> map(CsvKind.OPENSUPPLYHUB, "os_id,name,address,country\nOS1,Fac,Addr,CN\n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).code()).isEqualTo("bad-os-id"));
  }

  private static ParsedUpload map(CsvKind kind, String csv) {
    CsvTable table =
        CsvTable.read(
            csv.getBytes(StandardCharsets.UTF_8), null, new CsvLimits(1 << 20, 100, 4_000, 5, 50));
    return new RowMapper(kind, table, codes, "t", id -> false, 50).map();
  }

  private static List<String> objects(ParsedUpload p, org.apache.jena.rdf.model.Property prop) {
    return p.triples().stream()
        .filter(t -> t.getPredicate().equals(prop.asNode()))
        .map(Triple::getObject)
        .map(o -> o.getLiteralLexicalForm())
        .toList();
  }
}
