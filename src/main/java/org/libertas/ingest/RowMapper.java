package org.libertas.ingest;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;
import org.libertas.ontology.Lbt;

/**
 * Validates the rows of one file of one kind and maps them onto the vocabulary of
 * docs/vocabulary.md. Every problem is collected with its line and column (up to a cap) before
 * anything is refused, so an auditor fixes the whole file in one go.
 */
public final class RowMapper {
  private static final int MAX_NAME = 200;
  private static final Map<String, Boolean> BOOLEANS = booleans();

  private final CsvKind kind;
  private final CsvTable table;
  private final ReferenceCodes codes;
  private final String tenantBase;
  private final Predicate<String> knownSupplier;
  private final int maxErrors;
  private final List<FieldError> errors = new ArrayList<>();
  private final List<FieldError> warnings = new ArrayList<>();
  private final List<Triple> triples = new ArrayList<>();
  private final Set<String> touched = new LinkedHashSet<>();
  private final Map<String, Integer> columns = new HashMap<>();
  private final Map<String, Long> oshIds = new HashMap<>();

  /**
   * @param knownSupplier whether a supplier id already exists for the tenant
   */
  public RowMapper(
      CsvKind kind,
      CsvTable table,
      ReferenceCodes codes,
      String tenant,
      Predicate<String> knownSupplier,
      int maxErrors) {
    this.kind = kind;
    this.table = table;
    this.codes = codes;
    this.tenantBase = Lbt.DATA + encode(tenant) + "/";
    this.knownSupplier = knownSupplier;
    this.maxErrors = maxErrors;
    this.warnings.addAll(table.warnings());
  }

  /** Checks the header alone: required columns present, none twice; unknown ones are warnings. */
  public static List<FieldError> checkHeader(CsvKind kind, List<String> header) {
    List<FieldError> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String h : header) {
      if (!seen.add(h)) {
        out.add(
            new FieldError(
                1, h, "duplicate-column", "column '" + h + "' appears twice in the header"));
      }
    }
    for (String r : kind.required()) {
      if (!seen.contains(r)) {
        out.add(
            new FieldError(
                1,
                r,
                "missing-column",
                "required column '"
                    + r
                    + "' is missing; a "
                    + kind.code()
                    + " file needs "
                    + String.join(", ", kind.required())));
      }
    }
    return out;
  }

  public ParsedUpload map() {
    List<FieldError> headerErrors = checkHeader(kind, table.header());
    if (!headerErrors.isEmpty()) {
      throw new ValidationException(
          "the header does not fit a " + kind.code() + " file", headerErrors);
    }
    for (int i = 0; i < table.header().size(); i++) {
      String h = table.header().get(i);
      columns.put(h, i);
      if (!kind.knows(h)) {
        warnings.add(
            new FieldError(
                1,
                h,
                "unknown-column",
                "column '" + h + "' is not part of a " + kind.code() + " file and was ignored"));
      }
    }
    Set<String> batchSuppliers = new LinkedHashSet<>();
    if (kind == CsvKind.SUPPLIERS) {
      for (CsvTable.Row row : table.rows()) {
        batchSuppliers.add(cellOf(row, "supplier_id"));
      }
    }
    Map<String, Long> keys = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      if (errors.size() >= maxErrors) {
        break;
      }
      if (row.cells().length != table.header().size()) {
        error(
            row.line(),
            null,
            "wrong-column-count",
            "the row has "
                + row.cells().length
                + " fields; the header has "
                + table.header().size());
        continue;
      }
      if (!kind.key().isEmpty()) {
        String key =
            String.join(
                "\u0000",
                kind.key().stream().map(c -> ReferenceCodes.key(cellOf(row, c))).toList());
        Long first = keys.putIfAbsent(key, row.line());
        if (first != null) {
          error(
              row.line(),
              kind.key().get(0),
              "duplicate-key",
              "this row repeats the key (" + String.join(", ", kind.key()) + ") of line " + first);
          continue;
        }
      }
      switch (kind) {
        case SUPPLIERS -> supplier(row);
        case RELATIONSHIPS -> relationship(row, batchSuppliers);
        case RECRUITERS -> recruiter(row, batchSuppliers);
        case FINDINGS -> finding(row, batchSuppliers);
        case OPENSUPPLYHUB -> openSupplyHub(row);
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(
          errors.size()
              + (errors.size() >= maxErrors ? " or more" : "")
              + " errors in the file; nothing was loaded",
          errors);
    }
    return new ParsedUpload(
        List.copyOf(triples), table.rows().size(), List.copyOf(warnings), Set.copyOf(touched));
  }

  private void supplier(CsvTable.Row row) {
    String id = required(row, "supplier_id", MAX_NAME);
    String name = required(row, "name", MAX_NAME);
    Optional<String> country = countryCell(row, "country", true);
    if (id == null) {
      return;
    }
    Node s = supplierNode(id);
    touched.add(id);
    add(s, RDF.type.asNode(), Lbt.Supplier.asNode());
    add(s, Lbt.supplierId.asNode(), literal(id));
    if (name != null) {
      add(s, Lbt.name.asNode(), literal(name));
    }
    add(s, Lbt.sourceLine.asNode(), integer(row.line()));
    country.ifPresent(c -> add(s, Lbt.country.asNode(), iri(c)));
    optional(row, "region")
        .ifPresent(
            v -> regionCell(row, v, country).ifPresent(r -> add(s, Lbt.region.asNode(), iri(r))));
    optional(row, "sector")
        .ifPresent(
            v ->
                lookup(
                        row,
                        "sector",
                        v,
                        codes::sector,
                        "unknown-sector",
                        "a sector of the ontology (e.g. mining, fishing, construction)")
                    .ifPresent(x -> add(s, Lbt.sector.asNode(), iri(x))));
    optional(row, "commodities")
        .ifPresent(
            v ->
                commodities(row, "commodities", v)
                    .forEach(c -> add(s, Lbt.commodity.asNode(), iri(c))));
    optional(row, "worker_count")
        .ifPresent(
            v ->
                wholeNumber(row, "worker_count", v)
                    .ifPresent(n -> add(s, Lbt.workerCount.asNode(), integer(n))));
    optional(row, "migrant_worker_share")
        .ifPresent(
            v ->
                share(row, "migrant_worker_share", v)
                    .ifPresent(d -> add(s, Lbt.migrantWorkerShare.asNode(), decimal(d))));
    optional(row, "registration_id")
        .ifPresent(v -> add(s, Lbt.registrationId.asNode(), literal(v)));
    optional(row, "address").ifPresent(v -> add(s, Lbt.address.asNode(), literal(v)));
  }

  private void relationship(CsvTable.Row row, Set<String> batch) {
    String buyer = supplierRef(row, "buyer_id", batch);
    String supplier = supplierRef(row, "supplier_id", batch);
    if (buyer != null && buyer.equals(supplier)) {
      error(row.line(), "supplier_id", "self-link", "a supplier cannot supply itself");
      return;
    }
    if (buyer == null || supplier == null) {
      return;
    }
    Node l = node("link/" + encode(buyer) + "/" + encode(supplier));
    touched.add(buyer);
    touched.add(supplier); // a link's commodity is the supplier's (commodity rules)
    add(l, RDF.type.asNode(), Lbt.SupplyLink.asNode());
    add(l, Lbt.buyer.asNode(), supplierNode(buyer));
    add(l, Lbt.supplier.asNode(), supplierNode(supplier));
    add(l, Lbt.sourceLine.asNode(), integer(row.line()));
    optional(row, "commodity")
        .ifPresent(
            v ->
                commodities(row, "commodity", v)
                    .forEach(c -> add(l, Lbt.commodity.asNode(), iri(c))));
    optional(row, "annual_volume")
        .ifPresent(
            v ->
                number(row, "annual_volume", v)
                    .ifPresent(d -> add(l, Lbt.annualVolume.asNode(), decimal(d))));
    optional(row, "since")
        .ifPresent(
            v -> date(row, "since", v).ifPresent(d -> add(l, Lbt.since.asNode(), dateLiteral(d))));
  }

  private void recruiter(CsvTable.Row row, Set<String> batch) {
    String supplier = supplierRef(row, "supplier_id", batch);
    String name = required(row, "recruiter_name", MAX_NAME);
    Optional<String> country =
        optional(row, "recruiter_country")
            .flatMap(v -> countryCell(row, "recruiter_country", false));
    if (supplier == null || name == null) {
      return;
    }
    String key = hash(ReferenceCodes.key(name) + "|" + country.orElse(""));
    Node r = node("recruiter/" + key);
    Node link = node("recruitment/" + encode(supplier) + "/" + key);
    touched.add(supplier);
    add(r, RDF.type.asNode(), Lbt.Recruiter.asNode());
    add(r, Lbt.name.asNode(), literal(name));
    country.ifPresent(c -> add(r, Lbt.country.asNode(), iri(c)));
    optional(row, "licence_number").ifPresent(v -> add(r, Lbt.licenceNumber.asNode(), literal(v)));
    add(link, RDF.type.asNode(), Lbt.RecruitmentLink.asNode());
    add(link, Lbt.employer.asNode(), supplierNode(supplier));
    add(link, Lbt.recruiter.asNode(), r);
    add(link, Lbt.sourceLine.asNode(), integer(row.line()));
    optional(row, "origin_country")
        .flatMap(v -> countryCell(row, "origin_country", false))
        .ifPresent(c -> add(link, Lbt.originCountry.asNode(), iri(c)));
    optional(row, "workers_recruited")
        .ifPresent(
            v ->
                wholeNumber(row, "workers_recruited", v)
                    .ifPresent(n -> add(link, Lbt.workersRecruited.asNode(), integer(n))));
    optional(row, "worker_paid_fees")
        .ifPresent(
            v ->
                bool(row, "worker_paid_fees", v)
                    .ifPresent(
                        b ->
                            add(
                                link,
                                Lbt.workerPaidFees.asNode(),
                                NodeFactory.createLiteralDT(
                                    b.toString(), XSDDatatype.XSDboolean))));
  }

  private void finding(CsvTable.Row row, Set<String> batch) {
    String supplier = supplierRef(row, "supplier_id", batch);
    String indicatorValue = required(row, "indicator", MAX_NAME);
    Optional<String> indicator =
        indicatorValue == null
            ? Optional.empty()
            : lookup(
                row,
                "indicator",
                indicatorValue,
                codes::indicator,
                "unknown-indicator",
                "an ILO indicator code or its label in en/fr/es (e.g. debt-bondage, « Servitude pour dettes »)");
    Optional<LocalDate> observed =
        optional(row, "observed_on").flatMap(v -> date(row, "observed_on", v));
    Optional<String> severity =
        optional(row, "severity")
            .flatMap(
                v ->
                    lookup(
                        row,
                        "severity",
                        v,
                        codes::severity,
                        "bad-severity",
                        "low, medium or high (faible/moyenne/élevée, baja/media/alta)"));
    Optional<String> status =
        optional(row, "status")
            .flatMap(
                v ->
                    lookup(
                        row,
                        "status",
                        v,
                        codes::status,
                        "bad-status",
                        "open or remediated (ouvert/remédié, abierto/remediado)"));
    if (supplier == null || indicator.isEmpty()) {
      return;
    }
    String content =
        String.join(
            "|",
            supplier,
            indicator.get(),
            observed.map(Object::toString).orElse(""),
            cellOf(row, "evidence"),
            cellOf(row, "auditor"));
    Node f = node("finding/" + encode(supplier) + "/" + hash(content));
    touched.add(supplier);
    add(f, RDF.type.asNode(), Lbt.AuditFinding.asNode());
    add(f, Lbt.supplier.asNode(), supplierNode(supplier));
    add(f, Lbt.indicator.asNode(), iri(indicator.get()));
    add(f, Lbt.sourceLine.asNode(), integer(row.line()));
    observed.ifPresent(d -> add(f, Lbt.observedOn.asNode(), dateLiteral(d)));
    severity.ifPresent(v -> add(f, Lbt.severity.asNode(), iri(v)));
    status.ifPresent(v -> add(f, Lbt.status.asNode(), iri(v)));
    optional(row, "auditor").ifPresent(v -> add(f, Lbt.auditor.asNode(), literal(v)));
    optional(row, "evidence").ifPresent(v -> add(f, Lbt.evidenceText.asNode(), literal(v)));
  }

  private void openSupplyHub(CsvTable.Row row) {
    String name = required(row, "name", MAX_NAME);
    String address = required(row, "address", 1000);
    String countryValue = required(row, "country", MAX_NAME);
    Optional<String> country = Optional.empty();
    if (countryValue != null) {
      country = codes.countryByCodeOrName(countryValue);
      if (country.isEmpty()) {
        error(
            row.line(),
            "country",
            "unknown-country",
            "'" + countryValue + "' is neither an ISO 3166-1 code nor a country name");
      }
    }
    if (name == null || address == null || country.isEmpty()) {
      return;
    }
    String id =
        optional(row, "os_id")
            .orElseGet(
                () ->
                    "OSH-"
                        + hash(
                            ReferenceCodes.key(name)
                                + "|"
                                + ReferenceCodes.key(address)
                                + "|"
                                + countryValue.toUpperCase(Locale.ROOT)));
    Long first = oshIds.putIfAbsent(id, row.line());
    if (first != null) {
      error(
          row.line(),
          optional(row, "os_id").isPresent() ? "os_id" : "name",
          "duplicate-key",
          "this row describes the same facility (" + id + ") as line " + first);
      return;
    }
    Node s = supplierNode(id);
    touched.add(id);
    add(s, RDF.type.asNode(), Lbt.Supplier.asNode());
    add(s, Lbt.supplierId.asNode(), literal(id));
    add(s, Lbt.name.asNode(), literal(name));
    add(s, Lbt.address.asNode(), literal(address));
    add(s, Lbt.country.asNode(), iri(country.get()));
    add(s, Lbt.sourceLine.asNode(), integer(row.line()));
    optional(row, "sector")
        .flatMap(codes::sector)
        .ifPresent(x -> add(s, Lbt.sector.asNode(), iri(x)));
    optional(row, "product_type")
        .ifPresent(
            v ->
                commodities(row, "product_type", v)
                    .forEach(c -> add(s, Lbt.commodity.asNode(), iri(c))));
    optional(row, "number_of_workers")
        .ifPresent(
            v ->
                wholeNumber(row, "number_of_workers", v.replaceAll("\\s*-.*$", ""))
                    .ifPresent(n -> add(s, Lbt.workerCount.asNode(), integer(n))));
    optional(row, "lei_id")
        .or(() -> optional(row, "duns_id"))
        .ifPresent(v -> add(s, Lbt.registrationId.asNode(), literal(v)));
  }

  // --- cells ---------------------------------------------------------------------------------

  private String cellOf(CsvTable.Row row, String column) {
    Integer i = columns.get(column);
    if (i == null) {
      i = table.header().indexOf(column);
    }
    return i < 0 || i >= row.cells().length ? "" : row.cells()[i].trim();
  }

  private Optional<String> optional(CsvTable.Row row, String column) {
    String v = cellOf(row, column);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private String required(CsvTable.Row row, String column, int max) {
    String v = cellOf(row, column);
    if (v.isEmpty()) {
      error(row.line(), column, "missing-value", "'" + column + "' is required");
      return null;
    }
    if (v.length() > max) {
      error(
          row.line(),
          column,
          "too-long",
          "'" + column + "' has " + v.length() + " characters; at most " + max);
      return null;
    }
    if (v.chars().anyMatch(ch -> ch < 0x20)) {
      error(
          row.line(),
          column,
          "control-character",
          "'" + column + "' contains a control character or line break");
      return null;
    }
    return v;
  }

  private String supplierRef(CsvTable.Row row, String column, Set<String> batch) {
    String id = required(row, column, MAX_NAME);
    if (id != null && !batch.contains(id) && !knownSupplier.test(id)) {
      error(
          row.line(),
          column,
          "unknown-supplier",
          "supplier '" + id + "' is not known: upload it in a suppliers file first");
      return null;
    }
    return id;
  }

  private Optional<String> countryCell(CsvTable.Row row, String column, boolean required) {
    String v = required ? required(row, column, 10) : cellOf(row, column);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> c = codes.country(v);
    if (c.isEmpty()) {
      error(
          row.line(),
          column,
          "bad-country",
          "'" + v + "' is not an ISO 3166-1 alpha-2 country code (e.g. PE, TH, MY)");
    }
    return c;
  }

  /**
   * A region known to the ontology is linked to it. The ontology's ISO 3166-2 list is first-level
   * only in places, so a well-formed code of the supplier's own country that it lacks is kept with
   * a warning rather than refused; a malformed code or one of another country is an error.
   */
  private Optional<String> regionCell(CsvTable.Row row, String v, Optional<String> country) {
    String code = v.trim().toUpperCase(Locale.ROOT);
    Optional<String> r = codes.region(code);
    Optional<String> rc = r.isPresent() ? codes.regionCountry(code) : Optional.empty();
    if (r.isEmpty()) {
      if (!code.matches("[A-Z]{2}-[A-Z0-9]{1,3}")) {
        error(
            row.line(),
            "region",
            "bad-region",
            "'" + v + "' is not an ISO 3166-2 subdivision code (e.g. PE-MDD)");
        return Optional.empty();
      }
      rc = codes.country(code.substring(0, 2));
      if (rc.isEmpty()) {
        error(
            row.line(),
            "region",
            "bad-region",
            "'" + v + "' does not start with an ISO 3166-1 country code");
        return Optional.empty();
      }
      warnings.add(
          new FieldError(
              row.line(),
              "region",
              "unlisted-region",
              "'"
                  + v
                  + "' is not in the ontology's subdivision list; kept as given, no regional risk applies"));
      r = Optional.of(Lbt.REGION + code);
    }
    if (country.isPresent() && rc.isPresent() && !rc.get().equals(country.get())) {
      error(
          row.line(),
          "region",
          "region-country-mismatch",
          "region '" + v + "' is not in the supplier's country");
      return Optional.empty();
    }
    return r;
  }

  private Optional<String> lookup(
      CsvTable.Row row,
      String column,
      String v,
      java.util.function.Function<String, Optional<String>> f,
      String code,
      String expected) {
    Optional<String> found = f.apply(v);
    if (found.isEmpty()) {
      error(row.line(), column, code, "'" + v + "' is not known; expected " + expected);
    }
    return found;
  }

  /** Commodities known to the ontology are linked to it; others are kept under their own slug. */
  private List<String> commodities(CsvTable.Row row, String column, String v) {
    List<String> out = new ArrayList<>();
    for (String part : v.split("[|;]")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      Optional<String> known = codes.commodity(p);
      if (known.isPresent()) {
        out.add(known.get());
      } else {
        warnings.add(
            new FieldError(
                row.line(),
                column,
                "unknown-commodity",
                "'"
                    + p
                    + "' is not a commodity of the ontology; kept as given, no commodity risk applies"));
        out.add(Lbt.COMMODITY + encode(ReferenceCodes.key(p).replace(' ', '-')));
      }
    }
    return out;
  }

  private Optional<Long> wholeNumber(CsvTable.Row row, String column, String v) {
    try {
      long n = Long.parseLong(v.replace(" ", "").replace("\u00a0", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      error(row.line(), column, "bad-number", "'" + v + "' is not a whole number ≥ 0");
      return Optional.empty();
    }
  }

  private Optional<BigDecimal> number(CsvTable.Row row, String column, String v) {
    try {
      BigDecimal d = new BigDecimal(decimalText(v));
      if (d.signum() < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      error(row.line(), column, "bad-number", "'" + v + "' is not a number ≥ 0");
      return Optional.empty();
    }
  }

  /** A share as 0–1 or as a percentage ("35%"); decimal commas where the delimiter is ';'. */
  private Optional<BigDecimal> share(CsvTable.Row row, String column, String v) {
    boolean percent = v.endsWith("%");
    try {
      BigDecimal d =
          new BigDecimal(decimalText(percent ? v.substring(0, v.length() - 1).trim() : v));
      if (percent) {
        d = d.movePointLeft(2);
      }
      if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
        error(
            row.line(),
            column,
            "out-of-range",
            "'" + v + "' must be between 0 and 1, or a percentage such as 35%");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      error(row.line(), column, "bad-number", "'" + v + "' is not a share: write 0.35 or 35%");
      return Optional.empty();
    }
  }

  private String decimalText(String v) {
    String t = v.replace(" ", "").replace("\u00a0", "");
    if (table.delimiter() == ';' && t.indexOf(',') >= 0 && t.indexOf('.') < 0) {
      t = t.replace(',', '.');
    }
    return t;
  }

  private Optional<LocalDate> date(CsvTable.Row row, String column, String v) {
    try {
      return Optional.of(LocalDate.parse(v));
    } catch (DateTimeParseException e) {
      error(row.line(), column, "bad-date", "'" + v + "' is not an ISO date (YYYY-MM-DD)");
      return Optional.empty();
    }
  }

  private Optional<Boolean> bool(CsvTable.Row row, String column, String v) {
    Boolean b = BOOLEANS.get(ReferenceCodes.key(v));
    if (b == null) {
      error(
          row.line(),
          column,
          "bad-boolean",
          "'" + v + "' is not a yes/no value (true/false, yes/no, oui/non, sí/no)");
      return Optional.empty();
    }
    return Optional.of(b);
  }

  private static Map<String, Boolean> booleans() {
    Map<String, Boolean> m = new HashMap<>();
    for (String t : List.of("true", "yes", "y", "1", "oui", "vrai", "si", "verdadero")) {
      m.put(t, true);
    }
    for (String f : List.of("false", "no", "n", "0", "non", "faux", "falso")) {
      m.put(f, false);
    }
    return Map.copyOf(m);
  }

  private void error(long line, String column, String code, String message) {
    if (errors.size() < maxErrors) {
      errors.add(new FieldError(line, column, code, message));
    }
  }

  // --- RDF -----------------------------------------------------------------------------------

  private Node supplierNode(String id) {
    return node("supplier/" + encode(id));
  }

  private Node node(String path) {
    return NodeFactory.createURI(tenantBase + path);
  }

  private void add(Node s, Node p, Node o) {
    triples.add(Triple.create(s, p, o));
  }

  private static Node iri(String iri) {
    return NodeFactory.createURI(iri);
  }

  private static Node literal(String s) {
    return NodeFactory.createLiteralString(s);
  }

  private static Node integer(long n) {
    return NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger);
  }

  private static Node decimal(BigDecimal d) {
    return NodeFactory.createLiteralDT(
        d.stripTrailingZeros().toPlainString(), XSDDatatype.XSDdecimal);
  }

  private static Node dateLiteral(LocalDate d) {
    return NodeFactory.createLiteralDT(d.toString(), XSDDatatype.XSDdate);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
