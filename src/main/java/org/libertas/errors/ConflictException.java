package org.libertas.errors;

import java.util.List;

/** HTTP 409: see {@link LibertasException}. */
public final class ConflictException extends LibertasException {
  public ConflictException(String message) {
    super(409, "conflict", message);
  }

  public ConflictException(String message, List<FieldError> errors) {
    super(409, "conflict", message, errors);
  }
}
