package org.libertas.errors;

import java.util.List;

/** HTTP 422: see {@link LibertasException}. */
public final class ValidationException extends LibertasException {
  public ValidationException(String message) {
    super(422, "validation-failed", message);
  }

  public ValidationException(String message, List<FieldError> errors) {
    super(422, "validation-failed", message, errors);
  }
}
