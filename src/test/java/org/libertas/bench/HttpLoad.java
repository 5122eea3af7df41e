package org.libertas.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A small bounded HTTP load generator for loopback servers: a closed loop (N connections, each
 * sends its next request when the last one answered, for a fixed duration) or an open loop (a fixed
 * arrival rate for a fixed duration; latency counted from each request's scheduled time, so a
 * stalled server is not hidden by the generator waiting on it). Requests come from a function of
 * the request number, so callers can spread them over many resources. Both loops stop by
 * themselves; the open loop drops (and counts) arrivals beyond a bound on requests in flight.
 *
 * <p>The generator shares the machine with the server it measures, so it must cost little: it runs
 * on one Vert.x event loop (Netty, keep-alive HTTP/1.1 connections), about a tenth of the CPU per
 * request of the JDK's {@code java.net.http} client it replaced (which used two thirds of this
 * 2-core machine to drive 1,600 req/s). The same generator drives Libertas and its peer. Before a
 * loop starts its clock, up to 16 requests sent at once open the connections it will use (untimed).
 */
public final class HttpLoad {
  /** One GET: where, and the headers to send. */
  public record Request(String host, int port, String uri, String key, String accept) {
    RequestOptions options() {
      RequestOptions o =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost(host)
              .setPort(port)
              .setURI(uri)
              .setTimeout(10_000);
      if (key != null) {
        o.putHeader("Authorization", "Bearer " + key);
      }
      if (accept != null) {
        o.putHeader("Accept", accept);
      }
      return o;
    }
  }

  /** The outcome of one run: latencies of answered requests in microseconds, sorted. */
  public record Result(
      long requests,
      long errors,
      long dropped,
      double seconds,
      long[] micros,
      int firstStatus,
      long[] hiccupMicros) {
    public double throughput() {
      return micros.length / seconds;
    }

    /** The q-quantile (0..1) of latency in milliseconds. */
    public double percentileMillis(double q) {
      return quantile(micros, q);
    }

    /**
     * The q-quantile (0..1) in milliseconds of how late a thread of the generator woke from a 1 ms
     * sleep during the run: the stalls of the machine itself (scheduler, hypervisor, the
     * generator's own GC), which every request in flight at the time suffers too.
     */
    public double hiccupMillis(double q) {
      return quantile(hiccupMicros, q);
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d requests in %.1f s (%,.0f/s), %d errors, %d dropped, p50 %.2f ms, p99 %.2f ms;"
              + " machine stalls p99 %.2f ms, max %.2f ms",
          requests,
          seconds,
          throughput(),
          errors,
          dropped,
          percentileMillis(0.50),
          percentileMillis(0.99),
          hiccupMillis(0.99),
          hiccupMillis(1.0));
    }
  }

  private static double quantile(long[] sortedMicros, double q) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sortedMicros.length - 1, Math.ceil(q * sortedMicros.length) - 1);
    return sortedMicros[Math.max(0, i)] / 1000.0;
  }

  /** A thread that sleeps 1 ms at a time and records how late it wakes (after jHiccup). */
  private static final class Hiccups implements AutoCloseable {
    private volatile boolean running = true;
    private long[] late = new long[1 << 14];
    private int n;
    private final Thread thread =
        new Thread(
            () -> {
              while (running) {
                long t0 = System.nanoTime();
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                long over = Math.max(0, (System.nanoTime() - t0 - 1_000_000) / 1000);
                if (n == late.length) {
                  late = Arrays.copyOf(late, n * 2);
                }
                late[n++] = over;
              }
            },
            "http-load-hiccups");

    Hiccups() {
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long[] sorted() {
      long[] all = Arrays.copyOf(late, n);
      Arrays.sort(all);
      return all;
    }
  }

  /** Latencies and outcomes gathered on the generator's one event loop. */
  private static final class Tally {
    long[] micros = new long[1 << 16];
    int answered;
    final AtomicLong errors = new AtomicLong();
    volatile int firstStatus;

    void answered(long micros) {
      if (answered == this.micros.length) {
        this.micros = Arrays.copyOf(this.micros, answered * 2);
      }
      this.micros[answered++] = micros;
    }

    long[] sorted() {
      long[] all = Arrays.copyOf(micros, answered);
      Arrays.sort(all);
      return all;
    }
  }

  private HttpLoad() {}

  /** N connections in a closed loop for the duration. */
  public static Result closed(int connections, Duration duration, IntFunction<Request> request) {
    return run(
        connections,
        request,
        (client, ctx, tally) -> {
          AtomicLong counter = new AtomicLong();
          long end = System.nanoTime() + duration.toNanos();
          CountDownLatch done = new CountDownLatch(connections);
          long start = System.nanoTime();
          for (int c = 0; c < connections; c++) {
            ctx.runOnContext(v -> loop(client, request, counter, end, tally, done));
          }
          await(done, duration.plusSeconds(30));
          return new long[] {counter.get(), 0, System.nanoTime() - start};
        });
  }

  private static void loop(
      HttpClientAgent client,
      IntFunction<Request> request,
      AtomicLong counter,
      long end,
      Tally tally,
      CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    long t0 = System.nanoTime();
    send(client, request.apply((int) counter.getAndIncrement()))
        .onComplete(
            ar -> {
              record(tally, ar, t0);
              loop(client, request, counter, end, tally, done);
            });
  }

  /** A fixed arrival rate for the duration, at most maxInFlight requests outstanding. */
  public static Result open(
      double perSecond, Duration duration, int maxInFlight, IntFunction<Request> request) {
    return run(
        maxInFlight,
        request,
        (client, ctx, tally) -> {
          AtomicInteger inFlight = new AtomicInteger();
          long dropped = 0;
          long total = (long) (perSecond * duration.toSeconds());
          CountDownLatch done = new CountDownLatch((int) total);
          long start = System.nanoTime();
          for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
              if (wait > 200_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
              } else {
                Thread.onSpinWait();
              }
            }
            if (inFlight.incrementAndGet() > maxInFlight) {
              inFlight.decrementAndGet();
              dropped++;
              done.countDown();
              continue;
            }
            Request r = request.apply(i);
            ctx.runOnContext(
                v ->
                    send(client, r)
                        .onComplete(
                            ar -> {
                              inFlight.decrementAndGet();
                              record(tally, ar, due);
                              done.countDown();
                            }));
          }
          await(done, Duration.ofSeconds(30));
          return new long[] {total, dropped, System.nanoTime() - start};
        });
  }

  private interface Body {
    /** Runs the load; answers {requests, dropped, elapsed nanos}. */
    long[] run(HttpClientAgent client, Context ctx, Tally tally) throws Exception;
  }

  /**
   * Connections opened before the clock starts, so that no loop times its own connection set-up.
   */
  private static final int PRIMED = 16;

  private static Result run(int connections, IntFunction<Request> request, Body body) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      HttpClientAgent client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
              new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
      Context ctx = vertx.getOrCreateContext();
      int primed = Math.min(PRIMED, connections);
      CountDownLatch open = new CountDownLatch(primed);
      for (int i = 0; i < primed; i++) {
        Request r = request.apply(i);
        ctx.runOnContext(v -> send(client, r).onComplete(ar -> open.countDown()));
      }
      await(open, Duration.ofSeconds(30));
      Tally tally = new Tally();
      long[] r;
      long[] hiccups;
      try (Hiccups h = new Hiccups()) {
        r = body.run(client, ctx, tally);
        h.close();
        hiccups = h.sorted();
      }
      // The tally is written on the event loop; read it there too.
      long[][] micros = new long[1][];
      CountDownLatch read = new CountDownLatch(1);
      ctx.runOnContext(
          v -> {
            micros[0] = tally.sorted();
            read.countDown();
          });
      await(read, Duration.ofSeconds(10));
      return new Result(
          r[0], tally.errors.get(), r[1], r[2] / 1e9, micros[0], tally.firstStatus, hiccups);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      vertx.close().await();
    }
  }

  private static Future<Integer> send(HttpClientAgent client, Request r) {
    return client
        .request(r.options())
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  private static void record(Tally tally, io.vertx.core.AsyncResult<Integer> ar, long since) {
    if (ar.succeeded() && tally.firstStatus == 0) {
      tally.firstStatus = ar.result();
    }
    if (ar.failed() || ar.result() != 200) {
      tally.errors.incrementAndGet();
    } else {
      tally.answered((System.nanoTime() - since) / 1000);
    }
  }

  private static void await(CountDownLatch latch, Duration atMost) {
    try {
      if (!latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("load did not finish within " + atMost);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET with an optional bearer key and accept header. */
  public static Request get(String url, String key, String accept) {
    URI u = URI.create(url);
    String path = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return new Request(u.getHost(), u.getPort(), path, key, accept);
  }
}
