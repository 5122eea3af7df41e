package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsNeedNoVariables() {
    Config c = Config.fromEnv(Map.of());
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.stores().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.stores().pgUrl()).isEmpty();
    assertThat(c.adminKey()).isEmpty();
    assertThat(c.http().rateLimitPerMinute()).isEqualTo(600);
    assertThat(c.http().corsOrigins()).isEmpty();
    assertThat(c.webhooks().allowedHosts()).isEmpty();
    assertThat(c.webhooks().attempts()).isEqualTo(4);
    assertThat(c.webhooks().backoffMs()).isEqualTo(1000);
    assertThat(c.stores().queryTimeoutMs()).isEqualTo(3_600_000);
    assertThat(c.ontology().proofSuppliers()).isEqualTo(10_000);
    assertThat(c.ontology().ruleBudgetMs()).isEqualTo(20_000);
  }

  @Test
  void theRuleProofIsSizedAndBudgetedWithinBounds() {
    Config c =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_ONTOLOGY_PROOF_SUPPLIERS", "600",
                "LIBERTAS_ONTOLOGY_RULE_BUDGET_MS", "2000"));
    assertThat(c.ontology().proofSuppliers()).isEqualTo(600);
    assertThat(c.ontology().ruleBudgetMs()).isEqualTo(2000);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_ONTOLOGY_PROOF_SUPPLIERS", "5")))
        .hasMessageContaining("LIBERTAS_ONTOLOGY_PROOF_SUPPLIERS");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_ONTOLOGY_RULE_BUDGET_MS", "-1")))
        .hasMessageContaining("LIBERTAS_ONTOLOGY_RULE_BUDGET_MS");
  }

  @Test
  void theApiRunsOnTwoEventLoopsPerCoreUnlessTold() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(Config.fromEnv(Map.of()).threads().eventLoops()).isEqualTo(2 * cores);
    assertThat(Config.fromEnv(Map.of("LIBERTAS_EVENT_LOOPS", "3")).threads().eventLoops())
        .isEqualTo(3);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_EVENT_LOOPS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LIBERTAS_EVENT_LOOPS must be between 1");
  }

  @Test
  void theStoreQueryTimeLimitIsBounded() {
    assertThat(
            Config.fromEnv(Map.of("LIBERTAS_STORE_QUERY_TIMEOUT_MS", "120000"))
                .stores()
                .queryTimeoutMs())
        .isEqualTo(120_000);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_STORE_QUERY_TIMEOUT_MS", "10")))
        .hasMessageContaining("LIBERTAS_STORE_QUERY_TIMEOUT_MS must be between 1000");
  }

  @Test
  void aRemoteSparqlStoreNeedsBothEndpointsAndKeepsItsPasswordOutOfPrint() {
    assertThat(Config.fromEnv(Map.of()).stores().sparqlStore()).isEmpty();
    Config c =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_SPARQL_QUERY_URL", "http://fuseki:3030/libertas/query",
                "LIBERTAS_SPARQL_UPDATE_URL", "http://fuseki:3030/libertas/update",
                "LIBERTAS_SPARQL_USER", "libertas",
                "LIBERTAS_SPARQL_PASSWORD", "s3cret-pass"));
    Config.SparqlStore s = c.stores().sparqlStore().orElseThrow();
    assertThat(s.queryUrl().toString()).isEqualTo("http://fuseki:3030/libertas/query");
    assertThat(s.updateUrl().getPath()).isEqualTo("/libertas/update");
    assertThat(s.password()).contains("s3cret-pass");
    assertThat(c.toString()).doesNotContain("s3cret-pass").contains("libertas/query");
    assertThatThrownBy(
            () ->
                Config.fromEnv(
                    Map.of("LIBERTAS_SPARQL_QUERY_URL", "http://fuseki:3030/libertas/query")))
        .hasMessageContaining("LIBERTAS_SPARQL_UPDATE_URL");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_SPARQL_USER", "u")))
        .hasMessageContaining("LIBERTAS_SPARQL_QUERY_URL");
    assertThatThrownBy(
            () ->
                Config.fromEnv(
                    Map.of(
                        "LIBERTAS_SPARQL_QUERY_URL", "ftp://fuseki/q",
                        "LIBERTAS_SPARQL_UPDATE_URL", "http://fuseki/u")))
        .hasMessageContaining("LIBERTAS_SPARQL_QUERY_URL must look like");
    assertThatThrownBy(
            () ->
                Config.fromEnv(
                    Map.of(
                        "LIBERTAS_SPARQL_QUERY_URL", "http://u:pw@fuseki/q",
                        "LIBERTAS_SPARQL_UPDATE_URL", "http://fuseki/u")))
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(
            () ->
                Config.fromEnv(
                    Map.of(
                        "LIBERTAS_SPARQL_QUERY_URL", "http://fuseki/q",
                        "LIBERTAS_SPARQL_UPDATE_URL", "http://fuseki/u",
                        "LIBERTAS_SPARQL_PASSWORD", "p")))
        .hasMessageContaining("LIBERTAS_SPARQL_PASSWORD needs LIBERTAS_SPARQL_USER");
  }

  @Test
  void readsTheOperationsVariables() {
    Config c =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_RATE_LIMIT_PER_MINUTE", "0",
                "LIBERTAS_CORS_ORIGINS", " https://a.example.org ,, https://b.example.org",
                "LIBERTAS_WEBHOOK_ALLOWED_HOSTS", "hooks.example.org,10.0.0.5:8443",
                "LIBERTAS_WEBHOOK_ATTEMPTS", "3",
                "LIBERTAS_WEBHOOK_BACKOFF_MS", "50"));
    assertThat(c.http().rateLimitPerMinute()).isZero();
    assertThat(c.http().corsOrigins())
        .containsExactly("https://a.example.org", "https://b.example.org");
    assertThat(c.webhooks().allowedHosts()).containsExactly("hooks.example.org", "10.0.0.5:8443");
    assertThat(c.webhooks().attempts()).isEqualTo(3);
    assertThat(c.webhooks().backoffMs()).isEqualTo(50);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_RATE_LIMIT_PER_MINUTE", "-1")))
        .hasMessageContaining("LIBERTAS_RATE_LIMIT_PER_MINUTE");
  }

  @Test
  void theRequestBodyAndConnectionLimitsHaveDefaultsAndAreRead() {
    Config.Http d = Config.fromEnv(Map.of()).http();
    assertThat(d.jsonMaxBytes()).isEqualTo(1_048_576);
    assertThat(d.idleTimeoutSeconds()).isEqualTo(60);
    assertThat(d.bodyTimeoutMs()).isEqualTo(10_000);
    assertThat(d.bodyMinBytesPerSecond()).isEqualTo(65_536);
    assertThat(d.maxAnonymousConnections()).isEqualTo(256);
    Config.Http h =
        Config.fromEnv(
                Map.of(
                    "LIBERTAS_HTTP_JSON_MAX_BYTES", "4096",
                    "LIBERTAS_HTTP_IDLE_TIMEOUT_SECONDS", "30",
                    "LIBERTAS_HTTP_BODY_TIMEOUT_MS", "2000",
                    "LIBERTAS_HTTP_BODY_MIN_BYTES_PER_SECOND", "8192",
                    "LIBERTAS_HTTP_MAX_ANONYMOUS_CONNECTIONS", "16"))
            .http();
    assertThat(h.jsonMaxBytes()).isEqualTo(4096);
    assertThat(h.idleTimeoutSeconds()).isEqualTo(30);
    assertThat(h.bodyTimeoutMs()).isEqualTo(2000);
    assertThat(h.bodyMinBytesPerSecond()).isEqualTo(8192);
    assertThat(h.maxAnonymousConnections()).isEqualTo(16);
    for (var bad :
        Map.of(
                "LIBERTAS_HTTP_JSON_MAX_BYTES", "10",
                "LIBERTAS_HTTP_IDLE_TIMEOUT_SECONDS", "0",
                "LIBERTAS_HTTP_BODY_TIMEOUT_MS", "lots",
                "LIBERTAS_HTTP_BODY_MIN_BYTES_PER_SECOND", "1",
                "LIBERTAS_HTTP_MAX_ANONYMOUS_CONNECTIONS", "0")
            .entrySet()) {
      assertThatThrownBy(() -> Config.fromEnv(Map.of(bad.getKey(), bad.getValue())))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.getKey());
    }
  }

  @Test
  void readsEveryVariable() {
    Config c =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_HTTP_PORT", "9090",
                "LIBERTAS_DATA_DIR", "/srv/libertas",
                "LIBERTAS_PG_URL", "postgresql://app:s3cret@db.internal:5433/libertas",
                "LIBERTAS_UPLOAD_MAX_BYTES", "2048",
                "LIBERTAS_UPLOAD_MAX_ROWS", "10"));
    assertThat(c.http().port()).isEqualTo(9090);
    assertThat(c.stores().dataDir()).isEqualTo(Path.of("/srv/libertas"));
    assertThat(c.stores().pgUrl().orElseThrow().getHost()).isEqualTo("db.internal");
    assertThat(c.uploads().maxBytes()).isEqualTo(2048);
    assertThat(c.uploads().maxRows()).isEqualTo(10);
  }

  @Test
  void fairnessLimitsHaveDefaultsAndOneTenantNeverHoldsEverySparqlThread() {
    Config d = Config.fromEnv(Map.of());
    assertThat(d.uploads().parallelJobs()).isEqualTo(2);
    assertThat(d.sparql().threads()).isEqualTo(4);
    assertThat(d.sparql().perTenant()).isEqualTo(2);
    assertThat(d.sparql().queue()).isEqualTo(32);
    Config c =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_UPLOAD_PARALLEL_JOBS", "3",
                "LIBERTAS_SPARQL_THREADS", "6",
                "LIBERTAS_SPARQL_PER_TENANT", "5",
                "LIBERTAS_SPARQL_QUEUE", "0"));
    assertThat(c.uploads().parallelJobs()).isEqualTo(3);
    assertThat(c.sparql().threads()).isEqualTo(6);
    assertThat(c.sparql().perTenant()).isEqualTo(5);
    assertThat(c.sparql().queue()).isZero();
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_UPLOAD_PARALLEL_JOBS", "0")))
        .hasMessageContaining("LIBERTAS_UPLOAD_PARALLEL_JOBS must be between 1");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_SPARQL_THREADS", "1")))
        .hasMessageContaining("LIBERTAS_SPARQL_THREADS must be between 2");
    assertThatThrownBy(
            () ->
                Config.fromEnv(
                    Map.of("LIBERTAS_SPARQL_THREADS", "3", "LIBERTAS_SPARQL_PER_TENANT", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LIBERTAS_SPARQL_PER_TENANT (3) must be smaller than");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_SPARQL_QUEUE", "-1")))
        .hasMessageContaining("LIBERTAS_SPARQL_QUEUE");
  }

  @Test
  void aWrongValueNamesTheVariable() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LIBERTAS_HTTP_PORT");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_HTTP_PORT", "70000")))
        .hasMessageContaining("LIBERTAS_HTTP_PORT")
        .hasMessageContaining("65535");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_PG_URL", "mysql://x/y")))
        .hasMessageContaining("LIBERTAS_PG_URL");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_ADMIN_KEY", "short")))
        .hasMessageContaining("LIBERTAS_ADMIN_KEY");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("LIBERTAS_UPLOAD_MAX_ROWS", "0")))
        .hasMessageContaining("LIBERTAS_UPLOAD_MAX_ROWS");
  }
}
