package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestPostgres;

/**
 * The caches in front of PostgreSQL (current scores, API keys) never serve what changed: this
 * instance drops them when it writes, and any other writer — another instance, an operator with
 * psql — reaches them through the notifications of migration V8.
 */
class CachesIT {
  static TestApp app;
  static String auditor;
  static String viewer;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("cache", "auditor");
    viewer = app.key("cache", "viewer");
    assertThat(
            app.upload(
                    auditor,
                    "suppliers",
                    "supplier_id,name,country,sector\nA,Alpha Mining,PE,mining\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theCachesServeOnlyWhileTheChangeFeedListens() {
    assertThat(app.app.tenants().keyCache().enabled()).isTrue();
  }

  @Test
  void aScoreChangedOutsideTheServiceIsServedNewWithinMilliseconds() throws Exception {
    int score = risk();
    assertThat(risk()).as("read twice: the second from the cache").isEqualTo(score);
    int changed = score == 42 ? 43 : 42;
    try (Connection c = TestPostgres.connect(app.database);
        PreparedStatement s =
            c.prepareStatement(
                "update supplier_scores set score = ? where tenant_id = 'cache' and supplier_id = 'A'")) {
      s.setInt(1, changed);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    // Entries live 60 s: only the notification can make this pass within 5 s.
    long deadline = System.nanoTime() + 5_000_000_000L;
    int seen = risk();
    while (seen != changed && System.nanoTime() < deadline) {
      Thread.sleep(20);
      seen = risk();
    }
    assertThat(seen).isEqualTo(changed);
  }

  @Test
  void theCacheServesTheSameDocumentAsTheDatabase() {
    // The cache keeps each explanation as JSON bytes and parses it per read: the document served
    // from it must be the one rendered from the row, factor for factor, in every language.
    for (String lang : java.util.List.of("en", "fr", "es")) {
      app.app.rescoring().scores().cache().invalidate("cache");
      String path = "/v1/suppliers/A/risk?lang=" + lang;
      var fromDatabase = app.get(path, viewer).json();
      var fromCache = app.get(path, viewer).json();
      assertThat(fromDatabase.get("factors").size()).isPositive();
      assertThat(fromCache).isEqualTo(fromDatabase);
      assertThat(app.get(path, viewer).json()).isEqualTo(fromDatabase);
    }
  }

  @Test
  void aNewRescoringIsServedAtOnce() {
    int before = risk();
    assertThat(
            app.upload(
                    auditor,
                    "findings",
                    "supplier_id,indicator,severity,status\nA,debt-bondage,high,open\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    assertThat(risk()).isGreaterThan(before);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() {
    String admin = app.key("cache", "admin");
    TestApp.Response issued =
        app.postJson("/v1/tenants/cache/keys", admin, "{\"role\":\"viewer\"}");
    String key = issued.json().get("key").asText();
    assertThat(app.get("/v1/suppliers/A/risk", key).status()).isEqualTo(200);
    assertThat(app.get("/v1/suppliers/A/risk", key).status()).isEqualTo(200);
    assertThat(
            app.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                app.base()
                                    + "/v1/tenants/cache/keys/"
                                    + issued.json().get("id").asText()))
                        .DELETE(),
                    admin)
                .status())
        .isEqualTo(204);
    assertThat(app.get("/v1/suppliers/A/risk", key).status()).isEqualTo(401);
  }

  private static int risk() {
    return app.get("/v1/suppliers/A/risk", viewer).json().get("score").asInt();
  }
}
