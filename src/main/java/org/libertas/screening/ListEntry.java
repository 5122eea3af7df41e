package org.libertas.screening;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a screening list (a blacklisted recruiter, a UFLPA entity). Aliases and identifiers
 * are kept apart from the name because each kind of evidence is explained separately in a match.
 *
 * @param country ISO 3166-1 alpha-2 code, or {@code null} when the list does not say
 * @param source the list the entry comes from, echoed in every match
 */
public record ListEntry(
    String id,
    String name,
    List<String> aliases,
    List<String> identifiers,
    String country,
    String source) {

  public ListEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
  }
}
