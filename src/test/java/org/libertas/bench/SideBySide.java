package org.libertas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libertas.ingest.SupplyGraphGenerator;
import org.libertas.ontology.OntologyLoader;

/**
 * The side-by-side benchmark of bench/README.md ({@code bench/run.sh small|full}): for each size,
 * every row measured beside its peer in the same run, each side in its own child JVM with the same
 * heap limit, written to {@code bench/results/<date>.json} and {@code .md}. Usage: {@code
 * SideBySide <small|full|sizes…> <results dir> <data dir>}.
 */
public final class SideBySide {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String CP = System.getProperty("java.class.path");

  /** Which rows, in order (-Dbench.rows=server,scoring to run a part; default all). */
  private static final List<String> ROWS =
      List.of(System.getProperty("bench.rows", "ingest,scoring,server,screening").split(","));

  private final Path results;
  private final Path data;
  private final Path logs;
  private final ObjectNode report = BenchRows.JSON.createObjectNode();
  private final ArrayNode rows = report.putArray("rows");
  private final int rowTimeoutMinutes;
  private final String rowHeap;

  private SideBySide(Path results, Path data, int rowTimeoutMinutes, String rowHeap) {
    this.results = results;
    this.data = data;
    this.logs = data.resolve("logs");
    this.rowTimeoutMinutes = rowTimeoutMinutes;
    this.rowHeap = rowHeap;
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int[] sizes =
        switch (mode) {
          case "small" -> new int[] {10_000};
          case "full" -> new int[] {10_000, 100_000};
          default -> java.util.Arrays.stream(mode.split(",")).mapToInt(Integer::parseInt).toArray();
        };
    boolean small = mode.equals("small");
    int timeout = Integer.getInteger("bench.rowTimeoutMinutes", small ? 8 : 90);
    SideBySide b = new SideBySide(Path.of(args[1]), Path.of(args[2]), timeout, small ? "4g" : "8g");
    b.run(mode, sizes, small);
  }

  private void run(String mode, int[] sizes, boolean small) throws Exception {
    Files.createDirectories(results);
    Files.createDirectories(logs);
    long start = System.nanoTime();
    report.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    report.put("mode", mode);
    ObjectNode machine = report.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("loadAverageAtStart", loadAverage());
    machine.put("childHeapForIngestAndScoring", rowHeap);
    machine.put("serverHeap", "2g");
    machine.put("commit", System.getProperty("bench.commit", ""));
    for (int n : sizes) {
      Path dir = data.resolve(Integer.toString(n));
      if (!Files.exists(dir.resolve("data.nt"))) {
        long t0 = System.nanoTime();
        var files = new SupplyGraphGenerator(42, 5).generate(n);
        long triples =
            SupplyGraphGenerator.write(
                files, OntologyLoader.load(OntologyLoader.bundledDirectory(), 1), dir);
        log("generated %,d suppliers, %,d triples in %.1f s", n, triples, secs(t0));
      }
      for (String row : ROWS) {
        switch (row) {
          case "ingest" -> ingest(n, dir);
          case "scoring" -> scoring(n, dir);
          case "server" -> server(n, dir, small);
          default -> {}
        }
        save(start);
      }
    }
    if (ROWS.contains("screening")) {
      screening(100_000);
    }
    machine.put("loadAverageAtEnd", loadAverage());
    save(start);
  }

  private void ingest(int n, Path dir) throws Exception {
    JsonNode l = child("ingest-libertas", dir, n);
    JsonNode p = child("ingest-peer", dir, n);
    ObjectNode r = row("ingest", n);
    r.set("libertas", l);
    r.set("peer", p);
    if (l.has("triplesPerSecond") && p.has("triplesPerSecond")) {
      r.put("ratio", l.get("triplesPerSecond").asDouble() / p.get("triplesPerSecond").asDouble());
    }
  }

  private void scoring(int n, Path dir) throws Exception {
    JsonNode l = child("score-libertas", dir, n);
    JsonNode p = l.has("error") ? error("libertas scoring failed") : child("score-peer", dir, n);
    ObjectNode r = row("full-scoring", n);
    r.set("libertas", l);
    r.set("peer", p);
    if (l.has("seconds") && p.has("seconds")) {
      r.put("speedRatio", p.get("seconds").asDouble() / l.get("seconds").asDouble());
      r.put(
          "heapRatio",
          p.get("retainedHeapBytes").asDouble() / l.get("retainedHeapBytes").asDouble());
    }
  }

  private void screening(int names) throws Exception {
    JsonNode s = child("screening", data, names);
    ObjectNode r = row("screening", names);
    r.set("libertas", s);
    if (s.has("indexQueriesPerSecond")) {
      r.put(
          "ratio",
          s.get("indexQueriesPerSecond").asDouble() / s.get("allPairsQueriesPerSecond").asDouble());
    }
  }

  /** Load before the measured loops, so that both servers are compiled by the JIT alike. */
  private static final Duration WARM_UP = Duration.ofSeconds(10);

  /** Incremental vs full, the risk endpoint vs Fuseki, and the heap of a real server. */
  private void server(int n, Path dir, boolean small) throws Exception {
    ObjectNode inc = row("incremental", n);
    ObjectNode risk = row("risk-endpoint", n);
    ObjectNode mem = row("memory", n);
    Duration closedFor = Duration.ofSeconds(small ? 8 : 20);
    Duration openFor = Duration.ofSeconds(small ? 8 : 20);
    int connections = 16;
    try (Child server =
        Child.start(
            logs.resolve("server-" + n + ".log"),
            List.of(
                "-Xmx2g", "org.libertas.bench.BenchServer", dir.toString(), Integer.toString(n)))) {
      String ready = server.await("READY ", Duration.ofMinutes(rowTimeoutMinutes * 2L));
      if (ready == null) {
        inc.set("error", error("server did not get ready: see " + server.log));
        return;
      }
      String[] parts = ready.split(" ", 4);
      int port = Integer.parseInt(parts[1]);
      String key = parts[2];
      JsonNode s = BenchRows.JSON.readTree(parts[3]);
      inc.set("libertas", s);
      inc.put(
          "ratio",
          s.get("fullRescoringSeconds").asDouble()
              / s.get("incrementalRescoringSeconds").asDouble());
      SplittableRandom rnd = new SplittableRandom(5);
      int[] ids = rnd.ints(100_000, 0, n).toArray();
      java.util.function.IntFunction<HttpLoad.Request> libertas =
          i ->
              HttpLoad.get(
                  "http://127.0.0.1:"
                      + port
                      + "/v1/suppliers/"
                      + SupplyGraphGenerator.id(ids[i % ids.length])
                      + "/risk",
                  key,
                  "application/json");
      HttpLoad.closed(connections, WARM_UP, libertas); // the same warm-up for both sides
      HttpLoad.Result lc = HttpLoad.closed(connections, closedFor, libertas);
      HttpLoad.Result lo = HttpLoad.open(1_000, openFor, 512, libertas);
      log("libertas risk: closed %s; open %s", lc, lo);
      risk.set("libertas", load(lc, lo));
      server.send("heap");
      String heap = server.await("HEAP ", Duration.ofMinutes(2));
      mem.put("suppliers", s.get("servedSuppliers").asInt());
      mem.put("maxHeapBytes", s.get("maxHeapBytes").asLong());
      mem.put("heapAfterGcBytes", heap == null ? -1 : Long.parseLong(heap.split(" ")[1]));
      mem.put(
          "heapPeakSincePoolResetBytes", heap == null ? -1 : Long.parseLong(heap.split(" ")[2]));
      mem.put("served", lc.throughput() > 0 && lo.errors() == 0);
      server.send("quit");
    }
    try (Child fuseki =
        Child.start(
            logs.resolve("fuseki-" + n + ".log"),
            List.of("-Xmx2g", "org.libertas.bench.FusekiPeer", dir.toString()))) {
      String ready = fuseki.await("READY ", Duration.ofMinutes(rowTimeoutMinutes));
      if (ready == null) {
        risk.set("peer", error("fuseki did not get ready: see " + fuseki.log));
        return;
      }
      String[] parts = ready.split(" ", 3);
      int port = Integer.parseInt(parts[1]);
      SplittableRandom rnd = new SplittableRandom(5);
      int[] ids = rnd.ints(100_000, 0, n).toArray();
      java.util.function.IntFunction<HttpLoad.Request> peer =
          i ->
              HttpLoad.get(
                  FusekiPeer.url(port, SupplyGraphGenerator.id(ids[i % ids.length])),
                  null,
                  "application/sparql-results+json");
      HttpLoad.closed(connections, WARM_UP, peer);
      HttpLoad.Result pc = HttpLoad.closed(connections, closedFor, peer);
      HttpLoad.Result po = HttpLoad.open(1_000, openFor, 512, peer);
      log("fuseki risk: closed %s; open %s", pc, po);
      ObjectNode p = load(pc, po);
      p.set("dataset", BenchRows.JSON.readTree(parts[2]));
      risk.set("peer", p);
      risk.put(
          "ratio",
          risk.get("libertas").get("closed").get("throughput").asDouble() / pc.throughput());
      fuseki.send("quit");
    }
  }

  private static ObjectNode load(HttpLoad.Result closed, HttpLoad.Result open) {
    ObjectNode o = BenchRows.JSON.createObjectNode();
    o.set("closed", result(closed, "16 connections, closed loop"));
    o.set("open", result(open, "1,000 req/s, open loop, at most 512 in flight"));
    return o;
  }

  private static ObjectNode result(HttpLoad.Result r, String how) {
    ObjectNode o = BenchRows.JSON.createObjectNode();
    o.put("load", how);
    o.put("requests", r.requests());
    o.put("answered", r.micros().length);
    o.put("errors", r.errors());
    o.put("dropped", r.dropped());
    o.put("seconds", r.seconds());
    o.put("throughput", r.throughput());
    o.put("p50Millis", r.percentileMillis(0.5));
    o.put("p99Millis", r.percentileMillis(0.99));
    o.put("machineStallP99Millis", r.hiccupMillis(0.99));
    o.put("machineStallMaxMillis", r.hiccupMillis(1.0));
    o.put("firstStatus", r.firstStatus());
    return o;
  }

  private ObjectNode row(String what, int n) {
    ObjectNode r = rows.addObject();
    r.put("what", what);
    r.put("size", n);
    return r;
  }

  private JsonNode child(String row, Path dir, int n) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + rowHeap);
    args.add("org.libertas.bench.BenchRows");
    args.add(row);
    args.add(dir.toString());
    args.add(Integer.toString(n));
    long t0 = System.nanoTime();
    try (Child c = Child.start(logs.resolve(row + "-" + n + ".log"), args)) {
      String line = c.await("RESULT ", Duration.ofMinutes(rowTimeoutMinutes));
      if (line == null) {
        String why =
            c.process.isAlive()
                ? "did not finish within " + rowTimeoutMinutes + " min"
                : "failed (exit " + c.process.waitFor() + ", " + c.tail() + ")";
        log("%s at %,d: %s", row, n, why);
        return error(why);
      }
      JsonNode j = BenchRows.JSON.readTree(line.substring("RESULT ".length()));
      log("%s at %,d in %.1f s: %s", row, n, secs(t0), j);
      return j;
    }
  }

  private static ObjectNode error(String why) {
    return BenchRows.JSON.createObjectNode().put("error", why);
  }

  private void save(long start) throws IOException {
    report.put("totalSeconds", secs(start));
    String mode = report.get("mode").asText();
    String date = report.get("date").asText() + (mode.equals("small") ? "" : "-" + mode);
    BenchRows.JSON
        .writerWithDefaultPrettyPrinter()
        .writeValue(results.resolve(date + ".json").toFile(), report);
    Files.writeString(results.resolve(date + ".md"), BenchReport.markdown(report));
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void log(String fmt, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, fmt, args));
    System.out.flush();
  }

  /** A child JVM on this classpath; stdout lines go to its log and to those awaiting them. */
  static final class Child implements AutoCloseable {
    final Process process;
    final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final List<String> last = new ArrayList<>();

    private Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread pump =
          new Thread(
              () -> {
                try (var in =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8));
                    var out = Files.newBufferedWriter(log)) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    synchronized (last) {
                      last.add(line);
                      if (last.size() > 5) {
                        last.remove(0);
                      }
                    }
                    if (line.startsWith("RESULT ")
                        || line.startsWith("READY ")
                        || line.startsWith("HEAP ")) {
                      lines.add(line);
                    }
                  }
                } catch (IOException e) {
                  // the child went away; await() reports it
                }
                lines.add("EOF");
              },
              "child-pump");
      pump.setDaemon(true);
      pump.start();
    }

    static Child start(Path log, List<String> args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(JAVA);
      cmd.add("-cp");
      cmd.add(CP);
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      return new Child(pb.start(), log);
    }

    /** The next line with the prefix, or null on timeout or exit. */
    String await(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null || line.equals("EOF")) {
          return null;
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    void send(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    String tail() {
      synchronized (last) {
        return String.join(" / ", last);
      }
    }

    @Override
    public void close() throws Exception {
      try {
        stdin.close();
      } catch (IOException e) {
        // already gone
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }
}
