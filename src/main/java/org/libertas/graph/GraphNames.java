package org.libertas.graph;

/** How named graphs are called, so that each graph says whose it is and where it came from. */
public final class GraphNames {
  public static final String BASE = "urn:libertas:";

  private GraphNames() {}

  public static String tenantPrefix(String tenant) {
    return BASE + "tenant:" + tenant + ":";
  }

  public static String upload(String tenant, String uploadId) {
    return tenantPrefix(tenant) + "upload:" + uploadId;
  }

  /**
   * The tenant's current data: every committed upload applied in arrival order (merge upserts by
   * subject, replace empties the kind first). Derived, so it can always be rebuilt from the
   * uploads.
   */
  public static String current(String tenant) {
    return tenantPrefix(tenant) + "current";
  }

  public static String screening(String tenant) {
    return tenantPrefix(tenant) + "screening";
  }

  public static String ontology(int version) {
    return BASE + "ontology:" + version;
  }
}
