package org.libertas.screening;

import java.util.List;

/**
 * A list entry that resembles the query closely enough to be shown to a reviewer. The reasons are
 * the evidence feature by feature (which alias, which tokens, which identifier, which country), so
 * a reviewer can confirm or dismiss without re-running the comparison in their head.
 *
 * @param name the entry's primary name, even when an alias matched (the reasons say which)
 */
public record Match(
    String entryId, String name, double score, Status status, List<Reason> reasons, String source) {

  public Match {
    reasons = List.copyOf(reasons);
  }

  /** Review band; anything below the possible threshold is not reported at all. */
  public enum Status {
    MATCH,
    POSSIBLE
  }
}
