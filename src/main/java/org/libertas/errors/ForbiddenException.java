package org.libertas.errors;

import java.util.List;

/** HTTP 403: see {@link LibertasException}. */
public final class ForbiddenException extends LibertasException {
  public ForbiddenException(String message) {
    super(403, "forbidden", message);
  }

  public ForbiddenException(String message, List<FieldError> errors) {
    super(403, "forbidden", message, errors);
  }
}
