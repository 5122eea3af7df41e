package org.libertas.errors;

import java.util.List;

/** HTTP 404: see {@link LibertasException}. */
public final class NotFoundException extends LibertasException {
  public NotFoundException(String message) {
    super(404, "not-found", message);
  }

  public NotFoundException(String message, List<FieldError> errors) {
    super(404, "not-found", message, errors);
  }
}
