package org.libertas.ontology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.graph.RuleSafety;

/**
 * Reads an ontology directory: every Turtle file (regression cases under tests/ excepted), the
 * rules' queries, and the scoring parameters. Nothing is fetched: imports are not followed.
 */
public final class OntologyLoader {
  private OntologyLoader() {}

  /** The ontology shipped with the application (the repository's ontology/, version 1). */
  public static Path bundledDirectory() {
    try {
      URI uri = OntologyLoader.class.getResource("/ontology/ontology.ttl").toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          FileSystems.newFileSystem(uri, Map.of());
        }
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException | IOException | NullPointerException e) {
      throw new IllegalStateException("the bundled ontology is missing from the classpath", e);
    }
  }

  public static Ontology load(Path dir, int version) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      // Indexed: the rules join the tenant's data with it on (predicate, object) patterns.
      Model model = ModelFactory.createModelForGraph(org.libertas.graph.MemoryGraphs.indexed());
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files =
            walk.filter(p -> p.toString().endsWith(".ttl"))
                .filter(p -> !dir.relativize(p).toString().startsWith("tests"))
                .sorted()
                .toList();
      }
      for (Path f : files) {
        byte[] bytes = Files.readAllBytes(f);
        digest.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        try (InputStream in = Files.newInputStream(f)) {
          RDFParser.source(in).lang(Lang.TURTLE).base("urn:libertas:ontology:").parse(model);
        } catch (RuntimeException e) {
          throw new IllegalStateException(dir.relativize(f) + ": " + e.getMessage(), e);
        }
      }
      inlineQueries(model, dir.resolve("rules"), digest);
      return fromModel(model, version, HexFormat.of().formatHex(digest.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies each rule's query file into the graph as {@code lbt:queryText}, so that a version is one
   * self-contained graph: stored, exported, edited and published as a single document.
   */
  private static void inlineQueries(Model m, Path rulesDir, MessageDigest digest)
      throws IOException {
    for (Resource r : m.listSubjectsWithProperty(RDF.type, Lbt.Rule).toList()) {
      if (r.hasProperty(Lbt.queryText)) {
        continue;
      }
      String file =
          string(r, Lbt.query).orElseThrow(() -> missing(r, "lbt:query or lbt:queryText"));
      Path q = rulesDir.resolve(file).normalize();
      if (!q.startsWith(rulesDir)) {
        throw new IllegalStateException(r + ": the query file must be in rules/");
      }
      String text = Files.readString(q, StandardCharsets.UTF_8);
      digest.update(text.getBytes(StandardCharsets.UTF_8));
      r.addProperty(Lbt.queryText, text);
    }
  }

  /**
   * Builds a version from its graph: rules (each a SPARQL 1.1 CONSTRUCT in lbt:queryText), scoring
   * parameters and labels. Throws {@link OntologyException} naming what is wrong.
   */
  public static Ontology fromModel(Model model, int version, String sha256) {
    try {
      List<Rule> rules = rules(model);
      ScoringParameters scoring = scoring(model);
      return new Ontology(
          version, sha256, model, rules, scoring, policy(model, rules, scoring), labels(model));
    } catch (OntologyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OntologyException(e.getMessage());
    }
  }

  /** A rule's CONSTRUCT, refused if it does not parse or could reach outside the store. */
  static Query parseRule(String id, String text) {
    Query query;
    try {
      query = QueryFactory.create(text, Syntax.syntaxSPARQL_11);
    } catch (QueryParseException e) {
      throw new OntologyException(
          "rule "
              + id
              + " does not parse (line "
              + e.getLine()
              + ", column "
              + e.getColumn()
              + "): "
              + e.getMessage());
    }
    if (!query.isConstructType()) {
      throw new OntologyException("rule " + id + " must be a CONSTRUCT query");
    }
    List<String> refused = RuleSafety.refusals(query);
    if (!refused.isEmpty()) {
      throw new OntologyException("rule " + id + " is refused: " + String.join("; ", refused));
    }
    return query;
  }

  private static List<Rule> rules(Model m) {
    List<Rule> rules = new ArrayList<>();
    for (Resource r : m.listSubjectsWithProperty(RDF.type, Lbt.Rule).toList()) {
      String id = string(r, DCTerms.identifier).orElseThrow(() -> missing(r, "dct:identifier"));
      String text = string(r, Lbt.queryText).orElseThrow(() -> missing(r, "lbt:queryText"));
      Resource family = r.getPropertyResourceValue(Lbt.family);
      if (family == null) {
        throw missing(r, "lbt:family");
      }
      Query query = parseRule(id, text);
      Resource source = r.getPropertyResourceValue(DCTerms.source);
      rules.add(
          new Rule(
              id,
              r.getURI(),
              family.getURI(),
              query,
              langMap(r, RDFS.label),
              source == null ? null : source.getURI()));
    }
    rules.sort((a, b) -> a.id().compareTo(b.id()));
    return List.copyOf(rules);
  }

  private static ScoringParameters scoring(Model m) {
    Resource p =
        m.listSubjectsWithProperty(RDF.type, Lbt.ScoringParameters)
            .nextOptional()
            .orElseThrow(() -> new IllegalStateException("scoring.ttl: no lbt:ScoringParameters"));
    List<ScoringParameters.Band> bands = new ArrayList<>();
    for (Resource b : m.listSubjectsWithProperty(RDF.type, Lbt.Band).toList()) {
      String local = b.getLocalName();
      String code = (local.startsWith("Band") ? local.substring(4) : local).toLowerCase();
      bands.add(
          new ScoringParameters.Band(
              b.getURI(),
              code,
              (int) number(b, Lbt.minScore),
              string(b, Lbt.recommendation).orElseThrow(() -> missing(b, "lbt:recommendation"))));
    }
    Map<String, ScoringParameters.Family> families = new HashMap<>();
    for (Resource f : m.listSubjectsWithProperty(RDF.type, Lbt.FactorFamily).toList()) {
      Resource combine = f.getPropertyResourceValue(Lbt.combine);
      double weight = f.hasProperty(Lbt.weight) ? number(f, Lbt.weight) : 1.0;
      families.put(
          f.getURI(), new ScoringParameters.Family(f.getURI(), weight, Lbt.Max.equals(combine)));
    }
    Resource hardStop = p.getPropertyResourceValue(Lbt.hardStopBand);
    return new ScoringParameters(
        number(p, Lbt.tierDecay),
        (int) number(p, Lbt.maxTiers),
        number(p, Lbt.maxStrength),
        number(p, Lbt.recencyHalfLifeDays),
        number(p, Lbt.matchThreshold),
        number(p, Lbt.possibleMatchThreshold),
        bands,
        hardStop == null ? null : hardStop.getURI(),
        families);
  }

  /**
   * The dimensions, coverage parameters, decision table and regimes. A version without a decision
   * table (published before it) gets an empty one: its recommendations are its bands'. A table that
   * leaves a combination uncovered or covers one twice is refused, naming it.
   */
  private static RecommendationPolicy policy(Model m, List<Rule> rules, ScoringParameters scoring) {
    Map<String, String> dimensionOf = new HashMap<>();
    for (Resource f : m.listSubjectsWithProperty(RDF.type, Lbt.FactorFamily).toList()) {
      Resource d = f.getPropertyResourceValue(Lbt.dimension);
      if (d != null) {
        dimensionOf.put(
            f.getURI(), string(d, SKOS.notation).orElseThrow(() -> missing(d, "skos:notation")));
      }
    }
    java.util.Set<String> closing = new java.util.HashSet<>();
    m.listSubjectsWithProperty(Lbt.closesEvidence, m.createTypedLiteral(true))
        .forEachRemaining(r -> closing.add(r.getURI()));
    Resource c =
        m.listSubjectsWithProperty(RDF.type, Lbt.CoverageParameters).nextOptional().orElse(null);
    java.util.Set<String> auditFamilies = new java.util.HashSet<>();
    if (c != null) {
      c.listProperties(Lbt.auditFamily)
          .forEachRemaining(st -> auditFamilies.add(st.getResource().getURI()));
    }
    Map<String, String> bandCode = new HashMap<>();
    scoring.bands().forEach(b -> bandCode.put(b.iri(), b.code()));
    bandCode.put(Lbt.NoOpenEvidence.getURI(), RecommendationPolicy.NO_OPEN_EVIDENCE);
    Map<String, String> recommendations = new HashMap<>();
    List<RecommendationPolicy.Row> rows = new ArrayList<>();
    Resource table =
        m.listSubjectsWithProperty(RDF.type, Lbt.DecisionTable).nextOptional().orElse(null);
    if (table != null) {
      for (Statement st : table.listProperties(Lbt.row).toList()) {
        Resource r = st.getResource();
        String code = string(r, SKOS.notation).orElseThrow(() -> missing(r, "skos:notation"));
        Resource rec = r.getPropertyResourceValue(Lbt.recommends);
        if (rec == null) {
          throw missing(r, "lbt:recommends");
        }
        String recCode =
            string(rec, SKOS.notation).orElseThrow(() -> missing(rec, "skos:notation"));
        recommendations.put(recCode, rec.getURI());
        rows.add(
            new RecommendationPolicy.Row(
                r.getURI(),
                code,
                booleans(r, Lbt.whenLegalBar),
                codes(r, Lbt.whenEvidence, bandCode, true),
                codes(r, Lbt.whenContext, bandCode, false),
                booleans(r, Lbt.whenRecentAudit),
                recCode));
      }
      rows.sort((a, b) -> a.code().compareTo(b.code()));
      List<String> gaps =
          RecommendationPolicy.gaps(
              rows, scoring.bands().stream().map(ScoringParameters.Band::code).toList());
      if (!gaps.isEmpty()) {
        throw new OntologyException(
            "decision table "
                + table.getURI()
                + " must cover every combination exactly once: "
                + String.join("; ", gaps));
      }
    }
    Map<String, String> ruleIdByIri = new HashMap<>();
    rules.forEach(r -> ruleIdByIri.put(r.iri(), r.id()));
    Map<String, RecommendationPolicy.Regime> regimes = new HashMap<>();
    for (Resource r : m.listSubjectsWithProperty(RDF.type, Lbt.Regime).toList()) {
      String code = string(r, SKOS.notation).orElseThrow(() -> missing(r, "skos:notation"));
      java.util.Set<String> barringRules = new java.util.TreeSet<>();
      for (Statement st : r.listProperties(Lbt.barringRule).toList()) {
        String id = ruleIdByIri.get(st.getResource().getURI());
        if (id == null) {
          throw new OntologyException(
              "regime " + code + ": lbt:barringRule " + st.getResource() + " is not a rule");
        }
        barringRules.add(id);
      }
      java.util.Set<String> barringEvidence = new java.util.TreeSet<>();
      r.listProperties(Lbt.barringEvidence)
          .forEachRemaining(st -> barringEvidence.add(st.getResource().getURI()));
      Statement byDefault = r.getProperty(Lbt.appliesByDefault);
      regimes.put(
          code,
          new RecommendationPolicy.Regime(
              r.getURI(),
              code,
              barringRules,
              barringEvidence,
              byDefault != null && byDefault.getBoolean()));
    }
    java.util.Set<String> primary = new java.util.HashSet<>();
    m.listSubjectsWithProperty(Lbt.primaryProduction, m.createTypedLiteral(true))
        .forEachRemaining(r -> primary.add(r.getURI().substring(r.getURI().lastIndexOf('/') + 1)));
    return new RecommendationPolicy(
        dimensionOf,
        closing,
        auditFamilies,
        primary,
        c == null || !c.hasProperty(Lbt.auditValidityDays)
            ? 365
            : (int) number(c, Lbt.auditValidityDays),
        c == null ? 0 : number(c, Lbt.volumeWeight),
        c == null ? 0 : number(c, Lbt.auditCoverage),
        c == null ? 0 : number(c, Lbt.tierCoverage),
        c == null ? 0 : number(c, Lbt.fieldCoverage),
        rows,
        regimes,
        recommendations);
  }

  /** A row's values on a boolean axis; both when the row does not name the axis. */
  private static java.util.Set<Boolean> booleans(Resource r, Property p) {
    java.util.Set<Boolean> out = new java.util.HashSet<>();
    r.listProperties(p).forEachRemaining(st -> out.add(st.getBoolean()));
    return out.isEmpty() ? java.util.Set.of(true, false) : out;
  }

  /** A row's values on a band axis, as codes; every value when the row does not name the axis. */
  private static java.util.Set<String> codes(
      Resource r, Property p, Map<String, String> bandCode, boolean withNone) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Statement st : r.listProperties(p).toList()) {
      String code = bandCode.get(st.getResource().getURI());
      if (code == null || (!withNone && code.equals(RecommendationPolicy.NO_OPEN_EVIDENCE))) {
        throw new OntologyException(
            "decision row "
                + r.getURI()
                + ": "
                + st.getResource()
                + " is not a value of "
                + p.getLocalName());
      }
      out.add(code);
    }
    if (out.isEmpty()) {
      for (Map.Entry<String, String> e : bandCode.entrySet()) {
        if (withNone || !e.getValue().equals(RecommendationPolicy.NO_OPEN_EVIDENCE)) {
          out.add(e.getValue());
        }
      }
    }
    return out;
  }

  private static Map<String, Map<String, String>> labels(Model m) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    for (Property prop : List.of(RDFS.label, SKOS.prefLabel)) {
      m.listStatements(null, prop, (RDFNode) null)
          .forEachRemaining(
              s -> {
                if (s.getSubject().isURIResource() && s.getObject().isLiteral()) {
                  Literal l = s.getLiteral();
                  String lang = l.getLanguage().isEmpty() ? "en" : l.getLanguage().toLowerCase();
                  labels
                      .computeIfAbsent(s.getSubject().getURI(), k -> new HashMap<>())
                      .putIfAbsent(lang, l.getLexicalForm());
                }
              });
    }
    labels.replaceAll((k, v) -> Map.copyOf(v));
    return Map.copyOf(labels);
  }

  private static Map<String, String> langMap(Resource r, Property p) {
    Map<String, String> out = new HashMap<>();
    for (Statement s : r.listProperties(p).toList()) {
      if (s.getObject().isLiteral()) {
        out.putIfAbsent(s.getLanguage().isEmpty() ? "en" : s.getLanguage(), s.getString());
      }
    }
    return Map.copyOf(out);
  }

  private static Optional<String> string(Resource r, Property p) {
    Statement s = r.getProperty(p);
    return s == null || !s.getObject().isLiteral() ? Optional.empty() : Optional.of(s.getString());
  }

  private static double number(Resource r, Property p) {
    Statement s = r.getProperty(p);
    if (s == null || !s.getObject().isLiteral()) {
      throw missing(r, p.getLocalName());
    }
    try {
      return s.getLiteral().getDouble();
    } catch (RuntimeException e) {
      return Double.parseDouble(s.getString());
    }
  }

  private static OntologyException missing(Resource r, String what) {
    return new OntologyException(r + " has no " + what);
  }
}
