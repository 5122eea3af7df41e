package org.libertas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A small bounded HTTP load generator for loopback servers: a closed loop (N connections, each
 * sends its next request when the last one answered, for a fixed duration) or an open loop (a fixed
 * arrival rate for a fixed duration; latency counted from each request's scheduled time, so a
 * stalled server is not hidden by the generator waiting on it). Requests come from a function of
 * the request number, so callers can spread them over many resources. Both loops stop by
 * themselves; the open loop drops (and counts) arrivals beyond a bound on requests in flight.
 */
public final class HttpLoad {
  /** The outcome of one run: latencies of answered requests in microseconds, sorted. */
  public record Result(
      long requests, long errors, long dropped, double seconds, long[] micros, int firstStatus) {
    public double throughput() {
      return micros.length / seconds;
    }

    /** The q-quantile (0..1) of latency in milliseconds. */
    public double percentileMillis(double q) {
      if (micros.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(micros.length - 1, Math.ceil(q * micros.length) - 1);
      return micros[Math.max(0, i)] / 1000.0;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d requests in %.1f s (%,.0f/s), %d errors, %d dropped, p50 %.2f ms, p99 %.2f ms",
          requests,
          seconds,
          throughput(),
          errors,
          dropped,
          percentileMillis(0.50),
          percentileMillis(0.99));
    }
  }

  private HttpLoad() {}

  /** N connections in a closed loop for the duration. */
  public static Result closed(
      int connections, Duration duration, IntFunction<HttpRequest> request) {
    AtomicLong counter = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    List<long[]> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    int[] firstStatus = {0};
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      long[][] box = {new long[1 << 16]};
      int[] n = {0};
      perThread.add(null);
      int slot = c;
      Thread t =
          new Thread(
              () -> {
                HttpClient client =
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                while (System.nanoTime() < end) {
                  HttpRequest r = request.apply((int) counter.getAndIncrement());
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<byte[]> resp =
                        client.send(r, HttpResponse.BodyHandlers.ofByteArray());
                    if (firstStatus[0] == 0) {
                      firstStatus[0] = resp.statusCode();
                    }
                    if (resp.statusCode() != 200) {
                      errors.incrementAndGet();
                      continue;
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (n[0] == box[0].length) {
                    box[0] = Arrays.copyOf(box[0], n[0] * 2);
                  }
                  box[0][n[0]++] = (System.nanoTime() - t0) / 1000;
                }
                synchronized (perThread) {
                  perThread.set(slot, Arrays.copyOf(box[0], n[0]));
                }
              },
              "http-load-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(counter.get(), errors.get(), 0, seconds, all, firstStatus[0]);
  }

  /** A fixed arrival rate for the duration, at most maxInFlight requests outstanding. */
  public static Result open(
      double perSecond, Duration duration, int maxInFlight, IntFunction<HttpRequest> request) {
    var executor = Executors.newFixedThreadPool(4);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong errors = new AtomicLong();
    long dropped = 0;
    long total = (long) (perSecond * duration.toSeconds());
    long[] micros = new long[(int) total];
    AtomicLong answered = new AtomicLong();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    int[] firstStatus = {0};
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
      if (!inFlight.tryAcquire()) {
        dropped++;
        continue;
      }
      HttpRequest r = request.apply(i);
      pending.add(
          client
              .sendAsync(r, HttpResponse.BodyHandlers.ofByteArray())
              .handle(
                  (resp, e) -> {
                    inFlight.release();
                    if (e != null || resp.statusCode() != 200) {
                      errors.incrementAndGet();
                    } else {
                      if (firstStatus[0] == 0) {
                        firstStatus[0] = resp.statusCode();
                      }
                      int k = (int) answered.getAndIncrement();
                      micros[k] = (System.nanoTime() - due) / 1000;
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    executor.shutdown();
    long[] all = Arrays.copyOf(micros, (int) answered.get());
    Arrays.sort(all);
    return new Result(total, errors.get(), dropped, seconds, all, firstStatus[0]);
  }

  /** A GET with an optional bearer key and accept header. */
  public static HttpRequest get(String url, String key, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return b.GET().build();
  }
}
