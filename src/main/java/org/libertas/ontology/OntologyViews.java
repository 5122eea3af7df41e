package org.libertas.ontology;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.util.FmtUtils;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;

/**
 * What the ontology API shows of a version, read from its Jena model into plain records. Walking a
 * model of tens of thousands of triples takes milliseconds, so every method here runs on a worker,
 * never on an event loop; the api renders the records.
 */
public final class OntologyViews {
  private OntologyViews() {}

  /** A version at a glance. */
  public record Summary(int version, String sha256, long triples, List<RuleSummary> rules) {}

  public record RuleSummary(String id, String family, String label, String source) {}

  /** An ILO indicator in one language. */
  public record Indicator(String id, String code, String label, String definition, Double weight) {}

  /** A type of reference fact and how many the version holds. */
  public record ReferenceType(String type, String label, int count) {}

  /** One reference fact: its literal values (in the language asked) and IRIs by property. */
  public record ReferenceEntry(
      String id, String type, String label, Source source, Map<String, List<String>> properties) {}

  public record Source(String id, String title) {}

  public record Reference(List<ReferenceType> types, List<ReferenceEntry> items) {}

  /** Ground triples (no blank node) added and removed between two versions, sorted. */
  public record Diff(int version, int against, List<String> added, List<String> removed) {}

  private static final int DIFF_LIMIT = 1000;
  private static final List<String> NAMED =
      List.of("good", "commodity", "sector", "region", "country").stream()
          .map(l -> Lbt.NS + l)
          .toList();

  public static Summary summary(Ontology o) {
    List<RuleSummary> rules = new ArrayList<>();
    o.rules()
        .forEach(
            r -> rules.add(new RuleSummary(r.id(), r.family(), r.labels().get("en"), r.source())));
    return new Summary(o.version(), o.sha256(), o.model().size(), rules);
  }

  /** The whole version as one Turtle document: download, edit, submit back as a draft. */
  public static String turtle(Ontology o) {
    StringWriter w = new StringWriter();
    RDFDataMgr.write(w, o.model(), RDFFormat.TURTLE_BLOCKS);
    return w.toString();
  }

  public static List<Indicator> indicators(Ontology o, String lang) {
    List<Indicator> items = new ArrayList<>();
    o
        .model()
        .listSubjectsWithProperty(SKOS.inScheme, o.model().createResource(Lbt.NS + "IloIndicators"))
        .toList()
        .stream()
        .sorted(Comparator.comparing(Resource::getURI))
        .forEach(
            r ->
                items.add(
                    new Indicator(
                        r.getURI(),
                        r.hasProperty(SKOS.notation)
                            ? r.getProperty(SKOS.notation).getString()
                            : r.getLocalName(),
                        o.label(r.getURI(), lang),
                        text(r, lang),
                        r.hasProperty(Lbt.weight) ? r.getProperty(Lbt.weight).getDouble() : null)));
    return items;
  }

  /**
   * The reference facts of the version: every instance of a subclass of lbt:ReferenceFact; every
   * type is counted, entries are listed for {@code only} (a type's local name) or, when null, all.
   */
  public static Reference reference(Ontology o, String lang, String only) {
    Model m = o.model();
    Resource fact = m.createResource(Lbt.NS + "ReferenceFact");
    Property name = m.createProperty(Lbt.NS + "name");
    List<ReferenceType> types = new ArrayList<>();
    List<ReferenceEntry> items = new ArrayList<>();
    m.listSubjectsWithProperty(RDFS.subClassOf, fact).toList().stream()
        .filter(Resource::isURIResource)
        .sorted(Comparator.comparing(Resource::getLocalName))
        .forEach(
            type -> {
              var entries = m.listSubjectsWithProperty(RDF.type, type).toList();
              types.add(
                  new ReferenceType(type.getLocalName(), labelOr(o, type, lang), entries.size()));
              if (only != null && !only.equals(type.getLocalName())) {
                return;
              }
              entries.stream()
                  .filter(Resource::isURIResource)
                  .sorted(Comparator.comparing(Resource::getURI))
                  .forEach(r -> items.add(referenceEntry(o, r, type, lang, name)));
            });
    return new Reference(types, items);
  }

  private static ReferenceEntry referenceEntry(
      Ontology o, Resource r, Resource type, String lang, Property name) {
    Map<String, List<String>> props = new LinkedHashMap<>();
    Source source = null;
    List<String> parts = new ArrayList<>();
    for (var st : r.listProperties().toList()) {
      var p = st.getPredicate();
      if (p.equals(RDF.type)) {
        continue;
      }
      var obj = st.getObject();
      if (p.equals(DCTerms.source) && obj.isURIResource()) {
        Resource src = obj.asResource();
        source =
            new Source(
                src.getURI(),
                src.hasProperty(DCTerms.title) ? src.getProperty(DCTerms.title).getString() : null);
        continue;
      }
      String value;
      if (obj.isLiteral()) {
        Literal l = obj.asLiteral();
        if (!l.getLanguage().isEmpty() && !l.getLanguage().equals(lang)) {
          continue;
        }
        value = l.getLexicalForm();
      } else if (obj.isURIResource()) {
        value = obj.asResource().getURI();
        if (NAMED.contains(p.getURI())) {
          parts.add(labelOr(o, obj.asResource(), lang));
        }
      } else {
        continue;
      }
      props.computeIfAbsent(p.getLocalName(), k -> new ArrayList<>()).add(value);
    }
    String label =
        r.hasProperty(name)
            ? r.getProperty(name).getString()
            : parts.isEmpty() ? r.getLocalName() : String.join(" — ", parts);
    return new ReferenceEntry(r.getURI(), type.getLocalName(), label, source, props);
  }

  /** Triples added and removed between two versions (blank-node structures left out). */
  public static Diff diff(Ontology version, Ontology against) {
    Model added = version.model().difference(against.model());
    Model removed = against.model().difference(version.model());
    return new Diff(
        version.version(), against.version(), groundTriples(added), groundTriples(removed));
  }

  private static List<String> groundTriples(Model m) {
    List<String> out = new ArrayList<>();
    m.listStatements()
        .forEachRemaining(
            s -> {
              if (!s.getSubject().isAnon() && !s.getObject().isAnon() && out.size() < DIFF_LIMIT) {
                out.add(FmtUtils.stringForTriple(s.asTriple()));
              }
            });
    out.sort(null);
    return out;
  }

  private static String labelOr(Ontology o, Resource r, String lang) {
    String l = o.label(r.getURI(), lang);
    return l != null ? l : r.getLocalName();
  }

  private static String text(Resource r, String lang) {
    String fallback = null;
    for (var st : r.listProperties(SKOS.definition).toList()) {
      Literal l = st.getLiteral();
      if (l.getLanguage().equals(lang)) {
        return l.getLexicalForm();
      }
      if (fallback == null || l.getLanguage().equals("en")) {
        fallback = l.getLexicalForm();
      }
    }
    return fallback;
  }
}
