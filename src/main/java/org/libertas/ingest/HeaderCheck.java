package org.libertas.ingest;

import java.util.ArrayList;
import java.util.List;
import org.libertas.errors.FieldError;

/**
 * The header of a file of one kind, once {@link Columns} has resolved it: refused when a required
 * column is missing or two cells name one column; a cell that names no column of the kind is kept
 * out of the mapping and reported as a warning. The API runs {@link #errors} on the header alone,
 * before the job is queued, so an auditor learns at once that the file cannot load.
 */
public final class HeaderCheck {
  private HeaderCheck() {}

  /** Required columns present, none named twice. */
  public static List<FieldError> errors(CsvKind kind, Columns.Resolved header) {
    List<FieldError> out = new ArrayList<>(header.errors());
    for (String r : kind.required()) {
      if (!header.columns().contains(r)) {
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
                    + String.join(", ", kind.required())
                    + " (headers are matched ignoring case, accents and punctuation, and through"
                    + " the aliases of ontology/uploads/columns.ttl; or send a column mapping)"));
      }
    }
    return out;
  }

  /** One warning per header cell that names no column of the kind, in header order. */
  public static List<FieldError> warnings(CsvKind kind, Columns.Resolved header) {
    List<FieldError> out = new ArrayList<>();
    for (String h : header.ignored()) {
      out.add(
          new FieldError(
              1,
              h,
              "unknown-column",
              "column '" + h + "' is not part of a " + kind.code() + " file and was ignored"));
    }
    return out;
  }
}
