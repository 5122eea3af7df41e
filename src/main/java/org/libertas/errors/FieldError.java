package org.libertas.errors;

/**
 * Where input went wrong: a CSV cell (line is 1-based, header = line 1) or a JSON field (line 0,
 * column = JSON pointer). Auditors fix cells from this, so the message says what was expected.
 */
public record FieldError(long line, String column, String code, String message) {
  public static FieldError field(String pointer, String code, String message) {
    return new FieldError(0, pointer, code, message);
  }
}
