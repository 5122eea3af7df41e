package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.ModelFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.graph.JenaGraphStore;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.CsvTable;
import org.libertas.ingest.ParsedUpload;
import org.libertas.ingest.ReferenceCodes;
import org.libertas.ingest.RowMapper;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;

/**
 * A suppliers file that names sectors by ISIC Rev.4 or NACE Rev.2 code and products by HS code,
 * mapped as an upload maps it and scored: the codes give the same triples as the slugs, and the
 * high-risk sector and ILAB rules fire on them as they do on slugs.
 */
class ClassifiedCodesScoringTest {
  static final String CSV =
      """
      supplier_id,name,country,sector,commodities
      S-ISIC,Andes Uranium SAC,PE,0721,
      S-NACE,Minera del Sur SA,PE,B07.29,7108.12;2804.61
      S-SLUG,Minera Slug SA,PE,mining,gold;polysilicon
      S-HS,Xinjiang Silicon Co,CN,C20.13,2804.61
      S-NONE,Computer Assembly Ltd,GB,,8471.30
      """;
  static Ontology ontology;
  static ParsedUpload parsed;
  static JenaGraphStore scratch;

  @BeforeAll
  static void map() {
    ontology = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    CsvTable table =
        CsvTable.read(
            CSV.getBytes(StandardCharsets.UTF_8), null, new CsvLimits(1 << 20, 100, 4_000, 5, 50));
    parsed =
        new RowMapper(CsvKind.SUPPLIERS, table, ReferenceCodes.of(ontology), "t", id -> false, 50)
            .map();
    scratch = JenaGraphStore.inMemory(60_000);
  }

  @AfterAll
  static void close() {
    scratch.close();
  }

  @Test
  void codesMapToTheSectorAndCommoditiesTheyName() {
    assertThat(parsed.warnings()).isEmpty();
    assertThat(objects("S-ISIC", Lbt.sector)).containsExactly(Lbt.SECTOR + "mining");
    assertThat(objects("S-NACE", Lbt.sector)).containsExactly(Lbt.SECTOR + "mining");
    assertThat(objects("S-NACE", Lbt.commodity))
        .containsExactlyInAnyOrder(Lbt.COMMODITY + "gold", Lbt.COMMODITY + "polysilicon");
    assertThat(objects("S-NACE", Lbt.commodity)).isEqualTo(objects("S-SLUG", Lbt.commodity));
    assertThat(objects("S-HS", Lbt.sector)).containsExactly(Lbt.SECTOR + "manufacturing");
    assertThat(objects("S-NONE", Lbt.sector)).isEmpty();
    assertThat(objects("S-NONE", Lbt.commodity)).containsExactly(Lbt.COMMODITY + "electronics");
  }

  @Test
  void theSectorAndIlabRulesFireOnCodesAsOnSlugs() {
    Graph g = MemoryGraphs.indexed();
    parsed.triples().forEach(g::add);
    ScoringRun run =
        new TenantScorer(scratch)
            .score(ontology, ModelFactory.createModelForGraph(g), LocalDate.of(2026, 12, 3));
    Map<String, Set<String>> rules = rulesBySupplier(run);
    assertThat(rules.get("S-ISIC")).contains("sector-high-risk");
    assertThat(rules.get("S-NACE")).contains("sector-high-risk");
    assertThat(rules.get("S-NACE")).isEqualTo(rules.get("S-SLUG"));
    assertThat(rules.get("S-HS")).as("polysilicon from China").contains("commodity-ilab");
    assertThat(rules.getOrDefault("S-NONE", Set.of())).doesNotContain("sector-high-risk");
    List<Signal> isic = run.signals().get(key(run, "S-ISIC"));
    assertThat(
            isic.stream()
                .filter(s -> s.rule().equals("sector-high-risk"))
                .flatMap(s -> s.evidence().stream()))
        .contains("https://w3id.org/libertas/ref/sector-risk-mining");
  }

  private static List<String> objects(String supplierId, org.apache.jena.rdf.model.Property p) {
    Node pred = p.asNode();
    return parsed.triples().stream()
        .filter(t -> t.getPredicate().equals(pred) && subjectIs(t, supplierId))
        .map(t -> t.getObject().getURI())
        .toList();
  }

  private static boolean subjectIs(Triple t, String supplierId) {
    Node s = t.getSubject();
    return s.isURI() && s.getURI().endsWith("/" + supplierId)
        || s.equals(NodeFactory.createURI(supplierId));
  }

  private static Map<String, Set<String>> rulesBySupplier(ScoringRun run) {
    return run.signals().entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> shortId(e.getKey()),
                e -> e.getValue().stream().map(Signal::rule).collect(Collectors.toSet())));
  }

  private static String key(ScoringRun run, String supplierId) {
    return run.signals().keySet().stream()
        .filter(k -> shortId(k).equals(supplierId))
        .findFirst()
        .orElseThrow();
  }

  private static String shortId(String k) {
    return k.substring(k.lastIndexOf('/') + 1);
  }
}
