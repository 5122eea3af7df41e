package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.alerts.Alerts;
import org.libertas.testing.TestApp;

/**
 * Band-change alerts end to end: a receiver on port 0 gets signed events after uploads change
 * bands, a failing receiver is retried with every attempt in the delivery log, and only allowed
 * hosts can be registered.
 */
class WebhooksIT {
  record Received(String path, Map<String, String> headers, byte[] body) {}

  static TestApp app;
  static Vertx vertx;
  static HttpServer receiver;
  static final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              Map<String, String> h = new java.util.HashMap<>();
                              req.headers()
                                  .forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
                              received.add(new Received(req.path(), h, b.getBytes()));
                              req.response()
                                  .setStatusCode(req.path().equals("/fail") ? 500 : 204)
                                  .end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    app =
        TestApp.start(
            Map.of(
                "LIBERTAS_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, hooks.example.org:8443",
                "LIBERTAS_WEBHOOK_ATTEMPTS", "3",
                "LIBERTAS_WEBHOOK_BACKOFF_MS", "50"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static String url(String path) {
    return "http://127.0.0.1:" + receiver.actualPort() + path;
  }

  static Received next(String path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Received r = received.poll(200, TimeUnit.MILLISECONDS);
      if (r != null && r.path().equals(path)) {
        return r;
      }
      if (r != null) {
        received.add(r);
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no event on " + path);
  }

  @Test
  void anUploadThatChangesABandSendsOneSignedEvent() throws Exception {
    String compliance = app.tenantWithKey("acme", "compliance");
    String auditor = app.key("acme", "auditor");
    TestApp.Response created =
        app.postJson("/v1/webhooks", compliance, "{\"url\":\"" + url("/ok") + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().get("secret").asText();
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
    String id = created.json().get("id").asText();

    app.upload(auditor, "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\n");

    Received r = next("/ok");
    assertThat(r.headers().get("x-libertas-signature"))
        .isEqualTo(Alerts.signature(secret, r.body()));
    JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(event.get("type").asText()).isEqualTo("band-changed");
    assertThat(event.get("tenantId").asText()).isEqualTo("acme");
    assertThat(event.get("at").asText()).isNotBlank();
    JsonNode change = event.get("changes").get(0);
    assertThat(change.get("supplierId").asText()).isEqualTo("A1");
    assertThat(change.get("bandBefore").isNull()).isTrue();
    assertThat(change.get("bandAfter").asText()).isNotBlank();
    assertThat(change.has("scoreBefore")).isTrue();
    assertThat(change.get("scoreAfter").isInt()).isTrue();

    // The delivery is logged; the listing never shows the secret.
    JsonNode log = awaitDeliveries(compliance, id, 1);
    assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(204);
    assertThat(log.get(0).get("attempt").asInt()).isEqualTo(1);
    TestApp.Response list = app.get("/v1/webhooks", compliance);
    assertThat(list.json().get("items").get(0).get("url").asText()).isEqualTo(url("/ok"));
    assertThat(list.body()).doesNotContain(secret);

    // Another tenant sees none of it.
    String globex = app.tenantWithKey("globex", "admin");
    assertThat(app.get("/v1/webhooks/" + id + "/deliveries", globex).status()).isEqualTo(404);
    assertThat(app.get("/v1/webhooks", globex).json().get("items")).isEmpty();
    assertThat(delete(id, globex).status()).isEqualTo(404);

    // Created and deleted, both audited.
    assertThat(delete(id, compliance).status()).isEqualTo(204);
    assertThat(delete(id, compliance).status()).isEqualTo(404);
    String audit = app.get("/v1/audit", compliance).body();
    assertThat(audit).contains("webhook.create").contains("webhook.delete").doesNotContain(secret);
  }

  @Test
  void aFailingReceiverIsRetriedAndEveryAttemptIsLogged() throws Exception {
    String admin = app.tenantWithKey("initech", "admin");
    String auditor = app.key("initech", "auditor");
    TestApp.Response created =
        app.postJson(
            "/v1/webhooks",
            admin,
            "{\"url\":\"" + url("/fail") + "\",\"secret\":\"a-secret-of-our-own-choosing\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("secret").asText()).isEqualTo("a-secret-of-our-own-choosing");
    String id = created.json().get("id").asText();

    app.upload(auditor, "suppliers", "supplier_id,name,country\nI1,Initech Farm,BR\n");

    Received first = next("/fail");
    assertThat(first.headers().get("x-libertas-signature"))
        .isEqualTo(Alerts.signature("a-secret-of-our-own-choosing", first.body()));
    Received second = next("/fail");
    Received third = next("/fail");
    assertThat(new String(third.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(first.body(), StandardCharsets.UTF_8));
    assertThat(second.headers().get("x-libertas-event-id"))
        .isEqualTo(first.headers().get("x-libertas-event-id"));

    JsonNode log = awaitDeliveries(admin, id, 3);
    assertThat(log).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode d = log.get(i);
      assertThat(d.get("attempt").asInt()).isEqualTo(3 - i);
      assertThat(d.get("statusCode").asInt()).isEqualTo(500);
      assertThat(d.get("error").asText()).contains("500");
      assertThat(d.get("eventId").asText()).isEqualTo(first.headers().get("x-libertas-event-id"));
    }
    Thread.sleep(500);
    assertThat(app.get("/v1/webhooks/" + id + "/deliveries", admin).json().get("items")).hasSize(3);
  }

  @Test
  void aUrlOutsideTheAllowListIsRefused() {
    String admin = app.tenantWithKey("umbrella", "admin");
    for (String bad :
        new String[] {
          "https://evil.example.com/hook",
          "http://127.0.0.1.evil.example.com/hook",
          "https://hooks.example.org/hook",
          "ftp://127.0.0.1/hook",
          "not a url"
        }) {
      TestApp.Response r = app.postJson("/v1/webhooks", admin, "{\"url\":\"" + bad + "\"}");
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("/url");
    }
    assertThat(
            app.postJson("/v1/webhooks", admin, "{\"url\":\"https://hooks.example.org:8443/hook\"}")
                .status())
        .isEqualTo(201);
    assertThat(app.postJson("/v1/webhooks", admin, "{\"url\":\"http://127.0.0.1:1/x\"}").status())
        .isEqualTo(201);
  }

  @Test
  void aUrlWithAnInvalidPortIsRefusedNamingTheUrl() {
    String admin = app.tenantWithKey("portless", "admin");
    for (String bad :
        new String[] {
          "http://127.0.0.1:99999/hook",
          "http://127.0.0.1:0/hook",
          "http://127.0.0.1:-1/hook",
          "http://127.0.0.1:65536/hook",
          "http://127.0.0.1:99999999999999999999/hook"
        }) {
      TestApp.Response r = app.postJson("/v1/webhooks", admin, "{\"url\":\"" + bad + "\"}");
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("errors").get(0).get("column").asText()).isEqualTo("/url");
    }
    assertThat(app.get("/v1/webhooks", admin).json().get("items")).isEmpty();
    assertThat(
            app.postJson("/v1/webhooks", admin, "{\"url\":\"http://127.0.0.1:65535/x\"}").status())
        .isEqualTo(201);
  }

  static TestApp.Response delete(String id, String key) {
    return app.send(
        HttpRequest.newBuilder(URI.create(app.base() + "/v1/webhooks/" + id)).DELETE(), key);
  }

  static JsonNode awaitDeliveries(String key, String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode items = null;
    while (System.nanoTime() < deadline) {
      TestApp.Response r = app.get("/v1/webhooks/" + id + "/deliveries", key);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      items = r.json().get("items");
      if (items.size() >= n) {
        return items;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("deliveries: " + items);
  }
}
