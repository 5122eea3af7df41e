package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** The per-key rate limit and CORS, with a tiny limit and one allowed origin. */
class GuardsIT {
  static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            Map.of(
                "LIBERTAS_RATE_LIMIT_PER_MINUTE", "5",
                "LIBERTAS_CORS_ORIGINS", "https://app.example.org, https://other.example.org"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aBurstBeyondTheLimitGets429WithRetryAfterAndTheServiceStaysHealthy() {
    String key = app.tenantWithKey("acme", "viewer");
    String other = app.key("acme", "viewer");
    List<Integer> statuses = new ArrayList<>();
    TestApp.Response limited = null;
    for (int i = 0; i < 8; i++) {
      TestApp.Response r = app.get("/v1/suppliers", key);
      statuses.add(r.status());
      if (r.status() == 429) {
        limited = r;
      }
    }
    assertThat(statuses.subList(0, 5)).containsOnly(200);
    assertThat(statuses.subList(5, 8)).containsOnly(429);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(limited.json().get("type").asText()).endsWith("/too-many-requests");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    // Another key has its own bucket; public operations are not limited.
    assertThat(app.get("/v1/suppliers", other).status()).isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      assertThat(app.get("/healthz", null).status()).isEqualTo(200);
    }
    org.libertas.reliability.Figures.record(
        10,
        "burst of 8 with a limit of 5 a minute: 200s / 429s (with Retry-After)",
        statuses.stream().filter(x -> x == 200).count()
            + " / "
            + statuses.stream().filter(x -> x == 429).count(),
        "");
    org.libertas.reliability.Figures.record(10, "/healthz answers after the burst", "10 × 200", "");
  }

  @Test
  void aPreflightFromAnAllowedOriginGetsTheCorsHeaders() {
    TestApp.Response r = preflight("https://app.example.org");
    assertThat(r.status()).isLessThan(300);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.org");
    assertThat(r.header("Access-Control-Allow-Headers"))
        .containsIgnoringCase("Authorization")
        .containsIgnoringCase("Content-Type")
        .containsIgnoringCase("Idempotency-Key")
        .containsIgnoringCase("X-Request-Id");
    assertThat(r.header("Access-Control-Allow-Methods")).contains("GET");
  }

  @Test
  void aPreflightFromAnotherOriginGetsNoCorsHeaders() {
    TestApp.Response r = preflight("https://evil.example.com");
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    assertThat(r.header("Access-Control-Allow-Headers")).isNull();
  }

  private static TestApp.Response preflight(String origin) {
    return app.send(
        HttpRequest.newBuilder(URI.create(app.base() + "/v1/suppliers"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization, idempotency-key"),
        null);
  }
}
