package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libertas.testing.TestApp;

/**
 * One bad-input class per folder of src/test/resources/ingest/cases: each file is sent through the
 * real HTTP API and must be refused with the exact line, column and code of expected.json, loading
 * nothing. Adding a case is adding a folder.
 */
class MalformedUploadIT {
  static final Path CASES = Path.of("src/test/resources/ingest/cases");
  static final ObjectMapper JSON = new ObjectMapper();
  static TestApp app;

  @BeforeAll
  static void start() {
    // Limits small enough that the cases stay small: 22 MiB per file, 1,200 rows.
    app =
        TestApp.start(
            java.util.Map.of(
                "LIBERTAS_UPLOAD_MAX_BYTES",
                Long.toString(22L * 1024 * 1024),
                "LIBERTAS_UPLOAD_MAX_ROWS",
                "1200"));
  }

  /** Hostile shapes (docs/reliability.md) that must be refused within the limits. */
  static final Set<String> LIMIT_CASES =
      Set.of(
          "runaway-quote",
          "runaway-quote-at-end-of-file",
          "multi-line-field-over-limit",
          "field-of-20-mb",
          "giant-header-field",
          "file-over-size-limit",
          "too-many-rows");

  static final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.Map<String, Long> limitMillis =
      new java.util.concurrent.ConcurrentHashMap<>();

  @AfterAll
  static void stop() {
    app.close();
    org.libertas.reliability.Figures.record(
        1,
        "malformed CSV variants refused with line, column and code, zero rows changed",
        refused.get(),
        "");
    limitMillis.forEach(
        (name, ms) ->
            org.libertas.reliability.Figures.record(
                2, name + ": refused, from POST to the failed job", ms, "ms"));
    org.libertas.reliability.Figures.record(
        2,
        "peak heap of the shared test JVM so far (all earlier ITs too; limits here: 22 MiB"
            + " a file, 1,200 rows, 10,000 chars a field, 100 lines a field)",
        org.libertas.reliability.Figures.peakHeapMib(),
        "MiB");
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      List<String> names =
          dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(40);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedPreciselyAndLoadsNothing(String name) throws Exception {
    Path dir = CASES.resolve(name);
    String tenant = ("m-" + name).substring(0, Math.min(60, name.length() + 2));
    String key = app.tenantWithKey(tenant, "auditor");
    Path setup = dir.resolve("setup");
    if (Files.isDirectory(setup)) {
      try (Stream<Path> files = Files.list(setup)) {
        for (Path f : files.sorted().toList()) {
          String kind = f.getFileName().toString().replaceAll("^\\d+-|\\.csv$", "");
          JsonNode u = app.upload(key, kind, Files.readString(f));
          assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("succeeded");
        }
      }
    }
    List<String> suppliersBefore = IngestChecks.suppliers(app, key);
    long succeededBefore = IngestChecks.succeeded(app.database, tenant);
    Set<String> graphsBefore = IngestChecks.graphs(app.app.graphStore(), tenant);

    String kind = Files.readString(dir.resolve("kind.txt")).strip();
    String contentType = "text/csv";
    if (Files.exists(dir.resolve("charset.txt"))) {
      contentType += "; charset=" + Files.readString(dir.resolve("charset.txt")).strip();
    }
    JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
    long t0 = System.nanoTime();
    TestApp.Response r = app.post("/v1/uploads?kind=" + kind, key, contentType, input(dir));

    assertThat(r.status()).as(r.body()).isEqualTo(expected.get("status").asInt());
    JsonNode errors;
    long elapsed;
    if (r.status() == 202) {
      JsonNode u = app.awaitUpload(key, r.header("Location"));
      elapsed = (System.nanoTime() - t0) / 1_000_000;
      assertThat(u.get("status").asText()).as(u.toString()).isEqualTo("failed");
      errors = u.get("errors");
    } else {
      elapsed = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.contentType()).startsWith("application/problem+json");
      errors = r.json().get("errors");
    }
    assertThat(errors).as(r.body()).isNotNull();
    assertThat(errors.size()).as(errors.toString()).isPositive();
    JsonNode first = errors.get(0);
    assertThat(first.get("code").asText())
        .as(errors.toString())
        .isEqualTo(expected.get("code").asText());
    assertThat(first.get("line").asLong())
        .as(errors.toString())
        .isEqualTo(expected.get("line").asLong());
    if (expected.get("column").isNull()) {
      assertThat(first.get("column").isNull()).as(errors.toString()).isTrue();
    } else {
      assertThat(first.get("column").asText())
          .as(errors.toString())
          .isEqualTo(expected.get("column").asText());
    }
    assertThat(first.get("message").asText()).isNotBlank();

    assertThat(IngestChecks.succeeded(app.database, tenant)).isEqualTo(succeededBefore);
    assertThat(IngestChecks.suppliers(app, key)).isEqualTo(suppliersBefore);
    assertThat(IngestChecks.graphs(app.app.graphStore(), tenant)).isEqualTo(graphsBefore);
    refused.incrementAndGet();
    if (LIMIT_CASES.contains(name)) {
      limitMillis.put(name, elapsed);
    }
  }

  private static byte[] input(Path dir) throws IOException {
    for (String name : List.of("input.csv", "input.bin")) {
      if (Files.exists(dir.resolve(name))) {
        return Files.readAllBytes(dir.resolve(name));
      }
      Path gz = dir.resolve(name + ".gz");
      if (Files.exists(gz)) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
          return in.readAllBytes();
        }
      }
    }
    throw new IllegalStateException("no input file in " + dir + StandardCharsets.UTF_8.name());
  }
}
