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

  public static String screening(String tenant) {
    return tenantPrefix(tenant) + "screening";
  }

  public static String ontology(int version) {
    return BASE + "ontology:" + version;
  }
}
