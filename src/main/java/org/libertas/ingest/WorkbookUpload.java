package org.libertas.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.jena.graph.Triple;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.ValidationException;

/**
 * A workbook with one sheet per kind, loaded as one all-or-nothing upload (DESIGN §7): its sheets
 * are read and mapped in {@link SheetKinds#ORDER}, each by the mapper of its kind, the suppliers of
 * the earlier sheets known to the later ones; every error and warning names its sheet, and any
 * error in any sheet refuses the whole workbook. The triples of all sheets make one upload graph.
 */
public final class WorkbookUpload {
  private WorkbookUpload() {}

  /** The upload kind stored for a workbook of several kinds. */
  public static final String KIND = "workbook";

  /** One sheet of the plan, read. */
  public record Table(SheetKinds.Sheet sheet, CsvTable table) {}

  /**
   * The plan's sheets, read with the file's limits.
   *
   * @throws LibertasException what {@link SheetTable#read} refuses, naming the sheet
   */
  public static List<Table> read(byte[] bytes, SheetKinds.Plan plan, CsvLimits limits) {
    List<Table> out = new ArrayList<>();
    for (SheetKinds.Sheet s : plan.sheets()) {
      try {
        out.add(new Table(s, SheetTable.read(bytes, s.name(), limits)));
      } catch (LibertasException e) {
        throw inSheet(e, s.name());
      }
    }
    return out;
  }

  /** The headers of the plan's sheets, each checked against its kind before the job is queued. */
  public static void checkHeaders(
      byte[] bytes,
      SheetKinds.Plan plan,
      Columns columns,
      CsvLimits limits,
      java.util.Map<String, String> mapping) {
    List<FieldError> errors = new ArrayList<>();
    for (SheetKinds.Sheet s : plan.sheets()) {
      List<String> header;
      try {
        header = SheetTable.readHeader(bytes, s.name(), limits);
      } catch (LibertasException e) {
        throw inSheet(e, s.name());
      }
      HeaderCheck.errors(s.kind(), columns.resolve(s.kind(), header, mapping))
          .forEach(e -> errors.add(e.inSheet(s.name())));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(
          "a sheet's header does not fit its kind; nothing was loaded", errors);
    }
  }

  /**
   * Maps every sheet; all errors of all sheets are collected before the workbook is refused.
   *
   * @param knownSupplier whether a supplier id already exists for the tenant
   * @param mapping the upload's column mapping, applied to every sheet (a mapped column a sheet's
   *     kind does not have is ignored there)
   * @throws ValidationException with every error, each naming its sheet
   */
  public static ParsedUpload map(
      List<Table> tables,
      List<FieldError> planWarnings,
      ReferenceCodes codes,
      String tenant,
      Predicate<String> knownSupplier,
      int maxErrors,
      java.util.Map<String, String> mapping) {
    Set<String> defined = new HashSet<>();
    List<Triple> triples = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    List<FieldError> warnings = new ArrayList<>(planWarnings);
    Set<String> suppliers = new LinkedHashSet<>();
    int rows = 0;
    for (Table t : tables) {
      String name = t.sheet().name();
      CsvKind kind = t.sheet().kind();
      boolean definesSuppliers = kind == CsvKind.SUPPLIERS || kind == CsvKind.OPENSUPPLYHUB;
      Predicate<String> known =
          definesSuppliers ? id -> false : id -> defined.contains(id) || knownSupplier.test(id);
      try {
        ParsedUpload p =
            new RowMapper(kind, t.table(), codes, tenant, known, maxErrors, mapping).map();
        triples.addAll(p.triples());
        p.warnings().forEach(w -> warnings.add(w.inSheet(name)));
        suppliers.addAll(p.supplierIds());
        if (definesSuppliers) {
          defined.addAll(p.supplierIds());
        }
        rows += p.rows();
      } catch (LibertasException e) {
        e.errors().forEach(x -> errors.add(x.inSheet(name)));
        if (e.errors().isEmpty()) {
          errors.add(new FieldError(0, null, e.code(), e.getMessage()).inSheet(name));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(
          errors.size() + " errors in the workbook's sheets; nothing was loaded", errors);
    }
    return new ParsedUpload(
        List.copyOf(triples), rows, List.copyOf(warnings), Set.copyOf(suppliers));
  }

  private static LibertasException inSheet(LibertasException e, String sheet) {
    List<FieldError> errors =
        e.errors().isEmpty()
            ? List.of(new FieldError(0, null, e.code(), e.getMessage()).inSheet(sheet))
            : e.errors().stream().map(x -> x.inSheet(sheet)).toList();
    return new LibertasException(
        e.status(), e.code(), "sheet '" + sheet + "': " + e.getMessage(), errors);
  }
}
