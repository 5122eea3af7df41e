package org.libertas.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.libertas.errors.FieldError;
import org.libertas.ontology.Lbt;

/**
 * The cells of one file and what they may hold: required text, supplier references, countries,
 * regions, codes of the ontology, commodities, numbers, shares, dates and yes/no values. A parser
 * that refuses a cell records a {@link FieldError} naming the line, the column and what was
 * expected, and returns nothing, so the row goes on and every problem of the file is found in one
 * pass (up to the cap); a descriptive value the ontology lacks is kept with a warning.
 */
final class Cells {
  static final int MAX_NAME = 200;
  private static final Map<String, Boolean> BOOLEANS = booleans();

  private final CsvTable table;
  private final ReferenceCodes codes;
  private final Predicate<String> knownSupplier;
  private final int maxErrors;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<FieldError> errors = new ArrayList<>();
  private final List<FieldError> warnings = new ArrayList<>();

  /**
   * @param knownSupplier whether a supplier id may be referred to (in the file or the tenant's)
   */
  Cells(CsvTable table, ReferenceCodes codes, Predicate<String> knownSupplier, int maxErrors) {
    this.table = table;
    this.codes = codes;
    this.knownSupplier = knownSupplier;
    this.maxErrors = maxErrors;
    for (int i = 0; i < table.header().size(); i++) {
      columns.put(table.header().get(i), i);
    }
  }

  ReferenceCodes codes() {
    return codes;
  }

  List<FieldError> errors() {
    return errors;
  }

  List<FieldError> warnings() {
    return warnings;
  }

  boolean full() {
    return errors.size() >= maxErrors;
  }

  void error(long line, String column, String code, String message) {
    if (errors.size() < maxErrors) {
      errors.add(new FieldError(line, column, code, message));
    }
  }

  void warn(long line, String column, String code, String message) {
    warnings.add(new FieldError(line, column, code, message));
  }

  /** The cell, trimmed; empty when the column or the cell is missing. */
  String cell(CsvTable.Row row, String column) {
    Integer i = columns.get(column);
    if (i == null) {
      i = table.header().indexOf(column);
    }
    return i < 0 || i >= row.cells().length ? "" : row.cells()[i].trim();
  }

  Optional<String> optional(CsvTable.Row row, String column) {
    String v = cell(row, column);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A required text of at most {@code max} characters, one line; null (and an error) if not. */
  String required(CsvTable.Row row, String column, int max) {
    String v = cell(row, column);
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

  /** A required id of a supplier that exists, in this file or for the tenant already. */
  String supplierRef(CsvTable.Row row, String column) {
    String id = required(row, column, MAX_NAME);
    if (id != null && !knownSupplier.test(id)) {
      error(
          row.line(),
          column,
          "unknown-supplier",
          "supplier '" + id + "' is not known: upload it in a suppliers file first");
      return null;
    }
    return id;
  }

  /** An ISO 3166-1 alpha-2 code, as the ontology's country IRI. */
  Optional<String> country(CsvTable.Row row, String column, boolean required) {
    String v = required ? required(row, column, 10) : cell(row, column);
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
  Optional<String> region(CsvTable.Row row, String v, Optional<String> country) {
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
      warn(
          row.line(),
          "region",
          "unlisted-region",
          "'"
              + v
              + "' is not in the ontology's subdivision list; kept as given, no regional risk applies");
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

  /**
   * A value looked up among the ontology's codes ({@code f}: e.g. {@link ReferenceCodes#sector});
   * an error with {@code code} naming what was {@code expected} when it is not there.
   */
  Optional<String> lookup(
      CsvTable.Row row,
      String column,
      String v,
      Function<String, Optional<String>> f,
      String code,
      String expected) {
    Optional<String> found = f.apply(v);
    if (found.isEmpty()) {
      error(row.line(), column, code, "'" + v + "' is not known; expected " + expected);
    }
    return found;
  }

  /**
   * Commodities known to the ontology are linked to it; an HS code to the commodity the crosswalk
   * maps it to, or else to the HS item itself (a product the ontology knows carries no commodity
   * risk, which is an assessment); any other value is kept under its own slug, with a warning
   * naming the nearest known ones (it loads, and shows as unassessed in the risk). {@code
   * classified} gets the HS item of each value that is a code, so the graph keeps the code the file
   * gave.
   */
  List<String> commodities(CsvTable.Row row, String column, String v, Consumer<String> classified) {
    List<String> out = new ArrayList<>();
    for (String part : v.split("[|;]")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      Optional<String> code = codes.classifications().product(p).map(Classifications.Code::iri);
      Optional<String> known = codes.commodity(p);
      code.filter(c -> known.isPresent()).ifPresent(classified);
      out.add(
          descriptive(
              row,
              column,
              p,
              known.or(() -> code),
              Lbt.COMMODITY,
              "unknown-commodity",
              "a commodity of the ontology or an HS 2022 code",
              codes.nearestCommodities(p)));
    }
    return out;
  }

  /**
   * A sector: known to the ontology (slug, label, or an ISIC/NACE code the crosswalk maps), else
   * the ISIC/NACE item itself, else kept under its own slug with a warning (DESIGN §7). {@code
   * classified} gets the ISIC/NACE item when the value is a code the crosswalk maps.
   */
  String sector(CsvTable.Row row, String column, String v, Consumer<String> classified) {
    Optional<String> code = codes.classifications().activity(v).map(Classifications.Code::iri);
    Optional<String> known = codes.sector(v);
    code.filter(c -> known.isPresent()).ifPresent(classified);
    return descriptive(
        row,
        column,
        v,
        known.or(() -> code),
        Lbt.SECTOR,
        "unknown-sector",
        "a sector of the ontology or an ISIC Rev.4 / NACE Rev.2 code",
        codes.nearestSectors(v));
  }

  /**
   * An optional descriptive value: the ontology's concept when it knows the value, else an IRI of
   * the value's own slug in the same namespace (so a later ontology version that adds it assesses
   * it) and a warning, never an error: an unknown description must not refuse a file.
   */
  private String descriptive(
      CsvTable.Row row,
      String column,
      String v,
      Optional<String> known,
      String namespace,
      String code,
      String what,
      List<String> nearest) {
    if (known.isPresent()) {
      return known.get();
    }
    warn(
        row.line(),
        column,
        code,
        "'"
            + v
            + "' is not "
            + what
            + "; the row was loaded with the value kept as given, and the supplier's risk lists it"
            + " as not assessed"
            + (nearest.isEmpty() ? "" : ". Nearest known values: " + String.join(", ", nearest)));
    return namespace + Triples.encode(ReferenceCodes.key(v).replace(' ', '-'));
  }

  /** A whole number ≥ 0; spaces (also non-breaking) as thousands separators. */
  Optional<Long> wholeNumber(CsvTable.Row row, String column, String v) {
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

  /** A number ≥ 0, with a decimal comma where the delimiter is ';'. */
  Optional<BigDecimal> number(CsvTable.Row row, String column, String v) {
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
  Optional<BigDecimal> share(CsvTable.Row row, String column, String v) {
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

  /** An ISO date (YYYY-MM-DD). */
  Optional<LocalDate> date(CsvTable.Row row, String column, String v) {
    try {
      return Optional.of(LocalDate.parse(v));
    } catch (DateTimeParseException e) {
      error(row.line(), column, "bad-date", "'" + v + "' is not an ISO date (YYYY-MM-DD)");
      return Optional.empty();
    }
  }

  /** Yes or no in en, fr or es (accents and case folded). */
  Optional<Boolean> bool(CsvTable.Row row, String column, String v) {
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

  /** A Legal Entity Identifier (ISO 17442, check digits verified), upper case. */
  Optional<String> lei(CsvTable.Row row, String column, String v) {
    return identifier(
        row,
        column,
        v,
        Identifiers.lei(v),
        "bad-lei",
        "is not an LEI (ISO 17442: 18 letters or digits then 2 check digits, MOD 97-10)");
  }

  /** A D-U-N-S number: nine digits, dashes allowed, kept without them. */
  Optional<String> duns(CsvTable.Row row, String column, String v) {
    return identifier(
        row,
        column,
        v,
        Identifiers.duns(v),
        "bad-duns",
        "is not a D-U-N-S number (9 digits, dashes allowed: 15-048-3782)");
  }

  /** An Open Supply Hub OS ID (check character verified), upper case without hyphens. */
  Optional<String> osId(CsvTable.Row row, String column, String v) {
    return identifier(
        row,
        column,
        v,
        Identifiers.osId(v),
        "bad-os-id",
        "is not an Open Supply Hub OS ID (country, 7 digits of year and day, 5 base-32"
            + " characters and a check character: CN2019303BQ3FZP)");
  }

  private Optional<String> identifier(
      CsvTable.Row row,
      String column,
      String v,
      Optional<String> parsed,
      String code,
      String expected) {
    if (parsed.isEmpty()) {
      error(row.line(), column, code, "'" + v + "' " + expected);
    }
    return parsed;
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
}
