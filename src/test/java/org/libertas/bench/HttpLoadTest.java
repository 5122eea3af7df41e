package org.libertas.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a real HTTP server on port 0: it counts what the server answered,
 * tells errors from answers, keeps the open loop's arrival rate, and drops beyond its bound.
 */
class HttpLoadTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static final AtomicInteger served = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  served.incrementAndGet();
                  String auth = r.getHeader("Authorization");
                  switch (r.path()) {
                    case "/ok" -> r.response().end("Bearer k".equals(auth) ? "yes" : "no key");
                    case "/slow" -> vertx.setTimer(200, t -> r.response().end("late"));
                    default -> r.response().setStatusCode(500).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Test
  void closedLoopCountsEveryAnsweredRequest() {
    int before = served.get();
    HttpLoad.Result r =
        HttpLoad.closed(4, Duration.ofMillis(500), i -> HttpLoad.get(url("/ok"), "k", null));
    assertThat(r.errors()).isZero();
    assertThat(r.firstStatus()).isEqualTo(200);
    assertThat(r.micros().length).isPositive();
    assertThat((long) r.micros().length).isEqualTo(r.requests());
    // Plus one request per connection, sent to open it before the clock started.
    assertThat(served.get() - before).isEqualTo(r.micros().length + 4);
    assertThat(r.percentileMillis(0.5)).isLessThanOrEqualTo(r.percentileMillis(0.99));
    assertThat(r.hiccupMicros()).isNotEmpty();
  }

  @Test
  void serverErrorsAreCountedNotTimed() {
    HttpLoad.Result r =
        HttpLoad.closed(2, Duration.ofMillis(300), i -> HttpLoad.get(url("/fail"), null, null));
    assertThat(r.micros()).isEmpty();
    assertThat(r.errors()).isEqualTo(r.requests()).isPositive();
    assertThat(r.firstStatus()).isEqualTo(500);
  }

  @Test
  void openLoopKeepsItsRateAndDropsBeyondItsBound() {
    // 200 req/s for 1 s against a server that answers after 200 ms: about 40 are in flight at
    // once, so a bound of 10 drops most arrivals, and latency counts from each scheduled time.
    HttpLoad.Result r =
        HttpLoad.open(200, Duration.ofSeconds(1), 10, i -> HttpLoad.get(url("/slow"), null, null));
    assertThat(r.requests()).isEqualTo(200);
    assertThat(r.dropped()).isGreaterThan(100);
    assertThat(r.micros().length + r.dropped() + r.errors()).isEqualTo(200);
    assertThat(r.percentileMillis(0.5)).isGreaterThanOrEqualTo(200);

    HttpLoad.Result fast =
        HttpLoad.open(200, Duration.ofSeconds(1), 64, i -> HttpLoad.get(url("/ok"), "k", null));
    assertThat(fast.dropped()).isZero();
    assertThat(fast.micros()).hasSize(200);
    assertThat(fast.seconds()).isBetween(0.9, 5.0);
  }
}
