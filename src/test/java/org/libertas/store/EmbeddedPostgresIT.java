package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libertas.app.Main;

/**
 * The embedded PostgreSQL as an attacker on the same host and a power cut would meet it: no
 * connection without a password, a service role that cannot switch off the audit trigger, durable
 * commits, and a restart after {@code kill -9} that works the first time.
 */
class EmbeddedPostgresIT {
  @TempDir Path dir;

  @Test
  void aKilledServiceRestartsAtOnceOnAHardenedServer() throws Exception {
    Path data = dir.resolve("data");
    Process first = serve(data);
    awaitReady(first, data);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // The killed service's PostgreSQL is still running: the next start must stop it first.
    long orphan = postmasterPid(data);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    long restart = System.nanoTime();
    Process second = serve(data);
    try {
      awaitReady(second, data);
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      org.libertas.reliability.Figures.record(
          19,
          "first restart after kill -9 (orphan server stopped first): from start to ready",
          (System.nanoTime() - restart) / 1_000_000,
          "ms");

      Path secrets = data.resolve(EmbeddedServer.CREDENTIALS);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
          .isEqualTo("rw-------");
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(secrets)) {
        p.load(in);
      }
      int port = postmasterPort(data);

      for (String role : List.of("postgres", "libertas", "libertas_owner")) {
        assertThatThrownBy(() -> EmbeddedServer.connect(port, role, null).close())
            .as("%s without a password", role)
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> EmbeddedServer.connect(port, role, "wrong").close())
            .as("%s with a wrong password", role)
            .isInstanceOf(SQLException.class);
      }

      try (Connection c = EmbeddedServer.connect(port, "libertas", p.getProperty("libertas"));
          Statement s = c.createStatement()) {
        assertThat(show(s, "fsync")).isEqualTo("on");
        assertThat(show(s, "synchronous_commit")).isEqualTo("on");
        assertThat(show(s, "listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(show(s, "is_superuser")).isEqualTo("off");
        assertThatThrownBy(() -> s.execute("set session_replication_role = replica"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.execute("alter table audit_log disable trigger all"))
            .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> s.execute("update audit_log set id = id"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.execute("delete from decisions"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.execute("create table sneaky (x int)"))
            .hasMessageContaining("permission denied");
        org.libertas.reliability.Figures.record(
            19,
            "fsync, synchronous_commit, listen_addresses, superuser (service role)",
            "on, on, 127.0.0.1, off",
            null);
        // What the service does need: rows.
        try (ResultSet rs = s.executeQuery("select count(*) from tenants")) {
          assertThat(rs.next()).isTrue();
        }
      }
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClusterMadeByAnEarlierVersionIsHardenedAndKeepsItsData() throws Exception {
    Path data = dir.resolve("old");
    Path cluster = data.resolve("postgres");
    Files.createDirectories(cluster);
    // What earlier versions made: zonky's defaults, trusting local connections, the schema
    // migrated and owned by the superuser.
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false).start()) {
      org.flywaydb.core.Flyway.configure()
          .dataSource(old.getPostgresDatabase())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      try (Connection c = old.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("insert into tenants (id, name) values ('kept', 'Kept Ltd')");
      }
    }

    Vertx vertx = Vertx.vertx();
    try {
      Postgres pg = Postgres.start(vertx, Optional.empty(), data, 2);
      try {
        int port = postmasterPort(data);
        assertThatThrownBy(() -> EmbeddedServer.connect(port, "postgres", null).close())
            .isInstanceOf(SQLException.class);
        String kept =
            pg.pool()
                .query("select name from tenants where id = 'kept'")
                .execute()
                .map(rs -> rs.iterator().next().getString(0))
                .await(30, TimeUnit.SECONDS);
        assertThat(kept).isEqualTo("Kept Ltd");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve(EmbeddedServer.CREDENTIALS))) {
          p.load(in);
        }
        try (Connection c = EmbeddedServer.connect(port, "postgres", p.getProperty("postgres"));
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select distinct tableowner from pg_tables where schemaname = 'public'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("libertas_owner");
          assertThat(rs.next()).as("one owner for every table").isFalse();
        }
      } finally {
        pg.close();
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long postmasterPid(Path data) throws Exception {
    return Long.parseLong(postmaster(data).get(0).trim());
  }

  private static int postmasterPort(Path data) throws Exception {
    return Integer.parseInt(postmaster(data).get(3).trim());
  }

  private static List<String> postmaster(Path data) throws Exception {
    return Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid"));
  }

  private int port;

  private Process serve(Path data) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve");
    pb.environment().remove("LIBERTAS_PG_URL");
    pb.environment().put("LIBERTAS_DATA_DIR", data.toString());
    pb.environment().put("LIBERTAS_HTTP_PORT", Integer.toString(port));
    pb.environment().put("LIBERTAS_ADMIN_KEY", "lbt_test_admin_key_0123456789abcdef");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()));
    return pb.start();
  }

  private void awaitReady(Process p, Path data) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(() -> log()).isTrue();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not ready in 180 s: " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }
}
