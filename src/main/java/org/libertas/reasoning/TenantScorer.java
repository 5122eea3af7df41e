package org.libertas.reasoning;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.vocabulary.RDF;
import org.libertas.graph.GraphStore;
import org.libertas.graph.MemoryGraphs;
import org.libertas.graph.Sparql;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.Rule;

/**
 * Scores a tenant: runs every rule of the ontology over the tenant's current graphs plus the
 * ontology graph, turns the constructed {@code lbt:RiskSignal}s into {@link Signal}s, and hands
 * them with the supply chain to the {@link ScoringEngine}. Blocking; run it on a worker.
 */
public final class TenantScorer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TenantScorer.class);
  private static final Query ALL = QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");
  private static final long RULE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
  private static final String EVIDENCE = Sparql.text("evidence.rq");

  private final GraphStore store;

  public TenantScorer(GraphStore store) {
    this.store = store;
  }

  /**
   * An earlier run of the same ontology version on the data version just before an upload: the
   * rules then run only for the suppliers the upload touched (a top-level VALUES block on
   * ?supplier, whatever the rule's shape), the others keep their signals; when the upload left
   * suppliers and links alone, their facts and chain are the run's too, and the engine assesses
   * anew only the suppliers whose inputs changed (the touched ones and the buyers downstream whose
   * upstream risk or path moved).
   */
  public record Previous(Ontology ontology, ScoringRun run) {}

  /** What an upload changed, for an incremental run. */
  public record Change(java.util.Set<String> touched, boolean suppliersOrLinks) {}

  /**
   * @param dataGraphs the tenant's data in the store: its current view and its screening graph
   */
  public ScoringRun score(Ontology ontology, Collection<String> dataGraphs, LocalDate asOf) {
    // One scan copies the tenant's data out of the store; the rules then join it with the
    // ontology in memory, where lookups cost a hash probe instead of an index walk per pattern.
    long t0 = System.nanoTime();
    Model data = store.construct(ALL, dataGraphs);
    LOG.info("copied {} triples of tenant data in {} ms", data.size(), ms(t0, System.nanoTime()));
    return score(ontology, data, asOf, null, null);
  }

  /** Scores tenant data held in memory (its current view and screening matches). */
  public ScoringRun score(Ontology ontology, Model data, LocalDate asOf) {
    return score(ontology, data, asOf, null, null);
  }

  /** Scores in-memory tenant data, incrementally when {@code previous} and {@code change} allow. */
  public ScoringRun score(
      Ontology ontology, Model data, LocalDate asOf, Previous previous, Change change) {
    long t1 = System.nanoTime();
    Model graphs =
        ModelFactory.createModelForGraph(
            MemoryGraphs.union(data.getGraph(), ontology.model().getGraph()));
    ScoringRun before = previous == null ? null : previous.run();
    // The same suppliers, facts and links as the run continued: its chain, facts and engine state.
    boolean sameChain =
        change != null
            && !change.suppliersOrLinks()
            && before != null
            && before.state() != null
            && previous.ontology() == ontology;
    List<SupplierFacts> ordered; // in the chain's order, with tiers
    SupplyChain chain;
    ScoringRun.Reach reach;
    if (sameChain && before.reach() != null) {
      ordered = before.suppliers();
      chain = before.state().chain();
      reach = before.reach();
    } else {
      List<SupplierFacts> facts = suppliers(graphs);
      Map<String, String> ids = new HashMap<>();
      facts.forEach(f -> ids.put(f.iri(), f.id()));
      Map<String, Double> volumes = new HashMap<>();
      chain =
          SupplyChain.of(
              facts.stream().map(SupplierFacts::id).toList(), links(graphs, ids, volumes));
      ordered = withTiers(chain, facts);
      reach = reach(ontology, chain, ordered, volumes);
    }
    int n = chain.size();
    long t2 = System.nanoTime();
    // The rules run for the touched suppliers through a VALUES block, one binding each: past a
    // quarter of the suppliers (and a thousand) one pass over everyone is cheaper (at 100k, a
    // relationships upload touching them all took minutes that way, a full pass 6 s).
    boolean incremental =
        before != null
            && change != null
            && previous.ontology() == ontology
            && change.touched().size() <= Math.max(1_000, n / 4);
    // Continued: the engine scores again from the earlier run's state, for the changed suppliers.
    boolean continued = sameChain && incremental;
    boolean[] changed = new boolean[n];
    Map<String, String> idByIri = new HashMap<>();
    List<List<Signal>> signals;
    int evaluated;
    if (incremental) {
      List<String> iris = new ArrayList<>();
      for (String id : change.touched()) {
        Integer i = chain.indexOf(id);
        if (i != null) {
          changed[i] = true;
          iris.add(ordered.get(i).iri());
          idByIri.put(ordered.get(i).iri(), id);
        }
      }
      iris.sort(null);
      Map<Integer, List<Signal>> found = new HashMap<>();
      if (!iris.isEmpty()) {
        for (Signal s : runRules(ontology, graphs, idByIri, iris)) {
          found.computeIfAbsent(chain.indexOf(s.supplierId()), k -> new ArrayList<>()).add(s);
        }
      }
      // The others' signals are the continued run's, read where the engine asks for them.
      signals =
          new java.util.AbstractList<>() {
            @Override
            public List<Signal> get(int i) {
              return changed[i]
                  ? found.getOrDefault(i, List.of())
                  : before.signals().getOrDefault(chain.id(i), List.of());
            }

            @Override
            public int size() {
              return n;
            }
          };
      evaluated = iris.size();
    } else {
      ordered.forEach(f -> idByIri.put(f.iri(), f.id()));
      signals = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        signals.add(new ArrayList<>());
      }
      for (Signal s : runRules(ontology, graphs, idByIri, null)) {
        signals.get(chain.indexOf(s.supplierId())).add(s);
      }
      evaluated = n;
    }
    long t3 = System.nanoTime();
    ScoringEngine.Scored scored =
        new ScoringEngine(ontology.scoring(), ontology.policy().dimensionOf())
            .score(
                chain,
                signals,
                asOf,
                continued ? before.state() : null,
                continued ? changed : null);
    Assessment[] assessments = scored.assessments();
    long t4 = System.nanoTime();

    List<Assessment> fresh = new ArrayList<>();
    java.util.Set<String> assessed = continued ? new java.util.HashSet<>() : null;
    for (int i = 0; i < chain.size(); i++) {
      if (scored.assessed()[i]) {
        fresh.add(assessments[i]);
        if (assessed != null) {
          assessed.add(chain.id(i));
        }
      }
    }
    // The evidence the others cite was described by the run continued, and the upload did not
    // redefine it: a redefined finding or recruiter makes the suppliers citing it touched.
    Map<String, Map<String, List<String>>> described = describe(cited(fresh), graphs);
    Map<String, Map<String, List<String>>> evidence =
        assessed == null ? described : Layered.over(before.evidence(), described);
    long t5 = System.nanoTime();
    Map<String, List<Signal>> bySupplier = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (!incremental || changed[i]) {
        bySupplier.put(chain.id(i), List.copyOf(signals.get(i)));
      }
    }
    if (incremental) {
      bySupplier = Layered.over(before.signals(), bySupplier);
    }
    LOG.info(
        "scored {} suppliers ({} assessed anew): suppliers and links {} ms, rules {} ms, engine {}"
            + " ms, evidence {} ms",
        chain.size(),
        fresh.size(),
        ms(t1, t2),
        ms(t2, t3),
        ms(t3, t4),
        ms(t4, t5));
    return new ScoringRun(
        ordered,
        Arrays.asList(assessments),
        evidence,
        asOf,
        bySupplier,
        evaluated,
        scored.state(),
        assessed,
        reach);
  }

  /** Where the map above each supplier stops, and the volume bought from it. */
  private static ScoringRun.Reach reach(
      Ontology ontology, SupplyChain chain, List<SupplierFacts> ordered, Map<String, Double> vol) {
    int n = chain.size();
    boolean[] primary = new boolean[n];
    double[] volume = new double[n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      SupplierFacts f = ordered.get(i);
      primary[i] = f.sector() != null && ontology.policy().primarySectors().contains(f.sector());
      volume[i] = vol.getOrDefault(f.id(), 0.0);
      max = Math.max(max, volume[i]);
    }
    return new ScoringRun.Reach(
        Coverage.gaps(chain, primary, ontology.scoring().maxTiers()), volume, max);
  }

  /** The facts in the chain's order, each with its tier. */
  private static List<SupplierFacts> withTiers(SupplyChain chain, List<SupplierFacts> facts) {
    int[] tiers = tiers(chain);
    Map<String, SupplierFacts> byId = new HashMap<>();
    facts.forEach(f -> byId.put(f.id(), f));
    List<SupplierFacts> ordered = new ArrayList<>(chain.size());
    for (int i = 0; i < chain.size(); i++) {
      SupplierFacts f = byId.get(chain.id(i));
      ordered.add(
          new SupplierFacts(
              f.id(),
              f.iri(),
              f.name(),
              f.country(),
              f.region(),
              f.sector(),
              f.commodities(),
              tiers[i],
              f.unassessed(),
              f.identifiers()));
    }
    return ordered;
  }

  /**
   * Scores a prospective supplier described in memory (with its screening matches), against the
   * current risk of the tenant's suppliers it would buy from. Nothing is read from or written to
   * the store.
   *
   * @param supplierRisk supplier id → current risk in [0,1] of each direct supplier, in the score
   *     and each dimension
   */
  public ScoringRun assess(
      Ontology ontology,
      Model prospect,
      Map<String, Assessment.Risks> supplierRisk,
      LocalDate asOf) {
    Model graphs =
        ModelFactory.createModelForGraph(
            MemoryGraphs.union(prospect.getGraph(), ontology.model().getGraph()));
    List<SupplierFacts> facts = suppliers(graphs);
    if (facts.size() != 1) {
      throw new IllegalArgumentException("a prospect graph describes exactly one supplier");
    }
    SupplierFacts f = facts.get(0);
    List<Signal> signals = runRules(ontology, graphs, Map.of(f.iri(), f.id()), null);
    Assessment a =
        new ScoringEngine(ontology.scoring(), ontology.policy().dimensionOf())
            .assess(f.id(), signals, supplierRisk, asOf);
    return new ScoringRun(
        List.of(f),
        List.of(a),
        describe(cited(List.of(a)), graphs),
        asOf,
        Map.of(f.id(), signals),
        1,
        null,
        null,
        null);
  }

  /** Runs every rule; with {@code onlyFor}, only for those suppliers (by IRI). */
  private static List<Signal> runRules(
      Ontology ontology, Model graphs, Map<String, String> idByIri, List<String> onlyFor) {
    List<Signal> out = new ArrayList<>();
    for (Rule rule : ontology.rules()) {
      Query q = onlyFor == null ? rule.query() : RuleRestriction.toSuppliers(rule.query(), onlyFor);
      out.addAll(run(rule, q, graphs, idByIri, RULE_TIMEOUT_MS));
    }
    return out;
  }

  private static List<Signal> run(
      Rule rule, Query q, Model graphs, Map<String, String> idByIri, long timeoutMs) {
    RuleTemplate template = RuleTemplate.of(q);
    return template == null
        ? signals(rule, construct(q, graphs, timeoutMs), idByIri)
        : template.signals(rule, q, graphs, idByIri, timeoutMs);
  }

  /**
   * Runs one rule alone over tenant data (the ontology's graph is joined in), the way a scoring run
   * does, stopped after {@code timeoutMs}: draft validation proves a changed rule on a large
   * generated graph with it. Every solution is read (none is kept: only the time is wanted).
   *
   * @throws org.apache.jena.query.QueryCancelledException when the rule reached the timeout; its
   *     execution is cancelled, not left running
   */
  public static void runAlone(Ontology ontology, Rule rule, Model data, long timeoutMs) {
    Model graphs =
        ModelFactory.createModelForGraph(
            MemoryGraphs.union(data.getGraph(), ontology.model().getGraph()));
    run(rule, rule.query(), graphs, Map.of(), timeoutMs);
  }

  private static TreeSet<String> cited(List<Assessment> assessments) {
    TreeSet<String> cited = new TreeSet<>();
    for (Assessment a : assessments) {
      a.factors().stream()
          .filter(f -> !ScoringEngine.UPSTREAM.equals(f.family()))
          .forEach(f -> cited.addAll(f.evidence()));
    }
    return cited;
  }

  /**
   * Every lbt:Supplier with its facts. One walk over each supplier's triples (a supplier has a
   * dozen; a lookup per property cost a find on every part of the union, 9 s at 100k suppliers).
   */
  private static List<SupplierFacts> suppliers(Model graphs) {
    org.apache.jena.graph.Graph g = graphs.getGraph();
    List<Node> properties =
        List.of(
            Lbt.supplierId.asNode(),
            Lbt.name.asNode(),
            Lbt.country.asNode(),
            Lbt.region.asNode(),
            Lbt.sector.asNode(),
            Lbt.osId.asNode(),
            Lbt.leiId.asNode(),
            Lbt.dunsId.asNode(),
            Lbt.registrationId.asNode());
    Node commodity = Lbt.commodity.asNode();
    Map<String, SupplierFacts> out = new LinkedHashMap<>();
    g.find(Node.ANY, RDF.type.asNode(), Lbt.Supplier.asNode())
        .forEachRemaining(
            t -> {
              Node s = t.getSubject();
              if (!s.isURI()) {
                return;
              }
              TreeSet<String> commodities = new TreeSet<>();
              List<SupplierFacts.Unassessed> unassessed = new ArrayList<>(0);
              Node[] first =
                  MemoryGraphs.firstObjects(
                      g,
                      s,
                      properties,
                      x -> {
                        if (x.getPredicate().equals(commodity)) {
                          commodities.add(tail(x.getObject()));
                          unknown(g, x.getObject(), "commodities", "unknown-commodity", unassessed);
                        }
                      });
              String id = MemoryGraphs.text(first[0]);
              if (id == null || out.containsKey(id)) {
                return;
              }
              String regionCode =
                  first[3] == null ? null : MemoryGraphs.firstText(g, first[3], Lbt.code.asNode());
              unknown(g, first[3], "region", "unlisted-region", unassessed);
              unknown(g, first[4], "sector", "unknown-sector", unassessed);
              out.put(
                  id,
                  new SupplierFacts(
                      id,
                      s.getURI(),
                      first[1] == null ? id : MemoryGraphs.text(first[1]),
                      first[2] == null
                          ? null
                          : MemoryGraphs.firstText(g, first[2], Lbt.iso2.asNode()),
                      first[3] == null ? null : regionCode != null ? regionCode : tail(first[3]),
                      first[4] == null ? null : tail(first[4]),
                      List.copyOf(commodities),
                      0,
                      List.copyOf(unassessed),
                      identifiers(first[5], first[6], first[7], first[8])));
            });
    return new ArrayList<>(out.values());
  }

  private static SupplierFacts.Identifiers identifiers(Node os, Node lei, Node duns, Node reg) {
    if (os == null && lei == null && duns == null && reg == null) {
      return SupplierFacts.Identifiers.NONE;
    }
    return new SupplierFacts.Identifiers(
        MemoryGraphs.text(os),
        MemoryGraphs.text(lei),
        MemoryGraphs.text(duns),
        MemoryGraphs.text(reg));
  }

  /**
   * Records a sector, commodity or region the ontology does not define (an upload kept it under its
   * own slug, with a warning): the rules cannot assess it, and the explanation says so.
   */
  private static void unknown(
      org.apache.jena.graph.Graph g,
      Node value,
      String field,
      String reason,
      List<SupplierFacts.Unassessed> into) {
    if (value != null && value.isURI() && !g.contains(value, RDF.type.asNode(), Node.ANY)) {
      into.add(
          new SupplierFacts.Unassessed(
              field,
              java.net.URLDecoder.decode(tail(value), java.nio.charset.StandardCharsets.UTF_8),
              reason));
    }
  }

  /**
   * Buyer → supplier links between known suppliers, as supplier ids, without duplicates: one walk
   * over each link's triples, ids from the suppliers already read. Adds each link's annual volume
   * to its supplier's in {@code volumes}.
   */
  private static List<String[]> links(
      Model graphs, Map<String, String> idByIri, Map<String, Double> volumes) {
    org.apache.jena.graph.Graph g = graphs.getGraph();
    Node buyerP = Lbt.buyer.asNode();
    Node supplierP = Lbt.supplier.asNode();
    Node volumeP = Lbt.annualVolume.asNode();
    java.util.Set<List<String>> seen = new java.util.LinkedHashSet<>();
    g.find(Node.ANY, RDF.type.asNode(), Lbt.SupplyLink.asNode())
        .forEachRemaining(
            t -> {
              List<String> buyers = new ArrayList<>(1);
              List<String> suppliers = new ArrayList<>(1);
              double[] volume = {0};
              g.find(t.getSubject(), Node.ANY, Node.ANY)
                  .forEachRemaining(
                      x -> {
                        Node p = x.getPredicate();
                        if (p.equals(volumeP)
                            && x.getObject().isLiteral()
                            && x.getObject().getLiteralValue() instanceof Number v) {
                          volume[0] += Math.max(0, v.doubleValue());
                        } else if (p.equals(buyerP) || p.equals(supplierP)) {
                          Node o = x.getObject();
                          String id = o.isURI() ? idByIri.get(o.getURI()) : null;
                          if (id != null) {
                            (p.equals(buyerP) ? buyers : suppliers).add(id);
                          }
                        }
                      });
              for (String b : buyers) {
                for (String sp : suppliers) {
                  seen.add(List.of(b, sp));
                }
              }
              if (volume[0] > 0) {
                suppliers.forEach(sp -> volumes.merge(sp, volume[0], Double::sum));
              }
            });
    return seen.stream().map(x -> new String[] {x.get(0), x.get(1)}).toList();
  }

  /** The last segment of an IRI: a code such as {@code PE-MDD} or {@code gold}. */
  private static String tail(Node n) {
    String v = n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    return v.substring(v.lastIndexOf('/') + 1);
  }

  private static List<Signal> signals(Rule rule, Model m, Map<String, String> idByIri) {
    List<Signal> out = new ArrayList<>();
    for (Resource s : m.listSubjectsWithProperty(RDF.type, Lbt.RiskSignal).toList()) {
      Resource supplier = s.getPropertyResourceValue(Lbt.supplier);
      Statement strength = s.getProperty(Lbt.strength);
      if (supplier == null || strength == null || !idByIri.containsKey(supplier.getURI())) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      s.listProperties(Lbt.evidence)
          .forEachRemaining(
              e -> {
                if (e.getObject().isURIResource()) {
                  evidence.add(e.getResource().getURI());
                }
              });
      evidence.sort(null);
      Statement observed = s.getProperty(Lbt.observedOn);
      Statement hard = s.getProperty(Lbt.hardStop);
      double v = Math.max(0, Math.min(1, strength.getDouble()));
      out.add(
          new Signal(
              idByIri.get(supplier.getURI()),
              rule.id(),
              rule.family(),
              v,
              evidence,
              observed == null ? null : LocalDate.parse(observed.getString().substring(0, 10)),
              hard != null && hard.getBoolean()));
    }
    return out;
  }

  /** Tier = shortest distance from a supplier nobody buys from (a buyer brand) — 0 for those. */
  private static int[] tiers(SupplyChain chain) {
    int n = chain.size();
    boolean[] supplied = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (int e = chain.from(i); e < chain.to(i); e++) {
        supplied[chain.target(e)] = true;
      }
    }
    int[] tier = new int[n];
    Arrays.fill(tier, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (!supplied[i]) {
        tier[i] = 0;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      int i = queue.poll();
      for (int e = chain.from(i); e < chain.to(i); e++) {
        int s = chain.target(e);
        if (tier[s] < 0) {
          tier[s] = tier[i] + 1;
          queue.add(s);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (tier[i] < 0) {
        tier[i] = 1; // only reachable through a cycle: at least one tier below someone
      }
    }
    return tier;
  }

  private Map<String, Map<String, List<String>>> describe(Collection<String> iris, Model graphs) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    if (iris.isEmpty()) {
      return out;
    }
    Query q = QueryFactory.create(EVIDENCE);
    Var e = Var.alloc("e");
    q.setValuesDataBlock(
        List.of(e),
        iris.stream().map(i -> BindingFactory.binding(e, NodeFactory.createURI(i))).toList());
    select(
        q,
        graphs,
        rs -> {
          rs.forEachRemaining(
              s -> {
                String p = s.getResource("p").getLocalName();
                out.computeIfAbsent(s.getResource("e").getURI(), k -> new TreeMap<>())
                    .computeIfAbsent(p, k -> new ArrayList<>())
                    .add(value(s.get("o")));
              });
          return null;
        });
    out.values().forEach(m -> m.values().forEach(l -> l.sort(null)));
    return out;
  }

  private static <T> T select(
      Query q, Model m, java.util.function.Function<org.apache.jena.query.ResultSet, T> fn) {
    try (QueryExecution qe = execution(q, m)) {
      return fn.apply(qe.execSelect());
    }
  }

  private static Model construct(Query q, Model m, long timeoutMs) {
    try (QueryExecution qe =
        QueryExecution.create()
            .query(q)
            .model(m)
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .build()) {
      return qe.execConstruct();
    }
  }

  private static QueryExecution execution(Query q, Model m) {
    return QueryExecution.create()
        .query(q)
        .model(m)
        .timeout(RULE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .build();
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static String value(RDFNode n) {
    return n.isLiteral() ? n.asLiteral().getLexicalForm() : n.asResource().getURI();
  }

  private static String str(QuerySolution q, String var) {
    RDFNode n = q.get(var);
    return n == null ? null : n.isLiteral() ? n.asLiteral().getLexicalForm() : n.toString();
  }
}
