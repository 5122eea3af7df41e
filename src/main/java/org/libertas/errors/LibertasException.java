package org.libertas.errors;

import java.util.List;

/** A failure the client can act on: it carries the HTTP status, a stable code and row errors. */
public class LibertasException extends RuntimeException {
  private final int status;
  private final String code;
  private final transient List<FieldError> errors;

  public LibertasException(int status, String code, String message, List<FieldError> errors) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  public LibertasException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
