package org.libertas.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;

/** What the ingest tests look at: a tenant's rows in PostgreSQL and its graphs in TDB2. */
final class IngestChecks {
  private IngestChecks() {}

  /** Supplier id, name and country as the API lists them (after scoring). */
  static List<String> suppliers(TestApp app, String key) {
    JsonNode items = app.get("/v1/suppliers?limit=500", key).json().get("items");
    List<String> out = new ArrayList<>();
    items.forEach(
        i ->
            out.add(
                i.get("supplierId").asText()
                    + "|"
                    + i.get("name").asText()
                    + "|"
                    + i.path("country").asText()));
    out.sort(null);
    return out;
  }

  static long count(URI db, String sql, Object... args) throws Exception {
    try (Connection c = TestPostgres.connect(db);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static long succeeded(URI db, String tenant) throws Exception {
    return count(
        db, "select count(*) from uploads where tenant_id = ? and status = 'succeeded'", tenant);
  }

  static Set<String> graphs(GraphStore store, String tenant) {
    return new TreeSet<>(store.graphNames(GraphNames.tenantPrefix(tenant)));
  }

  /** The graphs committed rows point to, plus the current view. */
  static Set<String> committedGraphs(URI db, String tenant) throws Exception {
    Set<String> out = new TreeSet<>();
    try (Connection c = TestPostgres.connect(db);
        PreparedStatement ps =
            c.prepareStatement(
                "select graph_iri from uploads where tenant_id = ? and graph_iri is not null"
                    + " and status in ('scoring', 'succeeded')")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
