package org.libertas.rescoring;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.screening.ListEntry;
import org.libertas.screening.Match;
import org.libertas.screening.NameNormaliser;
import org.libertas.screening.Query;
import org.libertas.screening.Reason;
import org.libertas.screening.ScreeningIndex;
import org.libertas.screening.TenantMatches;
import org.libertas.screening.TenantMatches.Decision;
import org.libertas.screening.TenantMatches.Kind;
import org.libertas.screening.TenantMatches.Result;
import org.libertas.screening.TenantMatches.Screened;
import org.libertas.screening.Thresholds;
import org.libertas.screening.Tuning;
import org.libertas.store.StoredReasons;

/**
 * Screening with the lists of the active ontology: answers ad-hoc queries, and screens a tenant's
 * recruiters (against the recruiter blacklists) and suppliers (against the entity lists) before
 * each rescoring, writing the results as the tenant's screening graph for the rules to read.
 *
 * <p>Lists, legal forms and parameters all come from the ontology; the indexes are built once per
 * {@link Ontology} instance (a published version swaps the instance) and shared by all threads.
 * Blocking; run it on a worker.
 */
public final class TenantScreening {

  private static final Comparator<Result> RESULT_ORDER =
      Comparator.comparing((Result r) -> r.screened().iri())
          .thenComparing(r -> -r.match().score())
          .thenComparing(r -> r.match().entryId());
  private static final Resource LISTED_RECRUITER = term("ListedRecruiter");
  private static final Resource LISTED_ENTITY = term("ListedEntity");
  private static final Property ALIAS = prop("alias");
  private static final Property IDENTIFIER = prop("identifier");
  private static final Property LIST = prop("list");
  private static final Property LEGAL_FORM = prop("legalForm");
  private static final Property MATCH_REASON = prop("matchReason");
  private static final Property COUNTRY_PENALTY = prop("countryMismatchPenalty");
  private static final Property CANDIDATES = prop("screeningCandidates");
  private static final Property MATCH_LIMIT = prop("screeningMatchLimit");

  /** The indexes of one ontology version. */
  public record Lists(
      Ontology ontology,
      ScreeningIndex recruiters,
      ScreeningIndex entities,
      int matchLimit,
      long buildMillis) {}

  /**
   * A tenant's screening: its matches, how many names were screened, and where the time went
   * (building the indexes when the ontology is new, reading names, matching, writing the graph).
   */
  public record Outcome(
      List<Result> results,
      org.apache.jena.rdf.model.Model matches,
      int screenedNames,
      long buildMillis,
      long readMillis,
      long matchMillis,
      long writeMillis) {
    public long millis() {
      return buildMillis + readMillis + matchMillis + writeMillis;
    }
  }

  private final GraphStore store;
  private Lists cached;

  public TenantScreening(GraphStore store) {
    this.store = store;
  }

  /** The indexes of this ontology, built on first use and kept until the ontology is replaced. */
  public synchronized Lists lists(Ontology ontology) {
    Lists c = cached;
    if (c != null && c.ontology() == ontology) {
      return c;
    }
    long start = System.nanoTime();
    Model m = ontology.model();
    Resource p =
        m.listSubjectsWithProperty(RDF.type, Lbt.ScoringParameters)
            .nextOptional()
            .orElseThrow(() -> new IllegalStateException("the ontology has no scoring parameters"));
    Thresholds thresholds =
        new Thresholds(
            ontology.scoring().matchThreshold(), ontology.scoring().possibleMatchThreshold());
    Tuning tuning = new Tuning(number(p, COUNTRY_PENALTY), (int) number(p, CANDIDATES));
    TreeSet<String> forms = new TreeSet<>();
    m.listObjectsOfProperty(LEGAL_FORM)
        .forEachRemaining(
            o -> {
              if (o.isLiteral()) {
                forms.add(o.asLiteral().getLexicalForm());
              }
            });
    NameNormaliser normaliser = new NameNormaliser(forms);
    ScreeningIndex recruiters =
        ScreeningIndex.build(
            entries(m, LISTED_RECRUITER, List.of(Lbt.licenceNumber, IDENTIFIER)),
            normaliser,
            thresholds,
            tuning);
    ScreeningIndex entities =
        ScreeningIndex.build(
            entries(m, LISTED_ENTITY, List.of(IDENTIFIER, Lbt.registrationId)),
            normaliser,
            thresholds,
            tuning);
    c =
        new Lists(
            ontology,
            recruiters,
            entities,
            (int) number(p, MATCH_LIMIT),
            (System.nanoTime() - start) / 1_000_000);
    cached = c;
    return c;
  }

  /** Ad-hoc screening of one name (the screening API). */
  public List<Match> screen(Ontology ontology, Kind kind, Query query) {
    Lists l = lists(ontology);
    return index(l, kind).screen(query, l.matchLimit());
  }

  /**
   * Screens every recruiter and supplier of an in-memory copy of the tenant's current view (the
   * copy the scoring uses too) and replaces the tenant's screening graph in the store, in one
   * write. Reviewed pairs keep the reviewer's decision.
   *
   * @param decisions latest review per pair, keyed by {@link #pairKey}
   */
  public Outcome screenTenant(
      Ontology ontology,
      String tenantId,
      org.apache.jena.rdf.model.Model data,
      Map<String, Decision> decisions) {
    return screen(ontology, tenantId, data, decisions, null, null);
  }

  /**
   * Screens again only the names an upload (re)defined: the results of every other recruiter and
   * supplier are those of {@code previous}, which must be a screening of the view just before the
   * upload, with the same ontology and the same reviewers' decisions. Writes the screening graph as
   * {@link #screenTenant} does.
   *
   * @param changed the subjects of the upload's triples
   */
  public Outcome screenChanged(
      Ontology ontology,
      String tenantId,
      org.apache.jena.rdf.model.Model data,
      Map<String, Decision> decisions,
      Outcome previous,
      java.util.Set<Node> changed) {
    return screen(ontology, tenantId, data, decisions, previous, changed);
  }

  /** Screens every name, or with {@code previous} only the {@code changed} ones. */
  private Outcome screen(
      Ontology ontology,
      String tenantId,
      org.apache.jena.rdf.model.Model data,
      Map<String, Decision> decisions,
      Outcome previous,
      java.util.Set<Node> changed) {
    long t0 = System.nanoTime();
    Lists l = lists(ontology);
    long t1 = System.nanoTime();
    List<Screened> subjects = subjects(ontology, data, changed);
    long t2 = System.nanoTime();
    List<Result> results = new ArrayList<>(match(l, tenantId, subjects, decisions));
    if (previous != null) {
      java.util.Set<String> iris = new java.util.HashSet<>();
      changed.forEach(n -> iris.add(n.isURI() ? n.getURI() : n.toString()));
      previous.results().stream()
          .filter(r -> !iris.contains(r.screened().iri()))
          .forEach(results::add);
      results.sort(RESULT_ORDER);
      if (results.equals(previous.results())) {
        // Nothing the upload defines matched differently: the store's screening graph holds.
        long t3 = System.nanoTime();
        return new Outcome(
            previous.results(),
            previous.matches(),
            subjects.size(),
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (t3 - t2) / 1_000_000,
            0);
      }
    }
    var matches =
        org.apache.jena.rdf.model.ModelFactory.createModelForGraph(MemoryGraphs.indexed());
    write(
        org.apache.jena.riot.system.StreamRDFLib.graph(matches.getGraph()),
        tenantId,
        results,
        decisions);
    long t3 = System.nanoTime();
    store.writeGraph(
        GraphNames.screening(tenantId),
        sink ->
            org.apache.jena.riot.system.StreamRDFOps.sendGraphToStream(matches.getGraph(), sink));
    long t4 = System.nanoTime();
    return new Outcome(
        results,
        matches,
        subjects.size(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000);
  }

  /**
   * Screens the recruiters and the supplier of an in-memory graph (a prospective supplier) and
   * returns the screening matches as triples, storing nothing.
   */
  public org.apache.jena.rdf.model.Model screenGraph(
      Ontology ontology, String tenantId, org.apache.jena.rdf.model.Model data) {
    return screenGraph(ontology, tenantId, data, Map.of());
  }

  /** The same, with reviewers' decisions (to recompute a historic score). */
  public org.apache.jena.rdf.model.Model screenGraph(
      Ontology ontology,
      String tenantId,
      org.apache.jena.rdf.model.Model data,
      Map<String, Decision> decisions) {
    Lists l = lists(ontology);
    List<Screened> subjects = subjects(ontology, data);
    var out = org.apache.jena.rdf.model.ModelFactory.createDefaultModel();
    write(
        org.apache.jena.riot.system.StreamRDFLib.graph(out.getGraph()),
        tenantId,
        match(l, tenantId, subjects, decisions),
        decisions);
    return out;
  }

  /** The recruiters and suppliers of in-memory data, with country codes from the ontology. */
  private static List<Screened> subjects(Ontology ontology, org.apache.jena.rdf.model.Model data) {
    return subjects(ontology, data, null);
  }

  /**
   * The same, only among {@code only} when given. Every recruiter (with its licence number) and
   * every supplier (with its registration id) that has a name, the country as ISO2 from the
   * ontology graph, in IRI order; a subject both recruiter and supplier is screened as each. One
   * walk over each subject's triples (a grouped SPARQL query took seconds at 100k suppliers).
   */
  private static List<Screened> subjects(
      Ontology ontology, org.apache.jena.rdf.model.Model data, java.util.Set<Node> only) {
    org.apache.jena.graph.Graph g = data.getGraph();
    org.apache.jena.graph.Graph reference = MemoryGraphs.union(g, ontology.model().getGraph());
    java.util.TreeMap<String, Node> subjects = new java.util.TreeMap<>();
    if (only != null) {
      for (Node n : only) {
        if (n.isURI()
            && (g.contains(n, RDF.type.asNode(), Lbt.Recruiter.asNode())
                || g.contains(n, RDF.type.asNode(), Lbt.Supplier.asNode()))) {
          subjects.put(n.getURI(), n);
        }
      }
    } else {
      for (Node type : List.of(Lbt.Recruiter.asNode(), Lbt.Supplier.asNode())) {
        g.find(Node.ANY, RDF.type.asNode(), type)
            .forEachRemaining(
                t -> {
                  if (t.getSubject().isURI()) {
                    subjects.put(t.getSubject().getURI(), t.getSubject());
                  }
                });
      }
    }
    // Name, country, licence number, registration id; and whether recruiter, supplier or both.
    List<Node> properties =
        List.of(
            Lbt.name.asNode(),
            Lbt.country.asNode(),
            Lbt.licenceNumber.asNode(),
            Lbt.registrationId.asNode());
    Node type = RDF.type.asNode();
    List<Screened> out = new ArrayList<>();
    for (Node s : subjects.values()) {
      boolean[] is = new boolean[2];
      Node[] first =
          MemoryGraphs.firstObjects(
              g,
              s,
              properties,
              t -> {
                if (t.getPredicate().equals(type)) {
                  is[0] |= t.getObject().equals(Lbt.Recruiter.asNode());
                  is[1] |= t.getObject().equals(Lbt.Supplier.asNode());
                }
              });
      if (first[0] == null) {
        continue;
      }
      String cc =
          first[1] == null ? null : MemoryGraphs.firstText(reference, first[1], Lbt.iso2.asNode());
      if (is[0]) {
        out.add(
            new Screened(
                s.getURI(),
                Kind.RECRUITER,
                MemoryGraphs.text(first[0]),
                cc,
                MemoryGraphs.text(first[2])));
      }
      if (is[1]) {
        out.add(
            new Screened(
                s.getURI(),
                Kind.SUPPLIER,
                MemoryGraphs.text(first[0]),
                cc,
                MemoryGraphs.text(first[3])));
      }
    }
    return out;
  }

  private static List<Result> match(
      Lists l, String tenantId, List<Screened> subjects, Map<String, Decision> decisions) {
    List<Result> results = new ArrayList<>();
    for (Screened s : subjects) {
      Query query = new Query(s.name(), s.country(), s.identifier());
      for (Match m : index(l, s.kind()).screen(query, l.matchLimit())) {
        Decision d = decisions.get(TenantMatches.pairKey(s.iri(), m.entryId()));
        String status =
            d != null
                ? (d.confirmed() ? "confirmed" : "dismissed")
                : m.status() == Match.Status.MATCH ? "match" : "possible";
        results.add(
            new Result(TenantMatches.matchId(tenantId, s.iri(), m.entryId()), s, m, status));
      }
    }
    results.sort(RESULT_ORDER);
    return results;
  }

  private static ScreeningIndex index(Lists l, Kind kind) {
    return kind == Kind.RECRUITER ? l.recruiters() : l.entities();
  }

  private static void write(
      StreamRDF sink, String tenantId, List<Result> results, Map<String, Decision> decisions) {
    for (Result r : results) {
      Node m =
          NodeFactory.createURI(
              Lbt.DATA
                  + java.net.URLEncoder.encode(tenantId, StandardCharsets.UTF_8)
                  + "/screening-match/"
                  + r.matchId());
      sink.triple(Triple.create(m, RDF.type.asNode(), Lbt.ScreeningMatch.asNode()));
      sink.triple(
          Triple.create(m, Lbt.screened.asNode(), NodeFactory.createURI(r.screened().iri())));
      sink.triple(
          Triple.create(m, Lbt.listEntry.asNode(), NodeFactory.createURI(r.match().entryId())));
      sink.triple(
          Triple.create(
              m,
              Lbt.matchScore.asNode(),
              NodeFactory.createLiteralDT(
                  BigDecimal.valueOf(r.match().score()).toPlainString(), XSDDatatype.XSDdecimal)));
      sink.triple(
          Triple.create(
              m,
              Lbt.matchStatus.asNode(),
              NodeFactory.createURI(
                  Lbt.NS
                      + switch (r.status()) {
                        case "confirmed" -> "ConfirmedMatch";
                        case "dismissed" -> "DismissedMatch";
                        case "match" -> "Match";
                        default -> "PossibleMatch";
                      })));
      List<Reason> reasons = new ArrayList<>(r.match().reasons());
      Decision d = decisions.get(TenantMatches.pairKey(r.screened().iri(), r.match().entryId()));
      if (d != null) {
        reasons.add(
            Reason.of(
                d.confirmed()
                    ? Reason.Feature.REVIEWER_CONFIRMED
                    : Reason.Feature.REVIEWER_DISMISSED,
                d.note() == null || d.note().isBlank() ? null : d.note(),
                null));
      }
      // One literal per reason, the JSON text of {feature, value, score}: codes, labelled when
      // read. A plain string, not rdf:JSON, which JSON-LD and remote stores would re-canonicalise.
      for (Reason reason : reasons) {
        sink.triple(
            Triple.create(
                m,
                MATCH_REASON.asNode(),
                NodeFactory.createLiteralString(StoredReasons.json(reason).encode())));
      }
    }
  }

  private static List<ListEntry> entries(Model m, Resource type, List<Property> identifiers) {
    List<ListEntry> out = new ArrayList<>();
    for (Resource r : m.listSubjectsWithProperty(RDF.type, type).toList()) {
      String name = literal(r.getProperty(Lbt.name));
      if (!r.isURIResource() || name == null) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      identifiers.forEach(p -> ids.addAll(literals(r, p)));
      Resource country = r.getPropertyResourceValue(Lbt.country);
      Resource source = r.getPropertyResourceValue(DCTerms.source);
      out.add(
          new ListEntry(
              r.getURI(),
              name,
              literals(r, ALIAS),
              ids,
              country == null ? null : literal(country.getProperty(Lbt.iso2)),
              source != null && source.isURIResource()
                  ? source.getURI()
                  : literal(r.getProperty(LIST))));
    }
    // Model iteration order is not stable from one load to the next; results must be.
    out.sort(Comparator.comparing(ListEntry::id));
    return out;
  }

  private static List<String> literals(Resource r, Property p) {
    List<String> out = new ArrayList<>();
    r.listProperties(p)
        .forEachRemaining(
            s -> {
              if (s.getObject().isLiteral()) {
                out.add(s.getLiteral().getLexicalForm());
              }
            });
    out.sort(null);
    return out;
  }

  private static String literal(Statement s) {
    return s == null || !s.getObject().isLiteral() ? null : s.getLiteral().getLexicalForm();
  }

  private static double number(Resource r, Property p) {
    Statement s = r.getProperty(p);
    if (s == null || !s.getObject().isLiteral()) {
      throw new IllegalStateException(r + " has no " + p.getLocalName() + " (scoring.ttl)");
    }
    return Double.parseDouble(s.getLiteral().getLexicalForm());
  }

  private static Resource term(String local) {
    return ResourceFactory.createResource(Lbt.NS + local);
  }

  private static Property prop(String local) {
    return ResourceFactory.createProperty(Lbt.NS + local);
  }
}
