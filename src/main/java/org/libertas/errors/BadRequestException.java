package org.libertas.errors;

import java.util.List;

/** HTTP 400: see {@link LibertasException}. */
public final class BadRequestException extends LibertasException {
  public BadRequestException(String message) {
    super(400, "bad-request", message);
  }

  public BadRequestException(String message, List<FieldError> errors) {
    super(400, "bad-request", message, errors);
  }
}
