package org.libertas.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.libertas.errors.FieldError;

/**
 * The header of a file of one kind: refused when a required column is missing or one appears twice;
 * a column the kind does not know is kept out of the mapping and reported as a warning. The API
 * runs {@link #errors} on the header alone, before the job is queued, so an auditor learns at once
 * that the file cannot load.
 */
public final class HeaderCheck {
  private HeaderCheck() {}

  /** Required columns present, none twice. */
  public static List<FieldError> errors(CsvKind kind, List<String> header) {
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

  /** One warning per column the kind does not know, in header order. */
  public static List<FieldError> warnings(CsvKind kind, List<String> header) {
    List<FieldError> out = new ArrayList<>();
    for (String h : header) {
      if (!kind.knows(h)) {
        out.add(
            new FieldError(
                1,
                h,
                "unknown-column",
                "column '" + h + "' is not part of a " + kind.code() + " file and was ignored"));
      }
    }
    return out;
  }
}
