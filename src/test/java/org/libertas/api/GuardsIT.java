package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.slf4j.LoggerFactory;

/**
 * The per-key rate limit, CORS, and the request limits of the server (body, request line, headers),
 * with a tiny rate limit, a 4 KiB body limit and two allowed origins. A refusal chosen by Vert.x or
 * Netty is a problem document with its own status, logged at INFO, never a 500.
 */
class GuardsIT {
  static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            Map.of(
                "LIBERTAS_RATE_LIMIT_PER_MINUTE", "5",
                "LIBERTAS_UPLOAD_MAX_BYTES", "4096",
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
  void aPreflightFromAnotherOriginGetsNoCorsHeadersAndA403Problem() {
    List<ILoggingEvent> errors =
        errorsLoggedDuring(
            () -> {
              TestApp.Response r = preflight("https://evil.example.com");
              assertThat(r.header("Access-Control-Allow-Origin")).isNull();
              assertThat(r.header("Access-Control-Allow-Headers")).isNull();
              assertProblem(r, 403, "forbidden");
            });
    assertThat(errors).isEmpty();
  }

  @Test
  void aRequestFromAnotherOriginGetsA403Problem() {
    // CORS is checked before authentication: no key needed to be refused (nor to spend the budget).
    List<ILoggingEvent> errors =
        errorsLoggedDuring(
            () -> {
              TestApp.Response r =
                  app.send(
                      HttpRequest.newBuilder(URI.create(app.base() + "/v1/suppliers"))
                          .GET()
                          .header("Origin", "https://evil.example.com"),
                      null);
              assertThat(r.header("Access-Control-Allow-Origin")).isNull();
              assertProblem(r, 403, "forbidden");
            });
    assertThat(errors).isEmpty();
    // The same request from an allowed origin is answered.
    TestApp.Response ok =
        app.send(
            HttpRequest.newBuilder(URI.create(app.base() + "/healthz"))
                .GET()
                .header("Origin", "https://other.example.org"),
            null);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://other.example.org");
  }

  @Test
  void aBodyOverTheLimitGets413Problem() {
    // The key first: an anonymous giant body is refused as anonymous, never read; a caller's
    // over-size body is refused from its declared length, before it reaches a parser.
    byte[] body = ("supplier_id,name,country\n" + "S1,x,TH\n".repeat(1000)).getBytes();
    String key = app.tenantWithKey("oversize", "auditor");
    List<ILoggingEvent> errors =
        errorsLoggedDuring(
            () -> {
              TestApp.Response anonymous =
                  app.post("/v1/uploads?kind=suppliers", null, "text/csv", body);
              assertProblem(anonymous, 401, "unauthorized");
              TestApp.Response r = app.post("/v1/uploads?kind=suppliers", key, "text/csv", body);
              assertProblem(r, 413, "payload-too-large");
            });
    assertThat(errors).isEmpty();
  }

  @Test
  void anUploadOfExactlyTheLimitIsTakenAndARateLimitedOneIsRefusedUnread() throws Exception {
    String key = app.tenantWithKey("bodies", "auditor");
    StringBuilder csv =
        new StringBuilder(
            "supplier_id,name,country,region,sector,commodities,worker_count,"
                + "migrant_worker_share,registration_id,address\n");
    for (int i = 0; csv.length() < 4096 - 100; i++) {
      csv.append(String.format("S-TH-%03d,Supplier %d,TH,,,,,,,%n", i, i));
    }
    String last = "S-TH-999,";
    String rest = ",TH,,,,,,,\n";
    int pad = 4096 - csv.length() - last.length() - rest.length();
    csv.append(last).append("x".repeat(pad)).append(rest);
    byte[] body = csv.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(body).hasSize(4096);
    TestApp.Response ok = app.post("/v1/uploads?kind=suppliers", key, "text/csv", body);
    assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    // One byte more is refused by its declared length, naming the limit.
    byte[] over = java.util.Arrays.copyOf(body, 4097);
    over[4096] = '\n';
    TestApp.Response big = app.post("/v1/uploads?kind=suppliers", key, "text/csv", over);
    assertProblem(big, 413, "payload-too-large");
    assertThat(big.json().get("detail").asText()).contains("4096");
    // Let the upload finish (polling through this key's five a minute), spend what is left, then
    // a POST whose body is never sent: the 429 comes at once and closes the connection rather than
    // waiting for (and draining) the body.
    app.awaitUpload(key, ok.header("Location"));
    for (int i = 0; i < 6 && app.get("/v1/uploads", key).status() != 429; i++) {
      // spending the budget
    }
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.app.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write(
              ("POST /v1/uploads?kind=suppliers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + key
                      + "\r\nContent-Type: text/csv\r\nContent-Length: 4000\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 429");
      assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
      assertThat(answer).contains("too-many-requests");
    }
  }

  @Test
  void anOverLongRequestLineGets414Problem() {
    TestApp.Response r = app.get("/v1/suppliers?q=" + "a".repeat(5000), null);
    assertProblem(r, 414, "uri-too-long");
  }

  @Test
  void oversizedHeadersGet431Problem() {
    TestApp.Response r =
        app.send(
            HttpRequest.newBuilder(URI.create(app.base() + "/healthz"))
                .GET()
                .header("X-Padding", "p".repeat(10_000)),
            null);
    assertProblem(r, 431, "request-header-fields-too-large");
  }

  private static void assertProblem(TestApp.Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().get("type").asText()).endsWith("/" + code);
    assertThat(r.json().get("title").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** What the failure handler logged at ERROR while {@code action} ran. */
  private static List<ILoggingEvent> errorsLoggedDuring(Runnable action) {
    Logger problems = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    problems.addAppender(captured);
    try {
      action.run();
    } finally {
      problems.detachAppender(captured);
    }
    synchronized (captured) {
      return captured.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }
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
