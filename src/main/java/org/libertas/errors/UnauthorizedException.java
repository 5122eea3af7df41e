package org.libertas.errors;

import java.util.List;

/** HTTP 401: see {@link LibertasException}. */
public final class UnauthorizedException extends LibertasException {
  public UnauthorizedException(String message) {
    super(401, "unauthorized", message);
  }

  public UnauthorizedException(String message, List<FieldError> errors) {
    super(401, "unauthorized", message, errors);
  }
}
