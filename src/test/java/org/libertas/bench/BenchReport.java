package org.libertas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a {@link SideBySide} report as the Markdown table of bench/results/<date>.md. */
final class BenchReport {
  private BenchReport() {}

  /** Re-renders a results JSON file as Markdown beside it: {@code BenchReport <file.json>}. */
  public static void main(String[] args) throws Exception {
    java.nio.file.Path json = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.writeString(
        json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".md")),
        markdown(BenchRows.JSON.readTree(json.toFile())));
  }

  /** Seconds as a list of whole milliseconds: [166, 202, 259]. */
  private static String millis(JsonNode seconds) {
    java.util.List<String> out = new java.util.ArrayList<>();
    seconds.forEach(x -> out.add(Long.toString(Math.round(x.asDouble() * 1000))));
    return "[" + String.join(", ", out) + "]";
  }

  static String markdown(JsonNode report) {
    StringBuilder sb = new StringBuilder();
    JsonNode m = report.path("machine");
    sb.append("# Side-by-side benchmark, ")
        .append(report.path("date").asText())
        .append(" (`bench/run.sh ")
        .append(report.path("mode").asText())
        .append("`)\n\n");
    sb.append(
        f(
            "%d cores, Java %s, commit %s. Load average at start `%s`, at end `%s` (the machine is"
                + " shared: read ratios within one run, not absolute figures). Each side runs in"
                + " its own child JVM: ingest and scoring rows with -Xmx%s each, the Libertas"
                + " server and Fuseki with -Xmx2g each. Total %.0f s.\n\n",
            m.path("cores").asInt(),
            m.path("java").asText(),
            m.path("commit").asText(),
            m.path("loadAverageAtStart").asText(),
            m.path("loadAverageAtEnd").asText(""),
            m.path("childHeapForIngestAndScoring").asText(),
            report.path("totalSeconds").asDouble()));
    sb.append("| what | size | Libertas | peer | ratio | target | met |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (JsonNode r : report.path("rows")) {
      String what = r.path("what").asText();
      note = r.has("note") ? r.get("note").asText() : null;
      int n = r.path("size").asInt();
      JsonNode l = r.path("libertas");
      JsonNode p = r.path("peer");
      switch (what) {
        case "ingest" -> {
          double ratio = r.path("ratio").asDouble(Double.NaN);
          line(
              sb,
              "CSV → RDF ingest, end to end with validation (triples/s)",
              n,
              l.has("error")
                  ? l.get("error").asText()
                  : f(
                      "%,.0f triples/s (%,d triples, %.1f s; peak heap %s)",
                      l.path("triplesPerSecond").asDouble(),
                      l.path("triples").asLong(),
                      l.path("seconds").asDouble(),
                      mb(l.path("peakHeapBytes").asLong())),
              p.has("error")
                  ? "tdb2.tdbloader: " + p.get("error").asText()
                  : f(
                      "tdb2.tdbloader: %,.0f triples/s (%.1f s; peak heap %s)",
                      p.path("triplesPerSecond").asDouble(),
                      p.path("seconds").asDouble(),
                      mb(p.path("peakHeapBytes").asLong())),
              f("%.2f×", ratio),
              "≥ 0.5×",
              ratio >= 0.5);
        }
        case "full-scoring" -> {
          double speed = r.path("speedRatio").asDouble(Double.NaN);
          double heap = r.path("heapRatio").asDouble(Double.NaN);
          line(
              sb,
              "full scoring, 5 tiers (time; heap retained after GC)",
              n,
              l.has("error")
                  ? l.get("error").asText()
                  : f(
                      "%.1f s (screening %.1f s + rules and engine %.1f s); %s retained",
                      l.path("seconds").asDouble(),
                      l.path("screeningSeconds").asDouble(),
                      l.path("scoringSeconds").asDouble(),
                      mb(l.path("retainedHeapBytes").asLong())),
              p.has("error")
                  ? "GenericRuleReasoner: " + p.get("error").asText()
                  : f(
                      "GenericRuleReasoner (RETE): %.1f s; %s retained; %,d triples derived",
                      p.path("seconds").asDouble(),
                      mb(p.path("retainedHeapBytes").asLong()),
                      p.path("derivedTriples").asLong()),
              f("%.2f× faster, %.1f× less heap", speed, heap),
              "≥ 10× faster, ≥ 5× less heap",
              speed >= 10 && heap >= 5);
        }
        case "incremental" -> {
          double ratio = r.path("ratio").asDouble(Double.NaN);
          line(
              sb,
              "rescoring after a 100-row merge upload vs full rescoring (real server)",
              n,
              l.isMissingNode()
                  ? r.path("error").path("error").asText("not measured")
                  : f(
                      "%.3f s incremental, the median of %s ms (%s, rules for %d suppliers, %s"
                          + " assessed anew, %s rows written); upload end to end %.1f s",
                      l.path("incrementalRescoringSeconds").asDouble(),
                      millis(l.path("incrementalRescoringSecondsEach")),
                      l.path("incremental").asBoolean() ? "incremental" : "NOT incremental",
                      l.path("incrementalEvaluated").asInt(),
                      l.path("incrementalAssessedEach").toString(),
                      l.path("incrementalRowsWrittenEach").toString(),
                      l.path("mergeUploadSeconds").asDouble()),
              l.isMissingNode()
                  ? ""
                  : f(
                      "full rescoring: %.2f s (rules for %d suppliers)",
                      l.path("fullRescoringSeconds").asDouble(), l.path("fullEvaluated").asInt()),
              f("%.1f×", ratio),
              "≥ 100×",
              ratio >= 100);
        }
        case "risk-endpoint" -> {
          double ratio = r.path("ratio").asDouble(Double.NaN);
          double p99 = l.path("open").path("p99Millis").asDouble(Double.NaN);
          line(
              sb,
              "GET /v1/suppliers/{id}/risk (closed loop, 16 connections; open loop 1,000 req/s)",
              n,
              l.isMissingNode() ? "not measured" : http(l),
              p.isMissingNode() || p.has("error")
                  ? "Fuseki: " + p.path("error").asText("not measured")
                  : "Fuseki SPARQL: " + http(p),
              f("%.1f× throughput", ratio),
              "≥ 10×, p99 < 10 ms at 1,000 req/s",
              ratio >= 10 && p99 < 10 && l.path("open").path("errors").asLong() == 0);
        }
        case "memory" ->
            line4(
                sb,
                "memory: suppliers served by one server",
                n,
                !r.has("suppliers")
                    ? "not measured: the server did not get through the uploads"
                    : f(
                        "%,d suppliers served with -Xmx%s; %s in use after GC",
                        r.path("suppliers").asInt(),
                        mb(r.path("maxHeapBytes").asLong()),
                        mb(r.path("heapAfterGcBytes").asLong())),
                "",
                "",
                "100k suppliers in ≤ 2 GB heap",
                n < 100_000
                    ? "n/a below 100k"
                    : r.path("served").asBoolean()
                            && r.path("maxHeapBytes").asLong() <= 2L * 1024 * 1024 * 1024
                        ? "yes"
                        : "**no**");
        case "screening" -> {
          double ratio = r.path("ratio").asDouble(Double.NaN);
          double q = l.path("indexQueriesPerSecond").asDouble();
          double recall = l.path("recall").asDouble();
          line(
              sb,
              "recruiter screening (one thread)",
              n,
              l.has("error")
                  ? l.get("error").asText()
                  : f(
                      "ScreeningIndex: %,.0f queries/s, recall %.4f, precision %.4f",
                      q, recall, l.path("precision").asDouble()),
              f(
                  "all-pairs Jaro-Winkler: %,.1f queries/s",
                  l.path("allPairsQueriesPerSecond").asDouble()),
              f("%,.0f×", ratio),
              "≥ 1,000 q/s/core, recall ≥ 0.99, ≥ 50×",
              q >= 1000 && recall >= 0.99 && ratio >= 50);
        }
        default -> {}
      }
    }
    sb.append(
        "\n`met` is judged on this run's figures. How each row is measured, the peers and the"
            + " caveats: [bench/README.md](../README.md). Raw figures: the `.json` beside this file.\n");
    return sb.toString();
  }

  private static String http(JsonNode side) {
    JsonNode c = side.path("closed");
    JsonNode o = side.path("open");
    return f(
        "%,.0f req/s, p50 %.1f ms, p99 %.1f ms; at 1,000 req/s: p50 %.1f ms, p99 %.1f ms,"
            + " %d errors, %d dropped (the machine's own stalls meanwhile: p99 %.1f ms, max %.1f"
            + " ms)",
        c.path("throughput").asDouble(),
        c.path("p50Millis").asDouble(),
        c.path("p99Millis").asDouble(),
        o.path("p50Millis").asDouble(),
        o.path("p99Millis").asDouble(),
        o.path("errors").asLong(),
        o.path("dropped").asLong(),
        o.path("machineStallP99Millis").asDouble(Double.NaN),
        o.path("machineStallMaxMillis").asDouble(Double.NaN));
  }

  private static void line(
      StringBuilder sb,
      String what,
      int n,
      String libertas,
      String peer,
      String ratio,
      String target,
      boolean met) {
    line4(sb, what, n, libertas, peer, ratio, target, met ? "yes" : "**no**");
  }

  /** A remark added to the results JSON by hand after reading the logs ("note"), if any. */
  private static String note;

  private static void line4(
      StringBuilder sb,
      String what,
      int n,
      String libertas,
      String peer,
      String ratio,
      String target,
      String met) {
    if (note != null) {
      libertas = libertas + " — " + note;
    }
    sb.append("| ")
        .append(what)
        .append(" | ")
        .append(f("%,d", n))
        .append(" | ")
        .append(cell(libertas))
        .append(" | ")
        .append(cell(peer))
        .append(" | ")
        .append(ratio)
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(met)
        .append(" |\n");
  }

  private static String cell(String s) {
    return s.replace("\t", " ").replace("|", "\\|").replace("\n", " ");
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "?" : f("%,d MB", bytes / (1024 * 1024));
  }

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }
}
