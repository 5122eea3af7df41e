package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;
import org.slf4j.LoggerFactory;

/**
 * The API runs on every event loop: concurrent requests on separate connections are answered by
 * more than one {@code vert.x-eventloop-thread-*}. The thread is read from the access log line each
 * request writes (logback records the thread), so nothing about threads reaches clients.
 */
class EventLoopsIT {
  static TestApp app;
  static String compliance;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("LIBERTAS_EVENT_LOOPS", "4"));
    String auditor = app.tenantWithKey("acme", "auditor");
    compliance = app.key("acme", "compliance");
    JsonNode upload =
        app.upload(
            auditor,
            "suppliers",
            "supplier_id,name,country,region,sector,commodities\n"
                + "P1,Minera Sol,PE,PE-MDD,artisanal-mining,gold\n");
    assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void concurrentRequestsAreServedByMoreThanOneEventLoop() {
    Logger access = (Logger) LoggerFactory.getLogger("org.libertas.access");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    access.addAppender(captured);
    try {
      // A client per request: each opens its own connection, and Vert.x hands connections to the
      // API verticles in turn.
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        calls.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(app.base() + "/v1/suppliers/P1/risk"))
                    .header("Authorization", "Bearer " + compliance)
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (var call : calls) {
        HttpResponse<String> r = call.join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().map().keySet())
            .noneMatch(h -> h.toLowerCase().contains("thread") || h.equalsIgnoreCase("server"));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (riskLines(captured).size() < calls.size() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      List<ILoggingEvent> lines = riskLines(captured);
      assertThat(lines).hasSize(calls.size());
      Set<String> threads = new TreeSet<>();
      lines.forEach(e -> threads.add(e.getThreadName()));
      assertThat(threads).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
      assertThat(threads).as("event loops that answered").hasSizeGreaterThanOrEqualTo(2);
    } finally {
      access.detachAppender(captured);
    }
  }

  private static List<ILoggingEvent> riskLines(ListAppender<ILoggingEvent> captured) {
    // AppenderBase appends under its own lock.
    synchronized (captured) {
      return captured.list.stream()
          .filter(e -> e.getFormattedMessage().contains("/v1/suppliers/P1/risk "))
          .toList();
    }
  }
}
