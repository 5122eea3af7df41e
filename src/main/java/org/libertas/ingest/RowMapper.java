package org.libertas.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;

/**
 * Validates the rows of one file of one kind and maps them onto the vocabulary of
 * docs/vocabulary.md: the header first ({@link Columns}, {@link HeaderCheck}), then each row's
 * column count and key, then the kind's own {@link KindMapper}, then the ontology's SHACL shapes
 * for upload data ({@link UploadShapes}). Every problem is collected with its line and column (up
 * to a cap) before anything is refused, so an auditor fixes the whole file in one go.
 */
public final class RowMapper {
  private final CsvKind kind;
  private final CsvTable table;
  private final ReferenceCodes codes;
  private final String tenant;
  private final Predicate<String> knownSupplier;
  private final int maxErrors;
  private final Map<String, String> mapping;

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
    this(kind, table, codes, tenant, knownSupplier, maxErrors, Map.of());
  }

  /**
   * @param mapping the auditor's column mapping, file header → Libertas column (may be empty)
   */
  public RowMapper(
      CsvKind kind,
      CsvTable table,
      ReferenceCodes codes,
      String tenant,
      Predicate<String> knownSupplier,
      int maxErrors,
      Map<String, String> mapping) {
    this.mapping = mapping;
    this.kind = kind;
    this.table = table;
    this.codes = codes;
    this.tenant = tenant;
    this.knownSupplier = knownSupplier;
    this.maxErrors = maxErrors;
  }

  /**
   * The file's triples, or a {@link ValidationException} with every error found.
   *
   * @throws ValidationException when the header or any row does not fit the kind
   */
  public ParsedUpload map() {
    Columns.Resolved header = codes.columns().resolve(kind, table.header(), mapping);
    List<FieldError> headerErrors = HeaderCheck.errors(kind, header);
    if (!headerErrors.isEmpty()) {
      throw new ValidationException(
          "the header does not fit a " + kind.code() + " file", headerErrors);
    }
    CsvTable table = this.table.withHeader(header.columns());
    Cells cells = new Cells(table, codes, knownSupplier, maxErrors);
    Triples out = new Triples(tenant);
    KindMapper mapper = KindMapper.of(kind, cells, out);
    Map<String, Long> keys = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      if (cells.full()) {
        break;
      }
      if (row.cells().length != table.header().size()) {
        cells.error(
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
                kind.key().stream().map(c -> ReferenceCodes.key(cells.cell(row, c))).toList());
        Long first = keys.putIfAbsent(key, row.line());
        if (first != null) {
          cells.error(
              row.line(),
              kind.key().get(0),
              "duplicate-key",
              "this row repeats the key (" + String.join(", ", kind.key()) + ") of line " + first);
          continue;
        }
      }
      mapper.map(row);
    }
    List<FieldError> errors = named(header, cells.errors());
    UploadShapes.Outcome shaped = new UploadShapes.Outcome(List.of(), List.of());
    if (errors.isEmpty() && !Boolean.getBoolean("noshapes")) {
      // The shapes see only what the Java checks let through, so each problem is reported once.
      shaped = codes.shapes().validate(kind, out.triples(), header::label);
      errors = shaped.errors();
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(
          errors.size()
              + (errors.size() >= maxErrors ? " or more" : "")
              + " errors in the file; nothing was loaded",
          errors);
    }
    List<FieldError> warnings = new ArrayList<>(table.warnings());
    warnings.addAll(HeaderCheck.warnings(kind, header));
    warnings.addAll(named(header, cells.warnings()));
    warnings.addAll(shaped.warnings());
    return new ParsedUpload(
        out.triples(), table.rows().size(), List.copyOf(warnings), out.touched());
  }

  /** The problems with each column named as the file names it ({@code Pays (country)}). */
  private static List<FieldError> named(Columns.Resolved header, List<FieldError> problems) {
    List<FieldError> out = new ArrayList<>(problems.size());
    for (FieldError e : problems) {
      out.add(
          e.column() == null
              ? e
              : new FieldError(e.line(), header.label(e.column()), e.code(), e.message()));
    }
    return out;
  }
}
