package org.libertas.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one figure per line (JSON) to target/reliability/figures.jsonl; {@link Report} renders
 * the latest value of each. Surefire and Failsafe write to the same file from their own JVMs.
 */
public final class Figures {
  public static final Path FILE = Path.of("target", "reliability", "figures.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Appended to the name of a figure measured on the remote store (the Fuseki execution). */
  public static final String REMOTE = " — remote store (Fuseki)";

  private Figures() {}

  /**
   * @param item the section of docs/reliability.md (Report.ITEMS: 1–13 the first round, 14–20 the
   *     hardening findings)
   * @param name what was measured, as a reader would say it
   * @param value the figure, with its unit in {@code unit}
   */
  public static synchronized void record(int item, String name, Object value, String unit) {
    ObjectNode line = JSON.createObjectNode();
    line.put("ts", Instant.now().toString());
    line.put("item", item);
    // The Fuseki execution runs some of the same tests: its figures are its own, not the TDB2
    // run's.
    line.put("name", org.libertas.testing.TestStore.remote() ? name + REMOTE : name);
    line.put("value", String.valueOf(value));
    line.put("unit", unit == null ? "" : unit);
    line.put("bounds", Bounds.full() ? "reliability profile" : "verify");
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM's peak heap use so far, as read from the memory pools, in MiB. */
  public static long peakHeapMib() {
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  /** The p-th percentile (0–100) of sorted values, nearest rank. */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
