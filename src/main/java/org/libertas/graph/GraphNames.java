package org.libertas.graph;

/** How named graphs are called, so that each graph says whose it is and where it came from. */
public final class GraphNames {
  public static final String BASE = "urn:libertas:";

  private GraphNames() {}

  public static String tenantPrefix(String tenant) {
    return TENANTS + tenant + ":";
  }

  public static String upload(String tenant, String uploadId) {
    return tenantPrefix(tenant) + UPLOAD + uploadId;
  }

  private static final String UPLOAD = "upload:";
  private static final String TENANTS = BASE + "tenant:";

  /** The tenant a graph belongs to ({@code tenant:{t}:…}), if it is a tenant's graph. */
  public static java.util.Optional<String> tenantOf(String graphIri) {
    int end = tenantEnd(graphIri);
    return end < 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(graphIri.substring(TENANTS.length(), end));
  }

  /** Where the tenant id of a tenant graph's name ends (a tenant id has no colon), else -1. */
  private static int tenantEnd(String graphIri) {
    if (!graphIri.startsWith(TENANTS)) {
      return -1;
    }
    int end = graphIri.indexOf(':', TENANTS.length());
    return end > TENANTS.length() ? end : -1;
  }

  /**
   * Whether the graph is an upload's own graph (written once, read only to replay it): {@code
   * tenant:{t}:upload:{id}}, read by its parts (a tenant id has no colon, and may be {@code
   * upload}).
   */
  public static boolean isUpload(String graphIri) {
    int end = tenantEnd(graphIri);
    if (end < 0) {
      return false;
    }
    // No substring: this runs for every triple an upload writes.
    int id = end + 1 + UPLOAD.length();
    return graphIri.startsWith(UPLOAD, end + 1)
        && graphIri.length() > id
        && graphIri.indexOf(':', id) < 0;
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

  /**
   * A tenant's current data: its current view and its screening graph. Never the ontology, never
   * another tenant's graph.
   */
  public static java.util.List<String> tenantData(String tenant) {
    return java.util.List.of(current(tenant), screening(tenant));
  }

  /** What rules and read queries see: the tenant's current data and one ontology version. */
  public static java.util.List<String> withOntology(
      java.util.List<String> tenantData, int ontologyVersion) {
    var graphs = new java.util.ArrayList<>(tenantData);
    graphs.add(ontology(ontologyVersion));
    return java.util.List.copyOf(graphs);
  }
}
