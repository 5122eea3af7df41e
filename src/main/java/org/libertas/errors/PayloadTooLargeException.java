package org.libertas.errors;

import java.util.List;

/** HTTP 413: see {@link LibertasException}. */
public final class PayloadTooLargeException extends LibertasException {
  public PayloadTooLargeException(String message) {
    super(413, "payload-too-large", message);
  }

  public PayloadTooLargeException(String message, List<FieldError> errors) {
    super(413, "payload-too-large", message, errors);
  }
}
