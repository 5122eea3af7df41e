package org.libertas.ingest;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;

/**
 * The codes and labels a CSV cell may use, taken from the active ontology: ISO countries and
 * regions, indicators, commodities, sectors, severities and statuses — by code or by any label in
 * en/fr/es, case- and accent-insensitively.
 */
public final class ReferenceCodes {
  private final Map<String, String> countries = new HashMap<>();
  private final Map<String, String> countryNames = new HashMap<>();
  private final Map<String, String> regions = new HashMap<>();
  private final Map<String, String> regionCountry = new HashMap<>();
  private final Map<String, String> indicators = new HashMap<>();
  private final Map<String, String> commodities = new HashMap<>();
  private final Map<String, String> sectors = new HashMap<>();
  private final Map<String, String> severities = new HashMap<>();
  private final Map<String, String> statuses = new HashMap<>();

  private static volatile ReferenceCodes latest;

  private final Ontology ontology;
  private final Columns columns;
  private final SheetKinds sheetKinds;
  private volatile UploadShapes shapes;
  private final Classifications classifications;

  /** The codes of an ontology version, built once per version (versions are immutable). */
  public static ReferenceCodes of(Ontology ontology) {
    ReferenceCodes c = latest;
    if (c == null || c.ontology != ontology) {
      c = new ReferenceCodes(ontology);
      latest = c;
    }
    return c;
  }

  public ReferenceCodes(Ontology ontology) {
    this.ontology = ontology;
    this.classifications = Classifications.of(ontology);
    Model m = ontology.model();
    this.columns = new Columns(m);
    this.sheetKinds = new SheetKinds(m);
    m.listSubjectsWithProperty(Lbt.iso2)
        .forEachRemaining(
            c -> {
              countries.put(
                  c.getProperty(Lbt.iso2).getString().toUpperCase(Locale.ROOT), c.getURI());
              labelsOf(c, countryNames);
            });
    m.listSubjectsWithProperty(RDF.type, m.createResource(Lbt.NS + "Region"))
        .forEachRemaining(
            r -> {
              if (r.hasProperty(Lbt.code)) {
                String code = r.getProperty(Lbt.code).getString().toUpperCase(Locale.ROOT);
                regions.put(code, r.getURI());
                Resource c = r.getPropertyResourceValue(Lbt.inCountry);
                if (c != null) {
                  regionCountry.put(code, c.getURI());
                }
              }
            });
    indexByNamespace(m, Lbt.INDICATOR, indicators);
    indexByNamespace(m, Lbt.COMMODITY, commodities);
    indexByNamespace(m, Lbt.SECTOR, sectors);
    m.listSubjectsWithProperty(Lbt.multiplier)
        .forEachRemaining(
            r -> {
              String local = r.getLocalName();
              if (local.startsWith("Severity")) {
                severities.put(key(local.substring(8)), r.getURI());
                labelsOf(r, severities);
              } else if (local.startsWith("Status")) {
                statuses.put(key(local.substring(6)), r.getURI());
                labelsOf(r, statuses);
              }
            });
  }

  private static void indexByNamespace(Model m, String ns, Map<String, String> into) {
    m.listSubjects()
        .forEachRemaining(
            s -> {
              if (s.isURIResource() && s.getURI().startsWith(ns)) {
                into.put(key(s.getURI().substring(ns.length())), s.getURI());
                if (s.hasProperty(SKOS.notation)) {
                  into.put(key(s.getProperty(SKOS.notation).getString()), s.getURI());
                }
                labelsOf(s, into);
              }
            });
  }

  private static void labelsOf(Resource r, Map<String, String> into) {
    for (var p :
        new org.apache.jena.rdf.model.Property[] {SKOS.prefLabel, SKOS.altLabel, RDFS.label}) {
      r.listProperties(p)
          .forEachRemaining(
              st -> {
                RDFNode o = st.getObject();
                if (o.isLiteral()) {
                  into.putIfAbsent(key(o.asLiteral().getLexicalForm()), r.getURI());
                }
              });
    }
  }

  /** Case-, accent-, space- and hyphen-insensitive form of a code or label. */
  static String key(String s) {
    String n = Normalizer.normalize(s.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return n.replaceAll("\\p{M}", "").replaceAll("[\\s_\\-]+", " ").trim();
  }

  /** The ontology's shapes for upload data, parsed on first use. */
  UploadShapes shapes() {
    UploadShapes s = shapes;
    if (s == null) {
      s = new UploadShapes(ontology.model());
      shapes = s;
    }
    return s;
  }

  /** The upload columns and their aliases. */
  public Columns columns() {
    return columns;
  }

  /** The names of upload kinds a workbook's sheets may have. */
  public SheetKinds sheetKinds() {
    return sheetKinds;
  }

  public Optional<String> country(String code) {
    return Optional.ofNullable(countries.get(code.trim().toUpperCase(Locale.ROOT)));
  }

  /** A country by ISO code or by its name in en/fr/es (Open Supply Hub writes names). */
  public Optional<String> countryByCodeOrName(String value) {
    return country(value).or(() -> Optional.ofNullable(countryNames.get(key(value))));
  }

  public Optional<String> region(String code) {
    return Optional.ofNullable(regions.get(code.trim().toUpperCase(Locale.ROOT)));
  }

  public Optional<String> regionCountry(String code) {
    return Optional.ofNullable(regionCountry.get(code.trim().toUpperCase(Locale.ROOT)));
  }

  public boolean hasRegionsFor(String countryIri) {
    return regionCountry.containsValue(countryIri);
  }

  public Optional<String> indicator(String value) {
    return Optional.ofNullable(indicators.get(key(value)));
  }

  /** A commodity by slug or label, else by HS 2022 code ({@link Classifications#commodity}). */
  public Optional<String> commodity(String value) {
    return Optional.ofNullable(commodities.get(key(value)))
        .or(() -> classifications.commodity(value));
  }

  /** A sector by slug or label, else by ISIC Rev.4 or NACE Rev.2 code. */
  public Optional<String> sector(String value) {
    return Optional.ofNullable(sectors.get(key(value))).or(() -> classifications.sector(value));
  }

  /** The classification codes of this version, for a mapper that keeps the code it read. */
  public Classifications classifications() {
    return classifications;
  }

  /** The sectors whose slug or label is nearest to an unknown value: their slugs, best first. */
  public List<String> nearestSectors(String value) {
    return nearest(sectors, Lbt.SECTOR, value);
  }

  /** The commodities whose slug or label is nearest to an unknown value, best first. */
  public List<String> nearestCommodities(String value) {
    return nearest(commodities, Lbt.COMMODITY, value);
  }

  /**
   * Up to three slugs of the concepts whose code or label is nearest (Levenshtein distance, at most
   * a third of the value's length) to {@code value}; a label one of whose words is the value, or a
   * value one of whose words is a label, counts as distance 1.
   */
  private static List<String> nearest(Map<String, String> index, String ns, String value) {
    String k = key(value);
    if (k.isEmpty()) {
      return List.of();
    }
    LevenshteinDistance lev = new LevenshteinDistance(Math.max(1, k.length() / 3));
    List<String> words = List.of(k.split(" "));
    Map<String, Integer> best = new HashMap<>();
    index.forEach(
        (label, iri) -> {
          int d =
              List.of(label.split(" ")).contains(k)
                      || (label.length() >= 4 && words.contains(label))
                  ? 1
                  : lev.apply(k, label);
          if (d >= 0) {
            best.merge(iri.substring(ns.length()), d, Math::min);
          }
        });
    return best.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(Map.Entry::getKey)
        .toList();
  }

  public Optional<String> severity(String value) {
    return Optional.ofNullable(severities.get(key(value)));
  }

  public Optional<String> status(String value) {
    return Optional.ofNullable(statuses.get(key(value)));
  }
}
