package org.libertas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.libertas.ingest.SupplyGraphGenerator;
import org.libertas.rescoring.Rescoring;
import org.libertas.testing.TestApp;

/**
 * A real Libertas server (the product's {@code Libertas.start}, HTTP on 127.0.0.1, port 0, with the
 * test harness's embedded PostgreSQL) in a child JVM started by {@link SideBySide} with the heap
 * limit under test. It uploads the generated CSVs through the HTTP API (each upload is validated,
 * written to TDB2 and rescored, as in production), times a full rescoring and the rescoring after a
 * 100-row merge upload (five of them, the median reported), then prints {@code READY <port> <key>
 * {json}} and serves until its standard input says {@code quit} (after {@code heap}, it prints the
 * heap in use after GC).
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int suppliers = Integer.parseInt(args[1]);
    ObjectNode out = BenchRows.JSON.createObjectNode();
    List<Duration> took = new CopyOnWriteArrayList<>();
    try (TestApp app =
        TestApp.start(
            Map.of(
                "LIBERTAS_UPLOAD_MAX_BYTES",
                Long.toString(512L * 1024 * 1024),
                "LIBERTAS_WORKER_THREADS",
                "4"))) {
      app.app.rescoring().addListener((tenant, changes, d) -> took.add(d));
      String tenant = SupplyGraphGenerator.TENANT;
      String auditor = app.tenantWithKey(tenant, "auditor");
      String reader = app.key(tenant, "compliance");
      ObjectNode uploads = out.putObject("uploadSeconds");
      long ingest0 = System.nanoTime();
      for (var kind : SupplyGraphGenerator.KINDS) {
        String csv = Files.readString(dir.resolve(kind.code() + ".csv"));
        long t0 = System.nanoTime();
        JsonNode u = upload(app, auditor, kind.code(), csv);
        uploads.put(kind.code(), (System.nanoTime() - t0) / 1e9);
        if (!"succeeded".equals(u.path("status").asText())) {
          throw new IllegalStateException("upload of " + kind.code() + " failed: " + u);
        }
      }
      out.put("uploadAllSeconds", (System.nanoTime() - ingest0) / 1e9);

      // A full rescoring, as after an ontology publication: every rule for every supplier.
      took.clear();
      app.app.rescoring().rescore(tenant).toCompletionStage().toCompletableFuture().get();
      Rescoring.LastRun full = app.app.rescoring().lastRun(tenant);
      out.put("fullRescoringSeconds", took.get(0).toNanos() / 1e9);
      out.put("fullEvaluated", full.evaluated());

      // 100 new findings for 100 suppliers, merged: the rules run for those suppliers only. Five
      // such uploads (other suppliers each time), as an auditor's visits come in; the median is
      // the figure (the full rescoring too runs warm, after the four uploads' rescorings), and
      // every one is reported, the first (the incremental path's first run in this JVM) included.
      ArrayNode each = out.putArray("incrementalRescoringSecondsEach");
      ArrayNode assessed = out.putArray("incrementalAssessedEach");
      ArrayNode written = out.putArray("incrementalRowsWrittenEach");
      Rescoring.LastRun inc = null;
      for (int visit = 0; visit < 5; visit++) {
        took.clear();
        String merge = hundredFindings(suppliers, 2026 + visit);
        long t0 = System.nanoTime();
        JsonNode u = upload(app, auditor, "findings", merge);
        if (visit == 0) {
          out.put("mergeUploadSeconds", (System.nanoTime() - t0) / 1e9);
        }
        if (!"succeeded".equals(u.path("status").asText())) {
          throw new IllegalStateException("merge upload failed: " + u);
        }
        inc = app.app.rescoring().lastRun(tenant);
        each.add(took.get(0).toNanos() / 1e9);
        assessed.add(inc.assessed());
        written.add(inc.rewritten());
        if (!inc.incremental()) {
          out.put("incremental", false);
        }
      }
      double[] sorted = new double[each.size()];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = each.get(i).asDouble();
      }
      java.util.Arrays.sort(sorted);
      out.put("incrementalRescoringSeconds", sorted[sorted.length / 2]);
      if (!out.has("incremental")) {
        out.put("incremental", true);
      }
      out.put("incrementalEvaluated", inc.evaluated());
      out.put("servedSuppliers", inc.suppliers());
      out.put("heapAfterGcBytes", BenchRows.usedAfterGc());
      out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
      System.out.println(
          "READY " + app.app.port() + " " + reader + " " + BenchRows.JSON.writeValueAsString(out));
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.equals("heap")) {
          System.out.println("HEAP " + BenchRows.usedAfterGc() + " " + BenchRows.peak());
          System.out.flush();
        }
      }
    }
    System.exit(0);
  }

  /** 100 findings rows for 100 distinct suppliers (seeded), as an auditor's follow-up visit. */
  static String hundredFindings(int suppliers, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb =
        new StringBuilder("supplier_id,indicator,observed_on,severity,status,auditor,evidence\n");
    java.util.Set<Integer> picked = new java.util.TreeSet<>();
    while (picked.size() < Math.min(100, suppliers)) {
      picked.add(rnd.nextInt(suppliers));
    }
    for (int i : picked) {
      sb.append(SupplyGraphGenerator.id(i))
          .append(",debt-bondage,2026-11-01,high,open,Follow-up audit,Recruitment debt found\n");
    }
    return sb.toString();
  }

  private static JsonNode upload(TestApp app, String key, String kind, String csv) {
    TestApp.Response r = app.postCsv("/v1/uploads?kind=" + kind, key, csv);
    if (r.status() != 202) {
      throw new IllegalStateException("upload refused: " + r.status() + " " + r.body());
    }
    String location = r.header("Location");
    long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode j = app.get(location, key).json();
      String status = j.path("status").asText();
      if (status.equals("succeeded") || status.equals("failed")) {
        return j;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("upload did not finish: " + location);
  }
}
