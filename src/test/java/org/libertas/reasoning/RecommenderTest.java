package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyException;
import org.libertas.ontology.OntologyLoader;
import org.libertas.ontology.RecommendationPolicy;

/**
 * The decision table of the bundled ontology (scoring.ttl): every row reached by a supplier built
 * for it, the regimes deciding when a hard stop is a legal bar, remediated evidence not open, and a
 * table that leaves a combination uncovered or covers one twice refused with the combination named.
 */
class RecommenderTest {
  static final Ontology O = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  static final String COUNTRY = Lbt.NS + "CountryFamily";
  static final String COMMODITY = Lbt.NS + "CommodityFamily";
  static final String FINDING = Lbt.NS + "FindingFamily";
  static final String RECRUITER = Lbt.NS + "RecruiterFamily";
  static final String LISTED = Lbt.NS + "ListedEntityFamily";
  static final String REMEDIATED = Lbt.NS + "StatusRemediated";
  static final Set<String> ALL_REGIMES = O.policy().defaultRegimes();

  static Signal signal(String rule, String family, double strength, String ev, LocalDate on) {
    return new Signal("s", rule, family, strength, List.of(ev), on, false);
  }

  static Signal hardStop(String rule, String family, String ev) {
    return new Signal("s", rule, family, 0.95, List.of(ev), null, true);
  }

  /** The recommendation of one supplier with these signals and findings' statuses. */
  static Recommender.Recommendation recommend(
      List<Signal> signals, Map<String, String> statusOf, Set<String> regimes) {
    ScoringEngine engine = new ScoringEngine(O.scoring(), O.policy().dimensionOf());
    Assessment a = engine.assess("s", signals, Map.of(), AS_OF);
    Map<String, Map<String, List<String>>> evidence = new java.util.HashMap<>();
    statusOf.forEach((e, st) -> evidence.put(e, Map.of("status", List.of(st))));
    Coverage c =
        new Coverage(Coverage.lastAudit(signals, O.policy().auditFamilies()), List.of(), List.of());
    return Recommender.recommend(O.policy(), O.scoring(), a, c, regimes, evidence, AS_OF);
  }

  static Recommender.Recommendation recommend(List<Signal> signals) {
    return recommend(signals, Map.of(), ALL_REGIMES);
  }

  @Test
  void theBundledTableIsSoundAndNamesEachRecommendation() {
    assertThat(O.policy().rows()).hasSize(7);
    assertThat(
            RecommendationPolicy.gaps(
                O.policy().rows(), List.of("low", "medium", "high", "critical")))
        .isEmpty();
    assertThat(O.policy().recommendations().keySet())
        .containsExactlyInAnyOrder(
            "proceed", "monitor", "audit", "remediate", "suspend-and-remediate", "do-not-source");
    for (String iri : O.policy().recommendations().values()) {
      for (String lang : Ontology.LANGUAGES) {
        assertThat(O.labels().get(iri)).as(iri).containsKey(lang);
      }
    }
    assertThat(O.policy().dimensionOf())
        .containsEntry(COUNTRY, "context")
        .containsEntry(FINDING, "evidence")
        .containsEntry(LISTED, "evidence");
    assertThat(ALL_REGIMES).containsExactly("recruiter-blacklists", "uflpa");
  }

  @Test
  void everyRowIsReached() {
    List<String> reached = new ArrayList<>();
    // context only, high (ILAB forced labour .6 + region .5 → 80): audit
    Recommender.Recommendation contextOnly =
        recommend(
            List.of(
                signal("commodity-ilab", COMMODITY, 0.6, "ev:ilab", null),
                signal("country-tip-tier", COUNTRY, 0.3, "ev:tip", null)));
    assertThat(contextOnly.code()).isEqualTo("audit");
    assertThat(contextOnly.openEvidence()).isEqualTo("none");
    assertThat(contextOnly.recentAudit()).isFalse();
    reached.add(contextOnly.row());

    // the same, audited three months ago with only a remediated finding: monitor
    Recommender.Recommendation audited =
        recommend(
            List.of(
                signal("commodity-ilab", COMMODITY, 0.6, "ev:ilab", null),
                signal("country-tip-tier", COUNTRY, 0.3, "ev:tip", null),
                signal("finding-indicator", FINDING, 0.25, "ev:f1", AS_OF.minusMonths(3))),
            Map.of("ev:f1", REMEDIATED),
            ALL_REGIMES);
    assertThat(audited.code()).isEqualTo("monitor");
    assertThat(audited.row()).isEqualTo("high-context-audited");
    assertThat(audited.recentAudit()).isTrue();
    reached.add(audited.row());

    // an open low-severity finding: remediate, whatever the context
    Recommender.Recommendation low =
        recommend(List.of(signal("finding-indicator", FINDING, 0.15, "ev:f2", AS_OF)));
    assertThat(low.code()).isEqualTo("remediate");
    assertThat(low.openEvidence()).isEqualTo("low");
    reached.add(low.row());

    // an open high-severity debt-bondage finding: suspend and remediate
    Recommender.Recommendation high =
        recommend(List.of(signal("finding-indicator", FINDING, 1.0, "ev:f3", AS_OF)));
    assertThat(high.code()).isEqualTo("suspend-and-remediate");
    reached.add(high.row());

    // a blacklisted recruiter: do not source, barred by the recruiter blacklists
    Recommender.Recommendation barred =
        recommend(List.of(hardStop("recruiter-blacklisted", RECRUITER, "ev:gb")));
    assertThat(barred.code()).isEqualTo("do-not-source");
    assertThat(barred.barredBy()).containsExactly("recruiter-blacklists");
    reached.add(barred.row());

    // medium and low context, nothing observed
    Recommender.Recommendation medium =
        recommend(List.of(signal("country-tip-tier", COUNTRY, 0.3, "ev:tip", null)));
    assertThat(medium.code()).isEqualTo("monitor");
    assertThat(medium.row()).isEqualTo("medium-context");
    reached.add(medium.row());
    Recommender.Recommendation lowContext =
        recommend(List.of(signal("country-tip-tier", COUNTRY, 0.05, "ev:tip", null)));
    assertThat(lowContext.code()).isEqualTo("proceed");
    reached.add(lowContext.row());

    assertThat(new TreeSet<>(reached))
        .containsExactlyInAnyOrderElementsOf(
            O.policy().rows().stream().map(RecommendationPolicy.Row::code).toList());
  }

  @Test
  void aRegimeThatDoesNotApplyLeavesTheEvidenceToDecide() {
    List<Signal> listed = List.of(hardStop("listed-entity", LISTED, "ev:uflpa-entry"));
    assertThat(recommend(listed).code()).isEqualTo("do-not-source");
    assertThat(recommend(listed).barredBy()).containsExactly("uflpa");
    Recommender.Recommendation notUs = recommend(listed, Map.of(), Set.of("recruiter-blacklists"));
    assertThat(notUs.barredBy()).isEmpty();
    assertThat(notUs.code()).isEqualTo("suspend-and-remediate");
  }

  @Test
  void xinjiangOriginIsTheUflpaPresumption() {
    String xj = "https://w3id.org/libertas/ref/region-risk-CN-XJ";
    List<Signal> inXinjiang =
        List.of(signal("region-high-risk", Lbt.NS + "RegionFamily", 0.5, xj, null));
    Recommender.Recommendation r = recommend(inXinjiang);
    assertThat(r.code()).isEqualTo("do-not-source");
    assertThat(r.barredBy()).containsExactly("uflpa");
    // a buyer outside the US: context risk only, told to audit
    Recommender.Recommendation outside = recommend(inXinjiang, Map.of(), Set.of());
    assertThat(outside.barredBy()).isEmpty();
    assertThat(outside.code()).isEqualTo("audit");
    assertThat(outside.context()).isEqualTo("high");
  }

  @Test
  void aTableWithAGapOrAnOverlapIsRefusedNamingTheCombination() {
    Model m = ModelFactory.createDefaultModel().add(O.model());
    Resource table = m.getResource(Lbt.NS + "recommendationTable");
    m.remove(table, Lbt.row, m.getResource(Lbt.NS + "RowMediumContext"));
    assertThatThrownBy(() -> OntologyLoader.fromModel(m, 2, "x"))
        .isInstanceOf(OntologyException.class)
        .hasMessageContaining(
            "legal bar false, open evidence none, context medium, recent audit false: no row");

    Model twice = ModelFactory.createDefaultModel().add(O.model());
    twice.removeAll(twice.getResource(Lbt.NS + "RowLowContext"), Lbt.whenContext, null);
    assertThatThrownBy(() -> OntologyLoader.fromModel(twice, 2, "x"))
        .isInstanceOf(OntologyException.class)
        .hasMessageContaining(
            "legal bar false, open evidence none, context high, recent audit true: rows")
        .hasMessageContaining("high-context-audited and low-context");
  }

  @Test
  void aVersionWithoutATableRecommendsByBand() {
    Model m = ModelFactory.createDefaultModel().add(O.model());
    m.removeAll(m.getResource(Lbt.NS + "recommendationTable"), null, null);
    Ontology old = OntologyLoader.fromModel(m, 2, "x");
    assertThat(old.policy().rows()).isEmpty();
    Assessment a =
        new ScoringEngine(old.scoring(), old.policy().dimensionOf())
            .assess(
                "s",
                List.of(signal("commodity-ilab", COMMODITY, 0.6, "ev", null)),
                Map.of(),
                AS_OF);
    Recommender.Recommendation r =
        Recommender.recommend(
            old.policy(),
            old.scoring(),
            a,
            new Coverage(null, List.of(), List.of()),
            ALL_REGIMES,
            Map.of(),
            AS_OF);
    assertThat(r.code()).isEqualTo(a.band().recommendation()).isEqualTo("enhanced-due-diligence");
    assertThat(r.row()).isNull();
  }

  @Test
  void unknownTiersAreWhereTheMapStopsShortOfAPrimaryProducer() {
    // a → b → c (c a mine: the chain rightly ends), a → d (d a factory with no supplier known)
    SupplyChain chain =
        SupplyChain.of(
            List.of("a", "b", "c", "d"),
            List.of(new String[] {"a", "b"}, new String[] {"b", "c"}, new String[] {"a", "d"}));
    boolean[] primary = new boolean[4];
    primary[chain.indexOf("c")] = true;
    int[] gaps = Coverage.gaps(chain, primary, 6);
    assertThat(Coverage.tiers(gaps[chain.indexOf("a")], 1)).containsExactly(3);
    assertThat(Coverage.tiers(gaps[chain.indexOf("b")], 2)).isEmpty();
    assertThat(Coverage.tiers(gaps[chain.indexOf("d")], 2)).containsExactly(3);
    // a cycle terminates, and a supplier in it is not a gap (it has suppliers)
    SupplyChain cycle =
        SupplyChain.of(
            List.of("x", "y"), List.of(new String[] {"x", "y"}, new String[] {"y", "x"}));
    assertThat(Coverage.gaps(cycle, new boolean[2], 6)).containsExactly(0, 0);
  }
}
