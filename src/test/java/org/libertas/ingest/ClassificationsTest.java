package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.SKOS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;

/**
 * ISIC Rev.4, NACE Rev.2 and HS 2022 codes looked up against the repository's classification files
 * and crosswalk (ontology/reference/): what each code is, the sector or commodity it maps to, the
 * fallbacks to broader codes, and the values that must match nothing.
 */
class ClassificationsTest {
  static final String SECTOR = Lbt.SECTOR;
  static final String COMMODITY = Lbt.COMMODITY;
  static Ontology ontology;
  static Classifications codes;
  static ReferenceCodes reference;

  @BeforeAll
  static void load() {
    ontology = OntologyLoader.load(Path.of("ontology"), 1);
    codes = Classifications.of(ontology);
    reference = ReferenceCodes.of(ontology);
  }

  @Test
  void theVocabulariesAreComplete() {
    Model m = ontology.model();
    assertThat(count(m, Classifications.ISIC)).as("ISIC Rev.4: 21 + 88 + 238 + 419").isEqualTo(766);
    assertThat(count(m, Classifications.NACE)).as("NACE Rev.2: 21 + 88 + 272 + 615").isEqualTo(996);
    assertThat(count(m, Classifications.HS))
        .as("HS 2022: 21 sections, 97 chapters, 1229 headings, 5613 subheadings")
        .isEqualTo(21 + 97 + 1229 + 5613);
    Classifications.Code nace = codes.activity("14.13").orElseThrow();
    assertThat(nace.label()).isEqualTo("Manufacture of other outerwear");
    assertThat(ontology.label(nace.iri(), "fr")).isEqualTo("Fabrication de vêtements de dessus");
    assertThat(ontology.label(nace.iri(), "es"))
        .isEqualTo("Confección de otras prendas de vestir exteriores");
  }

  @ParameterizedTest(name = "ISIC {0} → {1}")
  @CsvSource({
    "B, mining",
    "b, mining",
    "07, mining",
    "072, mining",
    "0721, mining",
    "0510, mining",
    "0610, mining",
    "0111, agriculture",
    "0141, agriculture",
    "0220, agriculture",
    "031, fishing",
    "0311, fishing",
    "0322, aquaculture",
    "1020, seafood-processing",
    "C, manufacturing",
    "1010, manufacturing",
    "2720, manufacturing",
    "1392, textiles-garments",
    "1410, textiles-garments",
    "1520, textiles-garments",
    "26, electronics",
    "2610, electronics",
    "2410, metals-refining",
    "2420, metals-refining",
    "2431, manufacturing",
    "F, construction",
    "4100, construction",
    "4390, construction",
    "9700, domestic-work",
    "47, retail",
    "4711, retail",
    "H, logistics",
    "4923, logistics",
    "5210, logistics",
  })
  void isicCodesMapToSectors(String code, String sector) {
    assertThat(codes.sector(code)).as(code).contains(SECTOR + sector);
    assertThat(codes.activity(code).orElseThrow().scheme()).isEqualTo(Classifications.ISIC);
  }

  @ParameterizedTest(name = "NACE {0} → {1}")
  @CsvSource({
    "C14.1, textiles-garments, 14.1",
    "c 14.1, textiles-garments, 14.1",
    "14.13, textiles-garments, 14.13",
    "C14.13, textiles-garments, 14.13",
    "1413, textiles-garments, 14.13",
    "B07.29, mining, 07.29",
    "07.29, mining, 07.29",
    "10.20, seafood-processing, 10.20",
    "C10.2, seafood-processing, 10.2",
    "24.41, metals-refining, 24.41",
    "24.10, metals-refining, 24.10",
    "03.11, fishing, 03.11",
    "A03.21, aquaculture, 03.21",
    "G47.11, retail, 47.11",
    "T97.00, domestic-work, 97.00",
    "43.21, construction, 43.21",
  })
  void naceCodesMapToSectors(String code, String sector, String notation) {
    assertThat(codes.sector(code)).as(code).contains(SECTOR + sector);
    Classifications.Code c = codes.activity(code).orElseThrow();
    assertThat(c.scheme()).isEqualTo(Classifications.NACE);
    assertThat(c.notation()).isEqualTo(notation);
  }

  @Test
  void digitsAreIsicFirstAndDotsOrSectionLettersNaceFirst() {
    assertThat(codes.activity("141").orElseThrow().scheme()).isEqualTo(Classifications.ISIC);
    assertThat(codes.activity("C14.1").orElseThrow().scheme()).isEqualTo(Classifications.NACE);
    assertThat(codes.activity("14.1").orElseThrow().scheme()).isEqualTo(Classifications.NACE);
    // 1413 is no ISIC class, so the NACE class 14.13 is the only reading
    assertThat(codes.activity("1413").orElseThrow().notation()).isEqualTo("14.13");
    // the row that applied is named: ISIC division 14 for NACE 14.13, through ISIC 1410
    Classifications.Match m = codes.sectorMatch("14.13").orElseThrow();
    assertThat(m.via().iri()).isEqualTo("https://w3id.org/libertas/isic4/14");
    assertThat(m.property()).isEqualTo("broadMatch");
  }

  @ParameterizedTest(name = "no sector for \"{0}\"")
  @ValueSource(
      strings = {
        "A", // section A mixes agriculture, forestry and fishing
        "03", // division 03 is fishing and aquaculture: only its groups map
        "A07.29", // the section letter contradicts the code
        "B14.13",
        "62", // computer programming: no Libertas sector
        "6201",
        "99.99",
        "0000",
        "Z",
        "12345",
        "14.1.3",
        "",
        "  ",
        "mining-ish"
      })
  void unknownOrUnmappedActivitiesMatchNoSector(String code) {
    assertThat(codes.sector(code)).as(code).isEmpty();
  }

  /** Every commodity the brief and the ILAB list name with an HS heading or subheading. */
  @ParameterizedTest(name = "HS {0} → {1}")
  @CsvSource({
    "2804.61, polysilicon",
    "7108.12, gold",
    "710812, gold",
    "7108 12, gold",
    " 7108.12 , gold",
    "71.08, gold",
    "7108, gold",
    "7108.13, gold", // no row of its own: heading 71.08
    "71081210, gold", // a national tariff line is read as its subheading
    "2616.90, gold",
    "4015.19, rubber-gloves",
    "4015.12, rubber-gloves",
    "4015.11, rubber-gloves", // HS 2017's surgical gloves, not in HS 2022: read as heading 40.15
    "4015, rubber-gloves",
    "0306.17, shrimp",
    "30617, shrimp", // a spreadsheet dropped the leading zero
    "1605.21, shrimp",
    "0306.19, shellfish", // heading 03.06
    "0301.11, fish", // chapter 03
    "03, fish",
    "5201, cotton",
    "1801, cocoa",
    "2605, cobalt",
    "0901, coffee",
    "0901.21, coffee",
    "0902, tea",
    "1212.93, sugarcane",
    "1701.14, sugarcane",
    "1701, sugarcane",
    "1212.91, sugar-beets",
    "1511.10, crude-palm-oil",
    "1511.90, refined-palm-oil",
    "1513.21, crude-palm-kernel-oil",
    "1513.29, refined-palm-kernel-oil",
    "6109.10, garments",
    "6203.42, garments",
    "6116.10, gloves",
    "6901, bricks",
    "6904.10, bricks",
    "6911.10, ceramics",
    "2401.10, tobacco",
    "1006.30, rice",
    "1001.99, wheat",
    "1005.90, corn",
    "1008.10, cereal-grains",
    "0102.29, cattle",
    "0102.39, bovines",
    "0201.30, beef",
    "4403.49, timber",
    "4403.42, teak",
    "4402.90, charcoal",
    "2701.12, coal",
    "7102.31, diamonds",
    "7103.91, gems",
    "2609, tin",
    "2611, tungsten",
    "2615.90, tantalum",
    "2601.11, iron",
    "2603, copper",
    "2608, zinc",
    "2616.10, silver",
    "7106.91, silver",
    "2529.22, fluorspar",
    "2525.10, mica",
    "2501.00, salt",
    "2505.10, sand",
    "2516.20, sandstone",
    "2516.11, granite",
    "2517.10, gravel",
    "2520.10, gypsum",
    "2521, stones",
    "2523.29, cement",
    "8541.42, solar-cells",
    "8541.43, solar-modules",
    "3818, photovoltaic-wafers",
    "8507.60, lithium-ion-batteries",
    "8542.31, electronics",
    "8471.30, electronics",
    "8517.13, electronics",
    "4001.22, rubber",
    "0302.71, tilapia",
    "0304.63, nile-perch",
    "0306.12, lobsters",
    "0305.59, dried-fish",
    "0803.90, bananas",
    "0805.10, citrus-fruits",
    "0806.10, grapes",
    "0808.10, fruit",
    "0810.10, strawberries",
    "0810.40, blueberries",
    "0804.30, pineapples",
    "0807.19, melons",
    "0801.32, cashews",
    "0801.22, brazil-nuts-chestnuts",
    "0801.19, coconuts",
    "0802.22, hazelnuts",
    "1202.42, peanuts",
    "1206, sunflowers",
    "1207.40, sesame",
    "1207.29, cottonseed",
    "1207.10, palm-fruit",
    "1211.30, coca",
    "1211.40, poppies",
    "0903, yerba-mate",
    "0904.11, pepper",
    "0904.21, chile-peppers",
    "0709.60, peppers",
    "0905.10, vanilla",
    "0907.10, cloves",
    "0909.31, cumin",
    "0701.90, potatoes",
    "0714.10, manioc-cassava",
    "0714.20, sweet-potatoes",
    "0702, tomatoes",
    "2002.10, tomato-products",
    "0703.10, onions",
    "0703.20, garlic",
    "0704.10, broccoli",
    "0704.90, cabbages",
    "0705.11, lettuce",
    "0706.10, carrots",
    "0707, cucumbers",
    "0709.30, eggplants",
    "0709.92, olives",
    "0708.20, beans",
    "1201.90, beans",
    "0713.33, pulses",
    "0603.11, flowers",
    "1401.10, bamboo",
    "0104.10, sheep",
    "0104.20, goats",
    "0103.91, hogs",
    "0105.11, poultry",
    "0207.14, poultry",
    "0210.11, meat",
    "0406.90, dairy-products",
    "2203, alcoholic-beverages",
    "2208.40, alcoholic-beverages",
    "1905.90, baked-goods",
    "3401.11, soap",
    "3823.11, oleochemicals",
    "3307.41, incense",
    "3604.10, fireworks",
    "3604.90, pyrotechnics",
    "3605, matches",
    "4107.11, leather",
    "4202.21, leather-goods-accessories",
    "4203.29, gloves",
    "5001, silk-cocoons",
    "5004, silk-thread",
    "5007.20, silk-fabric",
    "5205.11, thread-yarn",
    "5208.11, textiles",
    "5303.10, jute",
    "5305, sisal",
    "5702.31, carpets",
    "5810.91, embellished-textiles",
    "6403.99, footwear",
    "6702.90, artificial-flowers",
    "6704.20, hair-products",
    "7013.28, glass",
    "7317, nails",
    "7418.10, brassware",
    "8301.40, locks",
    "9018.90, surgical-instruments",
    "9403.20, furniture",
    "9503, toys",
    "9505.10, christmas-decorations",
    "9506.62, soccer-balls",
  })
  void hsCodesMapToCommodities(String code, String commodity) {
    assertThat(codes.commodity(code)).as(code).contains(COMMODITY + commodity);
  }

  @ParameterizedTest(name = "no commodity for \"{0}\"")
  @ValueSource(
      strings = {
        "4015.90", // other rubber apparel: heading 40.15's row is narrow, it holds for 40.15 only
        "8501.10", // electric motors: chapter 85's row is narrow
        "2615.10", // zirconium ores share heading 26.15 with tantalum: only 2615.90 maps
        "1511", // palm oil: only its crude and refined subheadings map
        "8703.23",
        "99",
        "9999.99",
        "7",
        "abc",
        "7108.1x",
        "12345678901",
        ""
      })
  void unknownOrUnmappedProductsMatchNoCommodity(String code) {
    assertThat(codes.commodity(code)).as(code).isEmpty();
  }

  @Test
  void aProductCodeSaysWhatItIs() {
    Classifications.Code c = codes.product("7108.12").orElseThrow();
    assertThat(c.iri()).isEqualTo("https://w3id.org/libertas/hs2022/710812");
    assertThat(c.notation()).isEqualTo("7108.12");
    assertThat(c.label()).isEqualTo("Metals; gold, non-monetary, unwrought (but not powder)");
    assertThat(codes.product("40.15").orElseThrow().notation()).isEqualTo("40.15");
    assertThat(codes.product("4015.11")).as("not an HS 2022 subheading").isEmpty();
    Classifications.Match m = codes.commodityMatch("7108.13").orElseThrow();
    assertThat(m.code().notation()).isEqualTo("7108.13");
    assertThat(m.via().notation()).as("the heading's row applied").isEqualTo("71.08");
  }

  @Test
  void referenceCodesFallBackToTheClassificationsAfterSlugsAndLabels() {
    assertThat(reference.sector("mining")).contains(SECTOR + "mining");
    assertThat(reference.sector("Minería")).contains(SECTOR + "mining");
    assertThat(reference.sector("0721")).contains(SECTOR + "mining");
    assertThat(reference.sector("B07.29")).contains(SECTOR + "mining");
    assertThat(reference.commodity("gold")).contains(COMMODITY + "gold");
    assertThat(reference.commodity("7108.12")).contains(COMMODITY + "gold");
    assertThat(reference.commodity("software")).isEmpty();
    // The same digits are an activity in the sector column and a product in the commodity column:
    // ISIC 1701 is paper making, HS 17.01 is cane or beet sugar.
    assertThat(reference.sector("1701")).contains(SECTOR + "manufacturing");
    assertThat(reference.commodity("1701")).contains(COMMODITY + "sugarcane");
    assertThat(reference.classifications()).isSameAs(codes);
  }

  @Test
  void eachCodeHasAtMostOneRowPerKindAndEveryRowJoinsDefinedTerms() {
    Model m = ontology.model();
    List<Property> props =
        List.of(
            SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch);
    Map<String, Integer> rows = new HashMap<>();
    int total = 0;
    for (Property p : props) {
      for (var s : m.listStatements(null, p, (RDFNode) null).toList()) {
        String target = s.getResource().getURI();
        if (!target.startsWith(SECTOR) && !target.startsWith(COMMODITY)) {
          continue;
        }
        total++;
        assertThat(s.getResource().hasProperty(SKOS.inScheme)).as(target).isTrue();
        assertThat(s.getSubject().hasProperty(SKOS.notation)).as(s.getSubject().getURI()).isTrue();
        rows.merge(s.getSubject().getURI() + " " + target.startsWith(SECTOR), 1, Integer::sum);
      }
    }
    assertThat(total).as("crosswalk rows").isGreaterThan(250);
    assertThat(rows.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("codes with two rows of one kind")
        .isEmpty();
  }

  private static int count(Model m, String scheme) {
    Resource s = m.createResource(scheme);
    return m.listSubjectsWithProperty(SKOS.inScheme, s).toList().size();
  }
}
