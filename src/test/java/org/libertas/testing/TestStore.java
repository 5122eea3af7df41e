package org.libertas.testing;

import java.util.Map;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraphFactory;

/**
 * The graph store a test's Libertas runs on, chosen by the system property {@code
 * libertas.test.store}: {@code tdb2} (the default: nothing to start, the app opens TDB2 in its data
 * directory) or {@code fuseki} (a real Fuseki in this JVM on port 0, one fresh in-memory
 * transactional dataset per store, reached over HTTP as any remote SPARQL 1.1 store would be).
 */
public final class TestStore implements AutoCloseable {
  public static final String PROPERTY = "libertas.test.store";

  private final FusekiServer fuseki;

  private TestStore(FusekiServer fuseki) {
    this.fuseki = fuseki;
  }

  /** Whether the tests run on the remote store. */
  public static boolean remote() {
    return "fuseki".equals(System.getProperty(PROPERTY, "tdb2"));
  }

  /** The store the property selects; close it after the app that uses it. */
  public static TestStore start() {
    return remote() ? fuseki() : new TestStore(null);
  }

  /** A Fuseki with one empty dataset {@code /ds}, whatever the property says. */
  public static TestStore fuseki() {
    quiet();
    FusekiServer server =
        FusekiServer.create()
            .port(0)
            .loopback(true)
            .add("/ds", DatasetGraphFactory.createTxnMem())
            .build()
            .start();
    return new TestStore(server);
  }

  /** The LIBERTAS_* settings that point an app at this store (none for TDB2). */
  public Map<String, String> env() {
    if (fuseki == null) {
      return Map.of();
    }
    String ds = "http://127.0.0.1:" + fuseki.getPort() + "/ds";
    return Map.of(
        "LIBERTAS_SPARQL_QUERY_URL", ds + "/query", "LIBERTAS_SPARQL_UPDATE_URL", ds + "/update");
  }

  @Override
  public void close() {
    if (fuseki != null) {
      fuseki.stop();
    }
  }

  // Fuseki logs every request at INFO; the tests' logs are for Libertas.
  private static void quiet() {
    for (String name : new String[] {"org.apache.jena.fuseki", "org.eclipse.jetty"}) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }
}
