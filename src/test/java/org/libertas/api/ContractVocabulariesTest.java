package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.ingest.CsvKind;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.ontology.ScoringParameters;

/**
 * The contract is a static file, while bands, languages and upload kinds are defined elsewhere
 * (scoring.ttl, the ontology's labels, the ingest kinds). Every enum of the contract that lists one
 * of those vocabularies must list it exactly, in its order, or a valid filter would be refused (or
 * an invalid one let through) by the contract.
 */
class ContractVocabulariesTest {
  static JsonNode doc;
  static Ontology ontology;

  @BeforeAll
  static void load() throws Exception {
    doc = new ObjectMapper(new YAMLFactory()).readTree(Contract.load().text());
    ontology = OntologyLoader.load(Path.of("ontology"), 1);
  }

  @Test
  void everyBandEnumListsTheBandsOfScoringTtlInOrder() {
    List<String> bands =
        ontology.scoring().bands().stream().map(ScoringParameters.Band::code).toList();
    assertThat(bands).hasSizeGreaterThan(1);
    List<List<String>> enums = enums("band");
    // the listSuppliers filter and the supplier item's band
    assertThat(enums).hasSizeGreaterThanOrEqualTo(2);
    assertThat(enums).allSatisfy(e -> assertThat(e).isEqualTo(bands));
  }

  @Test
  void everyLangEnumListsTheLanguagesTheOntologyLabelsIn() {
    List<List<String>> enums = enums("lang");
    assertThat(enums).hasSizeGreaterThanOrEqualTo(5);
    assertThat(enums).allSatisfy(e -> assertThat(e).isEqualTo(Ontology.LANGUAGES));
  }

  @Test
  void everyKindEnumListsTheUploadKinds() {
    // parameters only: a screening match's "kind" property is another vocabulary
    List<List<String>> enums = parameterEnums("kind");
    assertThat(enums).hasSizeGreaterThanOrEqualTo(3);
    // The upload and the history also take "workbook" (one sheet per kind); a template is of a
    // kind of file.
    List<String> withWorkbook = new ArrayList<>(CsvKind.codes());
    withWorkbook.add(org.libertas.ingest.WorkbookUpload.KIND);
    assertThat(enums).allSatisfy(e -> assertThat(e).isIn(CsvKind.codes(), withWorkbook));
    assertThat(enums).filteredOn(withWorkbook::equals).hasSize(2);
    assertThat(enums).contains(CsvKind.codes());
  }

  /** The enums of every parameter and every schema property called {@code name}. */
  private static List<List<String>> enums(String name) {
    List<List<String>> found = new ArrayList<>();
    walk(doc, name, true, found);
    return found;
  }

  private static List<List<String>> parameterEnums(String name) {
    List<List<String>> found = new ArrayList<>();
    walk(doc, name, false, found);
    return found;
  }

  private static void walk(
      JsonNode node, String name, boolean properties, List<List<String>> found) {
    if (node.isObject()) {
      if (name.equals(node.path("name").asText(null)) && node.has("in")) {
        add(node.path("schema"), found);
      }
      JsonNode props = node.path("properties");
      if (properties && props.isObject() && props.has(name)) {
        add(props.get(name), found);
      }
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        walk(e.getValue(), name, properties, found);
      }
    } else if (node.isArray()) {
      node.forEach(n -> walk(n, name, properties, found));
    }
  }

  private static void add(JsonNode schema, List<List<String>> found) {
    JsonNode e = schema.path("enum");
    if (e.isArray()) {
      List<String> values = new ArrayList<>();
      e.forEach(v -> values.add(v.asText()));
      found.add(values);
    }
  }
}
