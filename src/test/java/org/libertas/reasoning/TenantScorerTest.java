package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.graph.JenaGraphStore;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ingest.SupplyGraphGenerator;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.rescoring.TenantScreening;

/**
 * Incremental scoring of a generated supply graph (2,000 suppliers in five tiers, with recruiters,
 * findings and screening matches) against full scoring of the same data: rules restricted to some
 * suppliers find exactly their signals, and a run continued after a change is exactly a full run.
 */
class TenantScorerTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 24);
  static Ontology ontology;
  static JenaGraphStore scratch;
  static Graph data;
  static Graph matches;
  static Model scored;
  static ScoringRun full;

  @BeforeAll
  static void generate() {
    ontology = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    scratch = JenaGraphStore.inMemory(60_000);
    data = MemoryGraphs.indexed();
    SupplyGraphGenerator.triples(new SupplyGraphGenerator(7, 5).generate(2_000), ontology)
        .forEach(data::add);
    Model m = ModelFactory.createModelForGraph(data);
    TenantScreening.Outcome screened =
        new TenantScreening().screenTenant(ontology, "t", m, Map.of());
    matches = screened.matches().getGraph();
    scored = ModelFactory.createModelForGraph(MemoryGraphs.union(data, matches));
    full = new TenantScorer(scratch).score(ontology, scored, AS_OF);
  }

  @AfterAll
  static void close() {
    scratch.close();
  }

  @Test
  void rulesRunForSomeSuppliersFindExactlyTheirSignals() {
    // Some suppliers with a signal of each rule, and some at random.
    Set<String> touched = new TreeSet<>();
    Set<String> rules = new TreeSet<>();
    full.signals()
        .forEach(
            (id, signals) ->
                signals.forEach(
                    s -> {
                      if (rules.add(s.rule())) {
                        touched.add(id);
                      }
                    }));
    assertThat(rules).as("rules with a signal in the generated data").hasSizeGreaterThan(8);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 40; i++) {
      touched.add(full.suppliers().get(rnd.nextInt(full.suppliers().size())).id());
    }
    ScoringRun again =
        new TenantScorer(scratch)
            .score(
                ontology,
                scored,
                AS_OF,
                new TenantScorer.Previous(ontology, withoutSignalsOf(full, touched)),
                new TenantScorer.Change(touched, false));

    for (org.libertas.ontology.Rule rule : ontology.rules()) {
      assertThat(RuleRestriction.inside(rule.query()))
          .as(rule.id() + ": restricted inside its sub-SELECT, not around it")
          .isTrue();
    }
    assertThat(again.evaluated()).isEqualTo(touched.size());
    for (String id : touched) {
      assertThat(new HashSet<>(again.signals().get(id)))
          .as(id)
          .isEqualTo(new HashSet<>(full.signals().get(id)));
    }
    assertThat(again.assessments()).isEqualTo(full.assessments());
    assertThat(again.assessed()).as("assessed anew").containsAll(touched);
  }

  /**
   * Shapes an NGO's rule may have where the block cannot go with the first pattern naming
   * ?supplier: a BIND, an OPTIONAL, the rule's own VALUES block. Restricted, each gives exactly the
   * touched suppliers' solutions of the whole rule.
   */
  @Test
  void ruleShapesOtherThanTheBundledOnesAreRestrictedExactly() {
    String prefix = "PREFIX lbt: <https://w3id.org/libertas/ns#>\n";
    List<String> shapes =
        List.of(
            // ?supplier bound by a BIND after other patterns
            "SELECT ?supplier ?link WHERE { { SELECT DISTINCT ?supplier ?link WHERE {"
                + " ?link a lbt:RecruitmentLink ; lbt:employer ?e ; lbt:recruiter ?r ."
                + " BIND (?e AS ?supplier) } } }",
            // ?supplier first named inside an OPTIONAL
            "SELECT ?supplier ?f ?s WHERE { { SELECT ?supplier ?f ?s WHERE {"
                + " ?s a lbt:Supplier . OPTIONAL { ?f lbt:supplier ?supplier ; a lbt:AuditFinding }"
                + " } } }",
            // the rule's own VALUES block
            "SELECT ?supplier ?sector WHERE { ?supplier a lbt:Supplier ; lbt:sector ?sector . }"
                + " VALUES ?sector { <https://w3id.org/libertas/sector/fishing>"
                + " <https://w3id.org/libertas/sector/mining> }",
            // a bundled shape, for comparison: the block goes inside
            "SELECT ?supplier ?c WHERE { { SELECT DISTINCT ?supplier ?c WHERE {"
                + " ?supplier a lbt:Supplier ; lbt:country ?c . OPTIONAL { ?supplier lbt:name ?n }"
                + " } } }");
    List<String> touched = new ArrayList<>();
    for (int i = 0; i < full.suppliers().size(); i += 37) {
      touched.add(full.suppliers().get(i).iri());
    }
    for (String shape : shapes) {
      org.apache.jena.query.Query rule = org.apache.jena.query.QueryFactory.create(prefix + shape);
      List<String> expected =
          solutions(rule).stream()
              .filter(x -> touched.stream().anyMatch(t -> x.contains("supplier=" + t + " ")))
              .toList();
      List<String> restricted = solutions(RuleRestriction.toSuppliers(rule, touched));
      assertThat(restricted).as(shape).isEqualTo(expected).isNotEmpty();
    }
  }

  /** Every solution as text, sorted (a multiset). */
  private static List<String> solutions(org.apache.jena.query.Query q) {
    List<String> out = new ArrayList<>();
    try (var qe = org.apache.jena.query.QueryExecution.create().query(q).model(scored).build()) {
      var rs = qe.execSelect();
      while (rs.hasNext()) {
        var b = rs.next();
        StringBuilder sb = new StringBuilder();
        for (String v : rs.getResultVars()) {
          sb.append(v).append('=').append(b.get(v)).append(' ');
        }
        out.add(sb.toString());
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void aRunContinuedAfterNewFindingsIsExactlyAFullRun() {
    // Debt bondage found at ten suppliers deep in the chain: they and buyers downstream move.
    Graph changed = MemoryGraphs.indexed();
    data.find().forEachRemaining(changed::add);
    Set<String> touched = new TreeSet<>();
    List<SupplierFacts> deep =
        full.suppliers().stream().filter(f -> f.tier() >= 3).limit(10).toList();
    assertThat(deep).hasSize(10);
    for (SupplierFacts f : deep) {
      Node finding = NodeFactory.createURI(f.iri() + "/finding/new");
      changed.add(Triple.create(finding, RDF.type.asNode(), Lbt.AuditFinding.asNode()));
      changed.add(Triple.create(finding, Lbt.supplier.asNode(), NodeFactory.createURI(f.iri())));
      changed.add(
          Triple.create(
              finding,
              Lbt.indicator.asNode(),
              NodeFactory.createURI("https://w3id.org/libertas/indicator/debt-bondage")));
      touched.add(f.id());
    }
    Model after = ModelFactory.createModelForGraph(MemoryGraphs.union(changed, matches));
    ScoringRun incremental =
        new TenantScorer(scratch)
            .score(
                ontology,
                after,
                AS_OF,
                new TenantScorer.Previous(ontology, full),
                new TenantScorer.Change(touched, false));
    ScoringRun fresh = new TenantScorer(scratch).score(ontology, after, AS_OF);

    assertThat(incremental.assessments()).isEqualTo(fresh.assessments());
    assertThat(incremental.suppliers()).isEqualTo(fresh.suppliers());
    assertThat(asSets(incremental.signals())).isEqualTo(asSets(fresh.signals()));
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < fresh.assessments().size(); i++) {
      if (!fresh.assessments().get(i).equals(full.assessments().get(i))) {
        moved.add(fresh.suppliers().get(i).id());
      }
    }
    assertThat(moved).as("the new findings change scores").isNotEmpty();
    assertThat(incremental.assessed()).containsAll(moved);
    assertThat(incremental.assessed().size())
        .as("most assessments reused")
        .isLessThan(full.suppliers().size() / 2);
    for (String e : cited(fresh)) {
      assertThat(incremental.evidence().get(e)).as(e).isEqualTo(fresh.evidence().get(e));
    }
  }

  /** Signals per supplier, in no order (the engine orders them). */
  private static Map<String, Set<Signal>> asSets(Map<String, List<Signal>> signals) {
    Map<String, Set<Signal>> out = new java.util.HashMap<>();
    signals.forEach((id, l) -> out.put(id, new HashSet<>(l)));
    return out;
  }

  private static Set<String> cited(ScoringRun run) {
    Set<String> out = new TreeSet<>();
    run.assessments()
        .forEach(
            a ->
                a.factors().stream()
                    .filter(f -> !ScoringEngine.UPSTREAM.equals(f.family()))
                    .forEach(f -> out.addAll(f.evidence())));
    return out;
  }

  /** The run as if the touched suppliers had had no signal: the rules must find them again. */
  private static ScoringRun withoutSignalsOf(ScoringRun run, Set<String> touched) {
    Map<String, List<Signal>> signals = new java.util.HashMap<>(run.signals());
    touched.forEach(id -> signals.put(id, List.of()));
    return new ScoringRun(
        run.suppliers(),
        run.assessments(),
        run.evidence(),
        run.asOf(),
        signals,
        run.evaluated(),
        run.state(),
        run.assessed(),
        run.reach());
  }
}
