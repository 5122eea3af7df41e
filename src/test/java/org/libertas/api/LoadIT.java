package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.libertas.reliability.Bounds;
import org.libertas.reliability.Figures;
import org.libertas.testing.TestApp;
import org.libertas.testing.TestHttp;
import org.libertas.testing.TestPostgres;

/**
 * Load (docs/reliability.md): 16 uploaders and 64 score readers against 127.0.0.1 for a bounded
 * time ({@code libertas.reliability.load.seconds}: 5 in verify, 60 in the profile). No answer may
 * be a 5xx; every accepted upload must end succeeded with its suppliers listed; every stored score
 * must carry its tenant's data version. Throughput and p99 go to the figures.
 */
class LoadIT {
  static final int UPLOADERS = 16;
  static final int READERS = 64;
  static final String[] TENANTS = {"load-a", "load-b", "load-c", "load-d"};
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void uploadersAndReadersTogetherGetNo5xxAndLoseNothing() throws Exception {
    Duration duration = Bounds.seconds("load.seconds", 5);
    try (TestApp app = TestApp.start(Map.of("LIBERTAS_WORKER_THREADS", "4"))) {
      Map<String, String> auditors = new ConcurrentHashMap<>();
      Map<String, String> viewers = new ConcurrentHashMap<>();
      for (String t : TENANTS) {
        auditors.put(t, app.tenantWithKey(t, "auditor"));
        viewers.put(t, app.key(t, "viewer"));
        JsonNode u =
            app.upload(auditors.get(t), "suppliers", "supplier_id,name,country\nS0,Seed,PE\n");
        assertThat(u.get("status").asText()).isEqualTo("succeeded");
      }
      ConcurrentLinkedQueue<Long> readLatencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Long> uploadLatencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
      // upload location → tenant and the supplier ids it carries
      Map<String, String[]> accepted = new ConcurrentHashMap<>();
      AtomicLong otherStatuses = new AtomicLong();
      long end = System.nanoTime() + duration.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS + READERS);
      List<Future<?>> running = new ArrayList<>();
      for (int u = 0; u < UPLOADERS; u++) {
        int uploader = u;
        running.add(
            pool.submit(
                () -> {
                  String tenant = TENANTS[uploader % TENANTS.length];
                  for (int n = 0; System.nanoTime() < end; n++) {
                    String a = "U" + uploader + "-" + n + "-a";
                    String b = "U" + uploader + "-" + n + "-b";
                    String csv =
                        "supplier_id,name,country,sector\n"
                            + a
                            + ",Load "
                            + a
                            + ",TH,fishing\n"
                            + b
                            + ",Load "
                            + b
                            + ",VN,construction\n";
                    long t0 = System.nanoTime();
                    HttpResponse<String> r =
                        send(
                            app,
                            "POST",
                            "/v1/uploads?kind=suppliers",
                            auditors.get(tenant),
                            "text/csv",
                            csv);
                    uploadLatencies.add((System.nanoTime() - t0) / 1_000);
                    if (r.statusCode() >= 500) {
                      serverErrors.add("upload " + r.statusCode() + " " + r.body());
                    } else if (r.statusCode() == 202) {
                      accepted.put(
                          r.headers().firstValue("Location").orElseThrow(),
                          new String[] {tenant, a, b});
                    } else {
                      otherStatuses.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        running.add(
            pool.submit(
                () -> {
                  String tenant = TENANTS[reader % TENANTS.length];
                  while (System.nanoTime() < end) {
                    String path =
                        ThreadLocalRandom.current().nextBoolean()
                            ? "/v1/suppliers?limit=50"
                            : "/v1/suppliers/S0/risk";
                    long t0 = System.nanoTime();
                    HttpResponse<String> resp =
                        send(app, "GET", path, viewers.get(tenant), null, null);
                    readLatencies.add((System.nanoTime() - t0) / 1_000);
                    if (resp.statusCode() >= 500) {
                      serverErrors.add(
                          "read " + path + " " + resp.statusCode() + " " + resp.body());
                    } else if (resp.statusCode() != 200) {
                      otherStatuses.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      pool.shutdown();
      double seconds = duration.toMillis() / 1000.0;

      // Nothing lost: every accepted upload ends succeeded and its suppliers are listed. Each
      // tenant's uploads run one at a time, so the queue takes a while to drain after the load.
      long drain0 = System.nanoTime();
      long drainLimit = drain0 + Bounds.seconds("load.drain.seconds", 900).toNanos();
      while (count(app, "select count(*) from uploads where status not in ('succeeded', 'failed')")
          > 0) {
        assertThat(System.nanoTime()).as("the queue drains").isLessThan(drainLimit);
        Thread.sleep(200);
      }
      int succeeded = 0;
      for (var e : accepted.entrySet()) {
        JsonNode u = app.awaitUpload(auditors.get(e.getValue()[0]), e.getKey());
        assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
        succeeded++;
      }
      long drainMs = (System.nanoTime() - drain0) / 1_000_000;
      for (String t : TENANTS) {
        Set<String> listed = new java.util.HashSet<>();
        for (String cursor = null; ; ) {
          JsonNode page =
              app.get(
                      "/v1/suppliers?limit=500" + (cursor == null ? "" : "&cursor=" + cursor),
                      viewers.get(t))
                  .json();
          page.get("items").forEach(i -> listed.add(i.get("supplierId").asText()));
          cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
          if (cursor == null) {
            break;
          }
        }
        for (String[] a : accepted.values()) {
          if (a[0].equals(t)) {
            assertThat(listed).as(t).contains(a[1], a[2]);
          }
        }
        // Consistent scores: each stored score is of the tenant's data version.
        assertThat(
                count(
                    app,
                    "select count(*) from current_scores s where tenant_id = '"
                        + t
                        + "' and"
                        + " data_version <> (select max(seq) from uploads where tenant_id = '"
                        + t
                        + "' and status = 'succeeded' and not dry_run and graph_iri is not null)"))
            .as(t + ": scores of an older data version")
            .isZero();
      }
      assertThat(serverErrors).as("5xx answers").isEmpty();
      assertThat(app.get("/healthz", null).status()).isEqualTo(200);

      long[] reads = readLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] ups = uploadLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
      Figures.record(7, "duration", duration.toSeconds(), "s");
      Figures.record(7, "concurrent uploaders / score readers", UPLOADERS + " / " + READERS, "");
      Figures.record(7, "5xx answers", serverErrors.size(), "");
      Figures.record(7, "other non-2xx answers", otherStatuses.get(), "");
      Figures.record(7, "uploads accepted (202)", accepted.size(), "");
      Figures.record(7, "accepted uploads that ended succeeded (none lost)", succeeded, "");
      Figures.record(
          7, "upload intake throughput", String.format("%.1f", ups.length / seconds), "req/s");
      Figures.record(
          7,
          "upload intake p50 / p99",
          ms(Figures.percentile(ups, 50)) + " / " + ms(Figures.percentile(ups, 99)),
          "ms");
      Figures.record(7, "time to drain the queue after the load", drainMs, "ms");
      Figures.record(7, "score reads", reads.length, "");
      Figures.record(
          7, "score read throughput", String.format("%.1f", reads.length / seconds), "req/s");
      Figures.record(
          7,
          "score read p50 / p99",
          ms(Figures.percentile(reads, 50)) + " / " + ms(Figures.percentile(reads, 99)),
          "ms");
      Figures.record(
          7, "peak heap of the test JVM (service + load generator)", Figures.peakHeapMib(), "MiB");
    }
  }

  private static String ms(long micros) {
    return String.format("%.1f", micros / 1000.0);
  }

  private HttpResponse<String> send(
      TestApp app, String method, String path, String key, String type, String body)
      throws Exception {
    return http.send(
        TestHttp.request(app.base(), method, path, key, type, body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long count(TestApp app, String sql) throws Exception {
    try (Connection c = TestPostgres.connect(app.database);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
