package org.libertas.errors;

import java.util.List;

/**
 * HTTP 422: the request left a choice open that the server could not make alone (a file sent
 * without kind whose header fits several kinds, or none); {@code candidates} are the values the
 * client may send, and the problem body lists them so a console can ask the user.
 */
public final class ChoiceException extends LibertasException {
  private final transient List<String> candidates;

  public ChoiceException(
      String code, String message, List<FieldError> errors, List<String> candidates) {
    super(422, code, message, errors);
    this.candidates = List.copyOf(candidates);
  }

  public List<String> candidates() {
    return candidates;
  }
}
