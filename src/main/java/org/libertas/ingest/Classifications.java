package org.libertas.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;

/**
 * The published classifications an auditor's file may use instead of a Libertas slug — ISIC Rev.4
 * and NACE Rev.2 for a sector, HS 2022 for a commodity — and the crosswalk from their codes to the
 * ontology's sectors and commodities (ontology/reference/classification-crosswalk.ttl).
 *
 * <p>A code without a row of its own takes the row of its nearest broader code (HS 6 → 4 → 2
 * digits; ISIC class → group → division → section; a NACE item also through the ISIC item
 * Eurostat's correspondence names) when that row is {@code exactMatch}, {@code closeMatch} or
 * {@code broadMatch}; a {@code narrowMatch} or {@code relatedMatch} row holds for its own code
 * only. The deepest applicable row wins. Everything is resolved once, when the version is read.
 *
 * <p>Reading a value: for a sector, letters and digits are ISIC or NACE ({@code B}, {@code 07},
 * {@code 072}, {@code 0721}; {@code C14.1}, {@code 14.13}, {@code B07.29}, {@code 1413}); a value
 * with a dot or a leading section letter is read as NACE first, bare digits as ISIC first (so
 * {@code 141} is the ISIC group and {@code 14.1} the NACE group), and a section letter that
 * contradicts the code ({@code A07.29}) matches nothing. For a commodity, digits are HS at 2, 4 or
 * 6 digits, dots and spaces ignored; a national tariff line (8 or 10 digits) is read as its 6-digit
 * subheading; an odd number of digits is a code whose leading zero a spreadsheet dropped ({@code
 * 30617} is 0306.17); a subheading HS 2022 does not have (e.g. 4015.11 of HS 2017) is read as its
 * heading. A purely numeric value such as {@code 0721} is therefore an activity in the sector
 * column and a product in the commodity columns.
 */
public final class Classifications {
  public static final String ISIC = Lbt.NS + "IsicRev4";
  public static final String NACE = Lbt.NS + "NaceRev2";
  public static final String HS = Lbt.NS + "Hs2022";

  /** What a code is: its concept in a classification scheme. */
  public record Code(String scheme, String iri, String notation, String label) {}

  /**
   * A code resolved to a Libertas term.
   *
   * @param code the concept the value names
   * @param via the concept whose crosswalk row applied (the code itself or a broader one)
   * @param property the SKOS mapping property of that row (its local name, e.g. closeMatch)
   * @param target the sector or commodity IRI
   */
  public record Match(Code code, Code via, String property, String target) {}

  private static final List<Property> INHERITED =
      List.of(SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch);
  private static final List<Property> ORDER =
      List.of(
          SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch);
  private static final Pattern ACTIVITY = Pattern.compile("^([A-U])?(\\d{2}(?:\\.?\\d{1,2})?)?$");

  private final Map<String, Concept> isic = new HashMap<>();
  private final Map<String, Concept> nace = new HashMap<>();
  private final Map<String, Concept> hs = new HashMap<>();

  private static volatile Classifications latest;
  private final Ontology ontology;

  /** The classifications of an ontology version, built once per version. */
  public static Classifications of(Ontology ontology) {
    Classifications c = latest;
    if (c == null || c.ontology != ontology) {
      c = new Classifications(ontology);
      latest = c;
    }
    return c;
  }

  public Classifications(Ontology ontology) {
    this.ontology = ontology;
    Model m = ontology.model();
    // One scan per predicate rather than a lookup per concept: the three schemes hold some 9,000
    // concepts, and this runs once per ontology version, on the path of the first upload.
    Map<String, String> schemeOf = new HashMap<>();
    for (String scheme : List.of(ISIC, NACE, HS)) {
      m.listSubjectsWithProperty(SKOS.inScheme, m.createResource(scheme))
          .forEachRemaining(r -> schemeOf.put(r.getURI(), scheme));
    }
    Map<String, String> labels = new HashMap<>();
    m.listStatements(null, SKOS.prefLabel, (RDFNode) null)
        .forEachRemaining(
            s -> {
              String iri = s.getSubject().getURI();
              if (iri != null && schemeOf.containsKey(iri) && s.getObject().isLiteral()) {
                String lang = s.getLanguage();
                if (lang.isEmpty() || lang.equals("en")) {
                  labels.put(iri, s.getString());
                } else {
                  labels.putIfAbsent(iri, s.getString());
                }
              }
            });
    Map<String, Concept> byIri = new HashMap<>();
    m.listStatements(null, SKOS.notation, (RDFNode) null)
        .forEachRemaining(
            s -> {
              String iri = s.getSubject().getURI();
              String scheme = iri == null ? null : schemeOf.get(iri);
              if (scheme != null && s.getObject().isLiteral()) {
                String notation = s.getString();
                Concept c = new Concept(new Code(scheme, iri, notation, labels.get(iri)));
                byIri.put(iri, c);
                String key = notation.replace(".", "");
                if (scheme.equals(HS)) {
                  if (key.chars().allMatch(Character::isDigit)) {
                    hs.put(key, c); // sections (roman numerals) are structure, not codes one writes
                  }
                } else {
                  (scheme.equals(ISIC) ? isic : nace).put(key, c);
                }
              }
            });
    m.listStatements(null, SKOS.broader, (RDFNode) null)
        .forEachRemaining(
            s -> {
              Concept c = byIri.get(s.getSubject().getURI());
              if (c != null && s.getObject().isURIResource()) {
                c.parent = byIri.get(s.getResource().getURI());
              }
            });
    for (Property p : ORDER) {
      m.listStatements(null, p, (RDFNode) null)
          .forEachRemaining(
              s -> {
                Concept c = byIri.get(s.getSubject().getURI());
                if (c == null || !s.getObject().isURIResource()) {
                  return;
                }
                String target = s.getResource().getURI();
                Concept other = byIri.get(target);
                if (other != null) {
                  if (c.code.scheme().equals(NACE)
                      && other.code.scheme().equals(ISIC)
                      && INHERITED.contains(p)) {
                    c.correspondent = other;
                    c.correspondentSame = !p.equals(SKOS.broadMatch);
                  }
                } else if (target.startsWith(Lbt.SECTOR)) {
                  c.sector = stronger(c.sector, new Row(p, target));
                } else if (target.startsWith(Lbt.COMMODITY)) {
                  c.commodity = stronger(c.commodity, new Row(p, target));
                }
              });
    }
    for (Concept c : byIri.values()) {
      c.sectorMatch = resolve(c, true);
      c.commodityMatch = resolve(c, false);
    }
  }

  /** Of two rows of one code, the stronger property, then the smaller IRI: deterministic. */
  private static Row stronger(Row a, Row b) {
    if (a == null) {
      return b;
    }
    int pa = ORDER.indexOf(a.property);
    int pb = ORDER.indexOf(b.property);
    return pb < pa || (pb == pa && b.target.compareTo(a.target) < 0) ? b : a;
  }

  /** The deepest applicable row among the concept, its correspondent and their broader codes. */
  private static Match resolve(Concept start, boolean sector) {
    Match best = null;
    int bestDepth = -1;
    List<Step> frontier = new ArrayList<>(List.of(new Step(start, true)));
    Set<Concept> seen = new HashSet<>();
    for (int i = 0; i < frontier.size(); i++) {
      Step step = frontier.get(i);
      Concept c = step.concept();
      if (!seen.add(c)) {
        continue; // breadth first: the first visit is the one that may count as the code itself
      }
      Row row = sector ? c.sector : c.commodity;
      int depth = c.depth();
      if (row != null && (step.self() || INHERITED.contains(row.property)) && depth > bestDepth) {
        best = new Match(start.code, c.code, row.property.getLocalName(), row.target);
        bestDepth = depth;
      }
      if (c.correspondent != null) {
        frontier.add(new Step(c.correspondent, step.self() && c.correspondentSame));
      }
      if (c.parent != null) {
        frontier.add(new Step(c.parent, false));
      }
    }
    return best;
  }

  /** The ISIC Rev.4 or NACE Rev.2 item a sector value names. */
  public Optional<Code> activity(String value) {
    return Optional.ofNullable(activityConcept(value)).map(c -> c.code);
  }

  /** The Libertas sector an ISIC or NACE code maps to, with the row that maps it. */
  public Optional<Match> sectorMatch(String value) {
    return Optional.ofNullable(activityConcept(value)).map(c -> c.sectorMatch);
  }

  /** The Libertas sector IRI an ISIC or NACE code maps to. */
  public Optional<String> sector(String value) {
    return sectorMatch(value).map(Match::target);
  }

  /** The HS 2022 chapter, heading or subheading a commodity value names. */
  public Optional<Code> product(String value) {
    String d = hsDigits(value);
    return d == null ? Optional.empty() : Optional.ofNullable(hs.get(d)).map(c -> c.code);
  }

  /** The Libertas commodity an HS code maps to, with the row that maps it. */
  public Optional<Match> commodityMatch(String value) {
    String d = hsDigits(value);
    if (d == null) {
      return Optional.empty();
    }
    Concept c = hs.get(d);
    if (c == null && d.length() == 6) {
      c = hs.get(d.substring(0, 4)); // a subheading of another edition: its heading is what we know
    }
    return Optional.ofNullable(c).map(x -> x.commodityMatch);
  }

  /** The Libertas commodity IRI an HS code maps to. */
  public Optional<String> commodity(String value) {
    return commodityMatch(value).map(Match::target);
  }

  private Concept activityConcept(String value) {
    String s = value.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    Matcher m = ACTIVITY.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      return null;
    }
    String letter = m.group(1);
    String code = m.group(2);
    if (code == null) {
      return isic.get(letter);
    }
    String digits = code.replace(".", "");
    boolean naceFirst = letter != null || code.contains(".");
    Concept c =
        naceFirst
            ? orElse(nace.get(digits), isic.get(digits))
            : orElse(isic.get(digits), nace.get(digits));
    if (c != null && letter != null && !letter.equals(c.section())) {
      return null;
    }
    return c;
  }

  private static Concept orElse(Concept a, Concept b) {
    return a != null ? a : b;
  }

  private static String hsDigits(String value) {
    String s = value.strip().replaceAll("[\\s.]+", "");
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    if (s.length() % 2 == 1) {
      if (s.length() == 1) {
        return null;
      }
      s = "0" + s;
    }
    return s.length() > 6 ? s.substring(0, 6) : s;
  }

  private record Row(Property property, String target) {}

  private record Step(Concept concept, boolean self) {}

  private static final class Concept {
    final Code code;
    Concept parent;
    Concept correspondent;
    boolean correspondentSame;
    Row sector;
    Row commodity;
    Match sectorMatch;
    Match commodityMatch;

    Concept(Code code) {
      this.code = code;
    }

    int depth() {
      int d = 0;
      for (Concept c = parent; c != null; c = c.parent) {
        d++;
      }
      return d;
    }

    String section() {
      Concept c = this;
      while (c.parent != null) {
        c = c.parent;
      }
      return c.code.notation();
    }
  }
}
