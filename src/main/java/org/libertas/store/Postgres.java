package org.libertas.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL server Libertas talks to: external when a URL is configured, otherwise a real
 * embedded server under the data directory that lives and dies with the service. Migrations run
 * before the pool is handed out.
 */
public final class Postgres implements AutoCloseable {
  private final EmbeddedPostgres embedded;
  private final PgConnectOptions options;
  private final Pool pool;

  private Postgres(EmbeddedPostgres embedded, PgConnectOptions options, Pool pool) {
    this.embedded = embedded;
    this.options = options;
    this.pool = pool;
  }

  /** Starts (or connects), migrates, and opens a pool. Blocking: call before serving. */
  public static Postgres start(Vertx vertx, Optional<URI> url, Path dataDir, int poolSize) {
    EmbeddedPostgres embedded = null;
    PgConnectOptions options;
    if (url.isPresent()) {
      options = connectOptions(url.get());
    } else {
      embedded = startEmbedded(dataDir.resolve("postgres"));
      options =
          new PgConnectOptions()
              .setHost("127.0.0.1")
              .setPort(embedded.getPort())
              .setDatabase("postgres")
              .setUser("postgres");
    }
    try {
      migrate(options);
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      throw e;
    }
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(options)
            .using(vertx)
            .build();
    return new Postgres(embedded, options, pool);
  }

  private static EmbeddedPostgres startEmbedded(Path dir) {
    try {
      Files.createDirectories(dir);
      return EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "100")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL under " + dir, e);
    }
  }

  /** Parses {@code postgresql://user:password@host:port/database?sslmode=…}. */
  public static PgConnectOptions connectOptions(URI u) {
    var o =
        new PgConnectOptions()
            .setHost(u.getHost())
            .setPort(u.getPort() > 0 ? u.getPort() : 5432)
            .setDatabase(u.getPath().substring(1));
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      o.setUser(decode(colon < 0 ? info : info.substring(0, colon)));
      if (colon >= 0) {
        o.setPassword(decode(info.substring(colon + 1)));
      }
    } else {
      o.setUser(System.getProperty("user.name"));
    }
    return o;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void migrate(PgConnectOptions o) {
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway.configure()
        .dataSource(jdbc, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public Pool pool() {
    return pool;
  }

  public PgConnectOptions options() {
    return options;
  }

  public boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    pool.close();
    closeQuietly(embedded);
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
      }
    }
  }
}
