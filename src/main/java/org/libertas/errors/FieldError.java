package org.libertas.errors;

/**
 * Where input went wrong: a CSV cell (line is 1-based, header = line 1) or a JSON field (line 0,
 * column = JSON pointer). Auditors fix cells from this, so the message says what was expected. In a
 * workbook that holds several kinds, {@code sheet} names the sheet the line is in (null otherwise).
 */
public record FieldError(long line, String column, String code, String message, String sheet) {
  public FieldError(long line, String column, String code, String message) {
    this(line, column, code, message, null);
  }

  public static FieldError field(String pointer, String code, String message) {
    return new FieldError(0, pointer, code, message);
  }

  /** The same problem, in the named sheet of a workbook. */
  public FieldError inSheet(String name) {
    return new FieldError(line, column, code, message, name);
  }
}
