package org.libertas.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Libertas talks to: external when a URL is configured, otherwise a real
 * embedded server under the data directory that lives and dies with the service (and is restarted
 * by it if its process dies meanwhile). Migrations run before the pool is handed out.
 */
public final class Postgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Postgres.class);
  private static final long RESTART_PAUSE_MILLIS = 2_000;

  private final Path embeddedDir;
  private final PgConnectOptions options;
  private final Pool pool;
  private final Object lifecycle = new Object();
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile EmbeddedServer embedded;
  private volatile boolean closing;

  private Postgres(EmbeddedServer embedded, Path embeddedDir, PgConnectOptions options, Pool pool) {
    this.embedded = embedded;
    this.embeddedDir = embeddedDir;
    this.options = options;
    this.pool = pool;
  }

  /** Starts (or connects), migrates, and opens a pool. Blocking: call before serving. */
  public static Postgres start(Vertx vertx, Optional<URI> url, Path dataDir, int poolSize) {
    EmbeddedServer embedded = null;
    PgConnectOptions options;
    if (url.isPresent()) {
      options = connectOptions(url.get());
    } else {
      embedded = EmbeddedServer.start(dataDir.resolve("postgres"));
      options = local(embedded, EmbeddedServer.SERVICE, embedded.credentials().service());
    }
    try {
      if (embedded == null) {
        migrate(options);
      } else {
        // Migrations as the owner; the service role only gets rows (see EmbeddedServer).
        migrate(local(embedded, EmbeddedServer.OWNER, embedded.credentials().owner()));
        embedded.grantService();
      }
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
    Postgres pg = new Postgres(embedded, dataDir.resolve("postgres"), options, pool);
    if (embedded != null) {
      pg.supervise(embedded);
    }
    return pg;
  }

  /**
   * Restarts the embedded server if its process dies (killed, out of memory), with the same data
   * directory and port; meanwhile requests that need PostgreSQL answer 503 and /readyz says it is
   * down. The pools need nothing: each acquire opens a new connection to the same address.
   */
  private void supervise(EmbeddedServer server) {
    Optional<ProcessHandle> process = server.process(embeddedDir);
    if (process.isEmpty()) {
      LOG.warn("cannot watch the embedded PostgreSQL: no postmaster.pid under {}", embeddedDir);
      return;
    }
    long pid = process.get().pid();
    process
        .get()
        .onExit()
        .thenRun(
            () -> {
              if (!closing) {
                Thread t = new Thread(() -> restart(server, pid), "libertas-postgres-supervisor");
                t.setDaemon(true);
                t.start();
              }
            });
  }

  private void restart(EmbeddedServer dead, long pid) {
    int port = dead.port();
    LOG.error(
        "the embedded PostgreSQL (pid {}) exited; restarting it on port {} with {}",
        pid,
        port,
        embeddedDir);
    while (true) {
      synchronized (lifecycle) {
        if (closing) {
          return;
        }
        try {
          dead.close();
        } catch (RuntimeException e) {
          LOG.debug("closing the dead embedded PostgreSQL: {}", e.toString());
        }
        try {
          EmbeddedServer s = EmbeddedServer.start(embeddedDir, port);
          embedded = s;
          LOG.warn("the embedded PostgreSQL is back (restart {})", restarts.incrementAndGet());
          supervise(s);
          return;
        } catch (RuntimeException e) {
          LOG.error("restarting the embedded PostgreSQL failed, retrying: {}", e.toString());
        }
      }
      try {
        Thread.sleep(RESTART_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How many times the supervisor restarted the embedded server. */
  public int restarts() {
    return restarts.get();
  }

  private static PgConnectOptions local(EmbeddedServer server, String user, String password) {
    return new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(server.port())
        .setDatabase(EmbeddedServer.DATABASE)
        .setUser(user)
        .setPassword(password);
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
    synchronized (lifecycle) {
      closing = true;
      closeQuietly(embedded);
    }
  }

  private static void closeQuietly(EmbeddedServer pg) {
    if (pg != null) {
      pg.close();
    }
  }
}
