package org.libertas.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server under the data directory, run as a production server would be:
 * password authentication only (scram-sha-256) on 127.0.0.1, durable commits, and three roles — the
 * superuser (used only here, at start), the owner that runs the migrations, and the service role
 * the pools use, which owns nothing, so it can neither drop the audit triggers nor set {@code
 * session_replication_role}. The passwords are generated at first start and kept in {@code
 * postgres-credentials.properties} beside the cluster, readable by the service's user only.
 *
 * <p>A server left running by a killed service (its {@code postmaster.pid} names a live postgres
 * process) is stopped before this one starts, so the first restart after {@code kill -9} works.
 */
final class EmbeddedServer {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
  static final String SUPERUSER = "postgres";
  static final String OWNER = "libertas_owner";
  static final String SERVICE = "libertas";
  static final String DATABASE = "postgres";
  static final String CREDENTIALS = "postgres-credentials.properties";

  /** Who connects with which password. */
  record Credentials(String superuser, String owner, String service) {}

  private final EmbeddedPostgres server;
  private final Credentials credentials;

  private EmbeddedServer(EmbeddedPostgres server, Credentials credentials) {
    this.server = server;
    this.credentials = credentials;
  }

  int port() {
    return server.getPort();
  }

  Credentials credentials() {
    return credentials;
  }

  /** Starts the cluster under {@code dir} (creating it at first start), hardened; blocking. */
  static EmbeddedServer start(Path dir) {
    return start(dir, 0);
  }

  /**
   * As {@link #start(Path)}, on the given port (0: any free one); a restart keeps the port, so the
   * pools' connect options stay right.
   */
  static EmbeddedServer start(Path dir, int port) {
    try {
      Files.createDirectories(dir);
      stopOrphan(dir);
      Path secrets = dir.resolveSibling(CREDENTIALS);
      boolean initialised = Files.exists(dir.resolve("PG_VERSION"));
      boolean hardened = Files.exists(secrets);
      Credentials c = hardened ? read(secrets) : generate();
      if (!hardened && !initialised) {
        write(secrets, c);
      }
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("password_encryption", "scram-sha-256")
              // Zonky's test defaults trade durability for speed: a power loss could lose
              // committed uploads and audit entries.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on");
      if (port > 0) {
        b.setPort(port);
      }
      Path pwfile = null;
      if (!initialised) {
        // initdb sets the superuser's password and password-only authentication from the start:
        // there is never a moment when the cluster trusts local connections.
        pwfile = Files.createTempFile(dir.getParent(), "pw", ".tmp", ownerOnly());
        Files.writeString(pwfile, c.superuser());
        b.setLocaleConfig("pwfile", pwfile.toString())
            .setLocaleConfig("auth-local", "scram-sha-256")
            .setLocaleConfig("auth-host", "scram-sha-256");
      } else if (hardened) {
        writeHba(dir);
      }
      if (initialised && !hardened) {
        // A cluster made by an earlier version trusts local connections: start it as it is once,
        // give every role a password, then close the door (below).
        LOG.info("hardening the embedded PostgreSQL made by an earlier version");
      } else {
        b.setConnectConfig("password", c.superuser());
      }
      EmbeddedPostgres pg;
      try {
        pg = b.start();
      } finally {
        if (pwfile != null) {
          Files.deleteIfExists(pwfile);
        }
      }
      try {
        setUpRoles(pg.getPort(), c, !(initialised && !hardened));
        if (initialised && !hardened) {
          write(secrets, c);
          writeHba(dir);
          try (Connection conn = superuser(pg.getPort(), c, true);
              Statement s = conn.createStatement()) {
            s.execute("select pg_reload_conf()");
          }
        }
      } catch (SQLException | RuntimeException e) {
        pg.close();
        throw new IllegalStateException(
            "cannot set up the embedded PostgreSQL's roles: " + e.getMessage(), e);
      }
      return new EmbeddedServer(pg, c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL under " + dir, e);
    }
  }

  /**
   * After the migrations (run as the owner): the service role may read and write rows, append to
   * the append-only tables, and nothing else.
   */
  void grantService() {
    try (Connection c = connect(port(), OWNER, credentials.owner());
        Statement s = c.createStatement()) {
      s.execute("grant usage on schema public to " + SERVICE);
      s.execute(
          "grant select, insert, update, delete on all tables in schema public to " + SERVICE);
      s.execute("grant usage, select on all sequences in schema public to " + SERVICE);
      s.execute(
          "revoke update, delete, truncate on audit_log, decisions, flyway_schema_history from "
              + SERVICE);
      s.execute("revoke insert on flyway_schema_history from " + SERVICE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot grant the service role: " + e.getMessage(), e);
    }
  }

  /** The postmaster, as its pid file names it; empty if it cannot be read. */
  Optional<ProcessHandle> process(Path dir) {
    try {
      List<String> lines =
          Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
      return lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  /**
   * Roles and ownership, idempotent. The owner owns the schema and every object in it, so that
   * migrations made by an earlier version (as superuser) move to it.
   */
  private static void setUpRoles(int port, Credentials c, boolean withPassword)
      throws SQLException {
    try (Connection conn = superuser(port, c, withPassword);
        Statement s = conn.createStatement()) {
      s.execute("alter role " + SUPERUSER + " password " + literal(c.superuser()));
      s.execute(
          "do $$ begin if not exists (select 1 from pg_roles where rolname = '"
              + OWNER
              + "') then create role "
              + OWNER
              + " login nosuperuser nocreaterole nocreatedb; end if; if not exists (select 1 from"
              + " pg_roles where rolname = '"
              + SERVICE
              + "') then create role "
              + SERVICE
              + " login nosuperuser nocreaterole nocreatedb noinherit; end if; end $$");
      s.execute("alter role " + OWNER + " password " + literal(c.owner()));
      s.execute("alter role " + SERVICE + " password " + literal(c.service()));
      s.execute("alter schema public owner to " + OWNER);
      s.execute("revoke create on schema public from public");
      // Tables first: their identity sequences follow them; then the rest of the schema.
      s.execute(
          "do $$ declare r record; begin"
              + " for r in select c.oid::regclass as name, c.relkind from pg_class c"
              + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'"
              + " and c.relkind in ('r', 'p', 'v', 'm') and pg_get_userbyid(c.relowner) <> '"
              + OWNER
              + "' loop execute format('alter table %s owner to "
              + OWNER
              + "', r.name); end loop;"
              + " for r in select c.oid::regclass as name from pg_class c"
              + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'"
              + " and c.relkind = 'S' and pg_get_userbyid(c.relowner) <> '"
              + OWNER
              + "' loop execute format('alter sequence %s owner to "
              + OWNER
              + "', r.name); end loop;"
              + " for r in select p.oid::regprocedure as name from pg_proc p"
              + " join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'"
              + " and pg_get_userbyid(p.proowner) <> '"
              + OWNER
              + "' loop execute format('alter function %s owner to "
              + OWNER
              + "', r.name); end loop; end $$");
    }
  }

  /** Password authentication only, for every role, on the socket and on loopback. */
  private static void writeHba(Path dir) throws IOException {
    Files.writeString(
        dir.resolve("pg_hba.conf"),
        String.join(
            "\n",
            "# Written by Libertas at every start: password authentication only.",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            ""),
        StandardCharsets.US_ASCII);
  }

  /**
   * A server whose {@code postmaster.pid} names a live postgres process is one a killed service
   * left behind: stop it (fast shutdown; killed if it does not stop in 30 s).
   */
  static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (p.isEmpty()
        || !p.get().info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false)) {
      return;
    }
    LOG.warn("stopping the embedded PostgreSQL (pid {}) a killed service left running", pid);
    // SIGINT is PostgreSQL's fast shutdown; ProcessHandle only sends TERM (smart) or KILL.
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
      if (!waitExit(p.get(), Duration.ofSeconds(30))) {
        p.get().destroyForcibly();
        waitExit(p.get(), Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphan PostgreSQL", e);
    }
  }

  private static boolean waitExit(ProcessHandle p, Duration d) throws InterruptedException {
    try {
      p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return !p.isAlive();
    }
  }

  private static Connection superuser(int port, Credentials c, boolean withPassword)
      throws SQLException {
    return connect(port, SUPERUSER, withPassword ? c.superuser() : null);
  }

  static Connection connect(int port, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, p);
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static Credentials generate() {
    return new Credentials(secret(), secret(), secret());
  }

  private static String secret() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static Credentials read(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    String su = p.getProperty(SUPERUSER);
    String owner = p.getProperty(OWNER);
    String service = p.getProperty(SERVICE);
    if (su == null || owner == null || service == null) {
      throw new IllegalStateException(file + " is incomplete: restore it from the backup");
    }
    return new Credentials(su, owner, service);
  }

  private static void write(Path file, Credentials c) throws IOException {
    Properties p = new Properties();
    p.setProperty(SUPERUSER, c.superuser());
    p.setProperty(OWNER, c.owner());
    p.setProperty(SERVICE, c.service());
    Path tmp = Files.createTempFile(file.getParent(), "credentials", ".tmp", ownerOnly());
    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
      p.store(
          out, "Embedded PostgreSQL passwords, generated at first start. Back up with postgres/.");
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static java.nio.file.attribute.FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }
}
