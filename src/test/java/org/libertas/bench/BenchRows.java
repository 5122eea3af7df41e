package org.libertas.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.InfModel;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.reasoner.rulesys.GenericRuleReasoner;
import org.apache.jena.reasoner.rulesys.Rule;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.libertas.graph.GraphNames;
import org.libertas.graph.JenaGraphStore;
import org.libertas.graph.MemoryGraphs;
import org.libertas.graph.Sparql;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.CsvTable;
import org.libertas.ingest.CurrentView;
import org.libertas.ingest.ParsedUpload;
import org.libertas.ingest.ReferenceCodes;
import org.libertas.ingest.RowMapper;
import org.libertas.ingest.SupplyGraphGenerator;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.TenantScorer;
import org.libertas.rescoring.TenantScreening;

/**
 * One measurement per child JVM, so that each side gets a fresh heap and its peak can be read
 * alone: {@code BenchRows <row> <data dir>}. Prints one line {@code RESULT {json}} for {@link
 * SideBySide}. Heap: "retained" is the heap in use after full GCs with the result still reachable
 * (what the work needs to keep), minus nothing; "peak" is the sum of the heap pools' peak usage
 * since the start of the measured work (an upper bound, garbage included).
 */
public final class BenchRows {
  static final ObjectMapper JSON = new ObjectMapper();
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);

  /** Runs over the 1,000-supplier warm-up data before the measured run, on both sides. */
  static final int WARMUP_RUNS = 3;

  private BenchRows() {}

  public static void main(String[] args) throws Exception {
    String row = args[0];
    Path dir = Path.of(args[1]);
    ObjectNode out = JSON.createObjectNode();
    out.put("row", row);
    switch (row) {
      case "ingest-libertas" -> ingestLibertas(dir, out);
      case "ingest-peer" -> ingestPeer(dir, out);
      case "score-libertas" -> scoreLibertas(dir, out);
      case "score-peer" -> scorePeer(dir, out);
      case "screening" -> screening(Integer.parseInt(args[2]), out);
      default -> throw new IllegalArgumentException("unknown row " + row);
    }
    out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    System.out.println("RESULT " + JSON.writeValueAsString(out));
    System.out.flush();
    System.exit(0);
  }

  /**
   * The product's upload path for the four files, minus PostgreSQL: CsvTable + RowMapper (all the
   * validation) + one TDB2 write transaction per file that writes the upload's named graph and
   * applies it to the current view, exactly as UploadRunner's parse, validate and write steps do.
   */
  static void ingestLibertas(Path dir, ObjectNode out) throws Exception {
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    Path tdb = Files.createTempDirectory("bench-tdb2-libertas");
    CsvLimits limits = new CsvLimits(512L * 1024 * 1024, 50_000_000, 10_000, 100, 1_000);
    String tenant = SupplyGraphGenerator.TENANT;
    String current = GraphNames.current(tenant);
    resetPeaks();
    long t0 = System.nanoTime();
    long written = 0;
    try (JenaGraphStore store =
        new JenaGraphStore(tdb.resolve("tdb2"), tdb.resolve("tdb2-uploads"), 600_000)) {
      int u = 0;
      for (CsvKind kind : SupplyGraphGenerator.KINDS) {
        byte[] bytes = Files.readAllBytes(dir.resolve(kind.code() + ".csv"));
        CsvTable table = CsvTable.read(bytes, null, limits);
        Set<String> known =
            kind == CsvKind.SUPPLIERS
                ? Set.of()
                : store.select(
                    Sparql.query("supplier-ids.rq"),
                    List.of(current),
                    rs -> {
                      Set<String> ids = new HashSet<>();
                      rs.forEachRemaining(q -> ids.add(q.getLiteral("id").getString()));
                      return ids;
                    });
        ParsedUpload p =
            new RowMapper(kind, table, ReferenceCodes.of(o), tenant, known::contains, 1_000).map();
        String graph = GraphNames.upload(tenant, "bench-" + u++);
        store.write(
            w -> {
              w.clear(graph);
              p.triples().forEach(t -> w.add(graph, t));
              CurrentView.apply(w, current, kind, "merge", p.triples());
            });
        written += p.triples().size();
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    long triples = countLines(dir.resolve("data.nt"));
    out.put("seconds", s);
    out.put("triples", triples);
    out.put("triplesPerSecond", triples / s);
    out.put("mappedTriples", written);
    out.put("peakHeapBytes", peak());
    out.put("tdbBytes", size(tdb));
  }

  /** tdb2.tdbloader (jena-cmds) with its default loader, in this JVM, on data.nt. */
  static void ingestPeer(Path dir, ObjectNode out) throws Exception {
    Path tdb = Files.createTempDirectory("bench-tdb2-peer");
    resetPeaks();
    long t0 = System.nanoTime();
    tdbloader("--loc", tdb.toString(), dir.resolve("data.nt").toString());
    double s = (System.nanoTime() - t0) / 1e9;
    long triples = countLines(dir.resolve("data.nt"));
    out.put("seconds", s);
    out.put("triples", triples);
    out.put("triplesPerSecond", triples / s);
    out.put("peakHeapBytes", peak());
    out.put("tdbBytes", size(tdb));
  }

  /** Runs tdb2.tdbloader (jena-cmds, default loader) in this JVM. */
  static void tdbloader(String... args) {
    // The constructor is protected (the command is meant for main); a subclass reaches it.
    new tdb2.tdbloader(args) {}.mainRun();
  }

  /**
   * Libertas full scoring of the tenant's current view held in memory (what Rescoring copies out of
   * TDB2): screening of its names against the lists, then TenantScorer (every SPARQL rule, the
   * engine's noisy-OR, propagation, contributions, evidence). Writes matches.nt (the screening
   * matches, input to the peer too) and scores.nt (the answers, for the Fuseki peer).
   */
  static void scoreLibertas(Path dir, ObjectNode out) throws Exception {
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    JenaGraphStore scratch = JenaGraphStore.inMemory(600_000);
    // Warm: a running server has scored before (both sides warm up alike, on the same small data).
    Model small = residentData(warmup(dir));
    for (int i = 0; i < WARMUP_RUNS; i++) {
      scoreOnce(o, scratch, small);
    }
    // As the server holds a tenant's current view between rescorings (Rescoring's resident view).
    Model data = residentData(dir);
    long base = usedAfterGc();
    resetPeaks();
    long t0 = System.nanoTime();
    TenantScreening.Outcome screened =
        new TenantScreening().screenTenant(o, SupplyGraphGenerator.TENANT, data, Map.of());
    long t1 = System.nanoTime();
    ScoringRun run = new TenantScorer(scratch).score(o, withMatches(data, screened), AS_OF);
    long t2 = System.nanoTime();
    long peak = peak();
    long retained = usedAfterGc();
    out.put("seconds", (t2 - t0) / 1e9);
    out.put("screeningSeconds", (t1 - t0) / 1e9);
    out.put("scoringSeconds", (t2 - t1) / 1e9);
    out.put("suppliers", run.suppliers().size());
    out.put("peakHeapBytes", peak);
    out.put("retainedHeapBytes", retained);
    out.put("retainedOverDataBytes", retained - base);
    out.put("matches", screened.results().size());
    Map<String, Integer> byRule = new TreeMap<>();
    run.signals().values().forEach(l -> l.forEach(x -> byRule.merge(x.rule(), 1, Integer::sum)));
    out.set("signalsByRule", JSON.valueToTree(byRule));
    try (OutputStream m =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve("matches.nt")))) {
      RDFDataMgr.write(m, screened.matches(), Lang.NTRIPLES);
    }
    out.set("distribution", distribution(o, run));
    writeScores(run, dir.resolve("scores.nt"));
    if (run.assessments().isEmpty() || run.suppliers().size() != run.assessments().size()) {
      throw new IllegalStateException("scoring returned no assessments");
    }
    scratch.close();
  }

  /**
   * Calibration (DESIGN §4, 2026-12): how the generated portfolio falls into bands, dimension bands
   * and recommendations (the decision table under the ontology's default regimes), and the two
   * checks: do-not-source only under a legal bar, suspend-and-remediate only with open evidence.
   */
  static ObjectNode distribution(Ontology o, ScoringRun run) {
    Map<String, Integer> bands = new TreeMap<>();
    Map<String, Integer> byBandRecommendation = new TreeMap<>();
    Map<String, Integer> context = new TreeMap<>();
    Map<String, Integer> evidence = new TreeMap<>();
    Map<String, Integer> recommendations = new TreeMap<>();
    Map<String, Integer> rows = new TreeMap<>();
    int doNotSourceWithoutBar = 0;
    int suspendWithoutOpenEvidence = 0;
    int contextOnlyCritical = 0;
    int contextOnlyDoNotSource = 0;
    List<double[]> queue = new java.util.ArrayList<>(); // priority, index
    List<org.libertas.rescoring.Explanations.Explained> explained = new java.util.ArrayList<>();
    for (int i = 0; i < run.assessments().size(); i++) {
      Assessment a = run.assessments().get(i);
      org.libertas.rescoring.Explanations.Explained e =
          org.libertas.rescoring.Explanations.explain(
              o, a, run.suppliers().get(i), run, i, o.policy().defaultRegimes());
      var rec = e.json().getJsonObject("recommendation");
      queue.add(new double[] {e.priority(), i});
      explained.add(e);
      bands.merge(a.band().code(), 1, Integer::sum);
      byBandRecommendation.merge(a.band().recommendation(), 1, Integer::sum);
      context.merge(e.contextBand(), 1, Integer::sum);
      evidence.merge(e.evidenceBand(), 1, Integer::sum);
      recommendations.merge(e.recommendation(), 1, Integer::sum);
      rows.merge(rec.getString("row"), 1, Integer::sum);
      boolean barred = !rec.getJsonArray("barredBy").isEmpty();
      boolean open = !"none".equals(rec.getString("openEvidence"));
      if (e.recommendation().equals("do-not-source") && !barred) {
        doNotSourceWithoutBar++;
      }
      if (e.recommendation().equals("suspend-and-remediate") && !open) {
        suspendWithoutOpenEvidence++;
      }
      if (a.evidence().score() == 0 && a.band().code().equals("critical")) {
        contextOnlyCritical++;
        if (e.recommendation().equals("do-not-source")) {
          contextOnlyDoNotSource++;
        }
      }
    }
    ObjectNode d = JSON.createObjectNode();
    d.set("bands", JSON.valueToTree(bands));
    d.set("recommendationsByBandAlone", JSON.valueToTree(byBandRecommendation));
    d.set("contextBands", JSON.valueToTree(context));
    d.set("evidenceBands", JSON.valueToTree(evidence));
    d.set("recommendations", JSON.valueToTree(recommendations));
    d.set("decisionRows", JSON.valueToTree(rows));
    d.put("doNotSourceWithoutLegalBar", doNotSourceWithoutBar);
    d.put("suspendWithoutOpenEvidence", suspendWithoutOpenEvidence);
    d.put("criticalWithoutEvidence", contextOnlyCritical);
    d.put("criticalWithoutEvidenceToldDoNotSource", contextOnlyDoNotSource);
    // The top tenth of the work queue: what it asks for, at which tiers, how well known.
    queue.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[1], y[1]));
    int top = Math.max(1, queue.size() / 10);
    Map<String, Integer> topRecommendations = new TreeMap<>();
    Map<Integer, Integer> topTiers = new TreeMap<>();
    int topUnknownTiers = 0;
    double topContext = 0;
    for (int k = 0; k < top; k++) {
      int i = (int) queue.get(k)[1];
      var e = explained.get(i);
      topRecommendations.merge(e.recommendation(), 1, Integer::sum);
      topTiers.merge(run.suppliers().get(i).tier(), 1, Integer::sum);
      topUnknownTiers +=
          e.json().getJsonObject("coverage").getJsonArray("unknownTiers").isEmpty() ? 0 : 1;
      topContext += run.assessments().get(i).context().score();
    }
    ObjectNode q = d.putObject("topTenthOfTheQueue");
    q.put("suppliers", top);
    q.put("priorityFrom", queue.get(top - 1)[0]);
    q.put("priorityTo", queue.get(0)[0]);
    q.put("meanContextScore", Math.round(topContext / top * 10) / 10.0);
    q.put("withUnknownTiers", topUnknownTiers);
    q.set("recommendations", JSON.valueToTree(topRecommendations));
    q.set("tiers", JSON.valueToTree(topTiers));
    return d;
  }

  private static Model residentData(Path dir) {
    Model data = ModelFactory.createModelForGraph(MemoryGraphs.indexed());
    RDFDataMgr.read(data, dir.resolve("data.nt").toString());
    return data;
  }

  private static Model withMatches(Model data, TenantScreening.Outcome screened) {
    return ModelFactory.createModelForGraph(
        MemoryGraphs.union(data.getGraph(), screened.matches().getGraph()));
  }

  private static ScoringRun scoreOnce(Ontology o, JenaGraphStore scratch, Model data) {
    TenantScreening.Outcome screened =
        new TenantScreening().screenTenant(o, SupplyGraphGenerator.TENANT, data, Map.of());
    return new TenantScorer(scratch).score(o, withMatches(data, screened), AS_OF);
  }

  /**
   * 1,000 generated suppliers (seed 43) beside the measured data, generated on first use: both
   * sides of the scoring row run {@link #WARMUP_RUNS} times on them before the measured run, so
   * that neither is timed while the JIT compiles its code — a server has scored before.
   */
  static Path warmup(Path dir) {
    Path w = dir.toAbsolutePath().getParent().resolve("warmup-1000");
    if (!Files.exists(w.resolve("data.nt"))) {
      SupplyGraphGenerator.write(
          new SupplyGraphGenerator(43, 5).generate(1_000),
          OntologyLoader.load(OntologyLoader.bundledDirectory(), 1),
          w);
    }
    return w;
  }

  /** The assessments as RDF, for the Fuseki peer of GET /v1/suppliers/{id}/risk. */
  private static void writeScores(ScoringRun run, Path file) throws Exception {
    Model m = ModelFactory.createDefaultModel();
    Property score = m.createProperty(Lbt.NS, "score");
    Property band = m.createProperty(Lbt.NS, "band");
    Property rec = m.createProperty(Lbt.NS, "recommendation");
    Property factor = m.createProperty(Lbt.NS, "factor");
    Property family = m.createProperty(Lbt.NS, "family");
    Property rule = m.createProperty(Lbt.NS, "rule");
    Property contribution = m.createProperty(Lbt.NS, "contribution");
    Property hard = m.createProperty(Lbt.NS, "hardStop");
    for (int i = 0; i < run.assessments().size(); i++) {
      Assessment a = run.assessments().get(i);
      Resource s = m.createResource(run.suppliers().get(i).iri());
      Resource as = m.createResource(s.getURI() + "/assessment");
      s.addProperty(m.createProperty(Lbt.NS, "assessment"), as);
      as.addProperty(RDF.type, m.createResource(Lbt.NS + "Assessment"));
      as.addLiteral(score, (long) a.score());
      as.addProperty(band, a.band().code());
      as.addProperty(rec, a.band().recommendation());
      as.addLiteral(hard, a.hardStop());
      int k = 0;
      for (Assessment.Factor f : a.factors()) {
        Resource fr = m.createResource(as.getURI() + "/factor/" + k++);
        as.addProperty(factor, fr);
        fr.addProperty(family, f.family());
        if (f.rule() != null) {
          fr.addProperty(rule, f.rule());
        }
        fr.addLiteral(Lbt.strength, f.strength());
        fr.addLiteral(contribution, f.contribution());
        f.evidence().forEach(e -> fr.addProperty(Lbt.evidence, m.createResource(e)));
      }
    }
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file))) {
      RDFDataMgr.write(o, m, Lang.NTRIPLES);
    }
  }

  /**
   * Jena's GenericRuleReasoner, forward RETE, with src/test/resources/bench/libertas.rules over the
   * same data, the same screening matches and the same ontology graph.
   */
  static void scorePeer(Path dir, ObjectNode out) throws Exception {
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    // The peer's best form: one plain in-memory graph holding data, matches and ontology (no
    // union).
    Model data = RDFDataMgr.loadModel(dir.resolve("data.nt").toString());
    RDFDataMgr.read(data, dir.resolve("matches.nt").toString());
    data.add(o.model());
    Graph all = data.getGraph();
    List<Rule> rules;
    try (var in = BenchRows.class.getResourceAsStream("/bench/libertas.rules")) {
      rules =
          Rule.parseRules(
              Rule.rulesParserFromReader(
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)),
                  org.apache.jena.reasoner.rulesys.BuiltinRegistry.theRegistry));
    }
    // Warm, as the Libertas side is: the same rules once over the small warm-up data.
    Model warm = RDFDataMgr.loadModel(warmup(dir).resolve("data.nt").toString());
    warm.add(o.model());
    GenericRuleReasoner warmReasoner = new GenericRuleReasoner(rules);
    warmReasoner.setMode(GenericRuleReasoner.FORWARD_RETE);
    for (int i = 0; i < WARMUP_RUNS; i++) {
      ModelFactory.createInfModel(warmReasoner, warm).prepare();
    }
    long base = usedAfterGc();
    resetPeaks();
    long t0 = System.nanoTime();
    GenericRuleReasoner reasoner = new GenericRuleReasoner(rules);
    reasoner.setMode(GenericRuleReasoner.FORWARD_RETE);
    InfModel inf = ModelFactory.createInfModel(reasoner, ModelFactory.createModelForGraph(all));
    inf.prepare();
    long t1 = System.nanoTime();
    System.err.printf(java.util.Locale.ROOT, "peer inference done in %.1f s%n", (t1 - t0) / 1e9);
    long peak = peak();
    long retained = usedAfterGc();
    Property ruleId = inf.createProperty(Lbt.NS, "ruleId");
    Map<String, Integer> byRule = new TreeMap<>();
    inf.listStatements(null, ruleId, (org.apache.jena.rdf.model.RDFNode) null)
        .forEachRemaining(st -> byRule.merge(st.getString(), 1, Integer::sum));
    // Counted while iterating: at 100k suppliers a list of them does not fit the heap.
    long upstream = 0;
    for (var it =
            inf.listStatements(null, inf.createProperty(Lbt.NS, "upstreamSignal"), (Resource) null);
        it.hasNext(); ) {
      it.next();
      upstream++;
    }
    out.put("seconds", (t1 - t0) / 1e9);
    out.put("rules", rules.size());
    out.put("peakHeapBytes", peak);
    out.put("retainedHeapBytes", retained);
    out.put("retainedOverDataBytes", retained - base);
    out.put("derivedTriples", inf.getDeductionsModel().size());
    out.put("upstreamSignalTriples", upstream);
    out.set("signalsByRule", JSON.valueToTree(byRule));
  }

  static void screening(int names, ObjectNode out) {
    var f = org.libertas.screening.ScreeningThroughput.measure(names, 3.0, 3_000);
    out.put("entries", f.entries());
    out.put("indexQueriesPerSecond", f.indexQueriesPerSecond());
    out.put("allPairsQueriesPerSecond", f.allPairsQueriesPerSecond());
    out.put("recall", f.recall());
    out.put("recallSample", 3_000);
    out.put("precision", f.precision());
    out.put("indexBuildSeconds", f.indexBuildSeconds());
  }

  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static long countLines(Path p) throws Exception {
    try (var lines = Files.lines(p)) {
      return lines.count();
    }
  }

  static long size(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
