package org.libertas.screening;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The tenant side of screening: who was screened, the matches found, and reviewers' decisions. */
public final class TenantMatches {
  private TenantMatches() {}

  /** What a list is screened for: the recruiter blacklists or the entity lists. */
  public enum Kind {
    RECRUITER,
    SUPPLIER
  }

  /** A recruiter or supplier of the tenant, as screened. */
  public record Screened(String iri, Kind kind, String name, String country, String identifier) {}

  /** A reviewer's latest decision on one (screened, entry) pair. */
  public record Decision(boolean confirmed, String note) {}

  /**
   * One screening match of a tenant.
   *
   * @param status match, possible, confirmed or dismissed (the last two from a review)
   */
  public record Result(String matchId, Screened screened, Match match, String status) {}

  /** Stable across rescorings: the same tenant, screened node and entry give the same id. */
  public static String matchId(String tenantId, String screenedIri, String entryIri) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (tenantId + "\n" + screenedIri + "\n" + entryIri)
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pairKey(String screenedIri, String entryIri) {
    return screenedIri + " " + entryIri;
  }
}
