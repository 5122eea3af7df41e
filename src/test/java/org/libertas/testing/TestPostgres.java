package org.libertas.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.libertas.store.Postgres;

/**
 * One PostgreSQL server per test run — the one named by {@code LIBERTAS_PG_URL} when set (e.g. this
 * machine's 127.0.0.1:5432/test), otherwise a real embedded server — and a fresh database per test
 * class, so classes never see each other's rows and the suite stays fast.
 */
public final class TestPostgres {
  private static URI admin;
  private static final List<String> created = new ArrayList<>();

  private TestPostgres() {}

  /** A new, empty database on the shared server, as a postgresql:// URI. */
  public static synchronized URI freshDatabase() {
    URI server = server();
    String name = "lbt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(server)) {
      c.createStatement().execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + redact(server), e);
    }
    created.add(name);
    return URI.create(server.getScheme() + "://" + server.getRawAuthority() + "/" + name);
  }

  private static URI server() {
    if (admin != null) {
      return admin;
    }
    String url = System.getenv("LIBERTAS_PG_URL");
    if (url != null && !url.isBlank()) {
      admin = URI.create(url.trim());
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated));
      return admin;
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(Files.createTempDirectory("libertas-test-pg"))
              .setCleanDataDirectory(true)
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "off")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException e) {
                      // the JVM is exiting; the temporary directory goes with it
                    }
                  }));
      admin = URI.create("postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres");
      return admin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void dropCreated() {
    try (Connection c = connect(admin)) {
      for (String name : created) {
        c.createStatement().execute("drop database if exists " + name + " with (force)");
      }
    } catch (SQLException e) {
      // best effort: a left-over test database is harmless
    }
  }

  /** A JDBC connection to a database given as a postgresql:// URI (for direct checks in tests). */
  public static Connection connect(URI db) throws SQLException {
    var o = Postgres.connectOptions(db);
    return DriverManager.getConnection(
        "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(),
        o.getUser(),
        o.getPassword());
  }

  private static String redact(URI u) {
    return u.getHost() + ":" + u.getPort() + u.getPath();
  }
}
