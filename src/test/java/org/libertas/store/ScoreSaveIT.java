package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libertas.testing.TestPostgres;

/**
 * A save of a whole tenant's scores ({@link Scores#save}, what a rescoring and a crash recovery
 * write) against a real PostgreSQL: complete (every row written is read back), atomic (a save that
 * fails in its last chunk leaves the tenant's previous scores and state as they were), and timed
 * (rows per second printed, never asserted). {@code -Dlibertas.bench.scoreRows=100000} runs it at
 * the benchmark's size (the normal suite: 12,000 rows, three chunks).
 */
class ScoreSaveIT {
  private static final int ROWS = Integer.getInteger("libertas.bench.scoreRows", 12_000);
  private static final int CHUNK = 5_000;

  private static Vertx vertx;
  private static Postgres pg;
  private static Scores scores;

  @BeforeAll
  static void start(@TempDir Path dir) {
    vertx = Vertx.vertx();
    pg = Postgres.start(vertx, Optional.of(TestPostgres.freshDatabase()), dir, 4);
    scores = new Scores(pg.pool());
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aWholeTenantSaveIsCompleteAndAtomic() throws Exception {
    String tenant = "save-" + ROWS;
    await(new Tenants(pg.pool()).ensure(tenant, "save"));
    OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);

    long t0 = System.nanoTime();
    await(scores.save(rows(tenant, 1, first, "a", false)));
    long insertNanos = System.nanoTime() - t0;
    assertThat(count(tenant)).isEqualTo(ROWS);

    // Every input hash changes: each row is updated and snapshotted (what a rescoring after a new
    // ontology, or the recovery of a crashed upload that touched every supplier, writes).
    OffsetDateTime second = first.plusSeconds(1);
    t0 = System.nanoTime();
    await(scores.save(rows(tenant, 2, second, "b", false)));
    long updateNanos = System.nanoTime() - t0;
    assertThat(count(tenant)).isEqualTo(ROWS);
    assertThat(await(scores.all(tenant)))
        .hasSize(ROWS)
        .allSatisfy(
            s -> {
              assertThat(s.inputsHash()).startsWith("b");
              assertThat(s.dataVersion()).isEqualTo(2);
            });
    assertThat(await(scores.find(tenant, "S20")).orElseThrow().identifiers().dunsId())
        .isEqualTo("000000020");
    assertThat(await(scores.find(tenant, "S21")).orElseThrow().identifiers())
        .isEqualTo(Scores.Identifiers.NONE);

    // The last chunk fails (an explanation that is not JSON): nothing of this save is visible.
    OffsetDateTime third = second.plusSeconds(1);
    assertThatThrownBy(() -> await(scores.save(rows(tenant, 3, third, "c", true))))
        .hasMessageContaining("json");
    assertThat(await(scores.all(tenant)))
        .hasSize(ROWS)
        .allSatisfy(
            s -> {
              assertThat(s.inputsHash()).startsWith("b");
              assertThat(s.dataVersion()).isEqualTo(2);
            });
    assertThat(await(scores.lastComputedAt(tenant))).isEqualTo(second);

    double insertRate = ROWS / (insertNanos / 1e9);
    double updateRate = ROWS / (updateNanos / 1e9);
    System.out.printf(
        "score save of %d rows: insert %.0f ms (%.0f rows/s), update %.0f ms (%.0f rows/s)%n",
        ROWS, insertNanos / 1e6, insertRate, updateNanos / 1e6, updateRate);
    org.libertas.reliability.Figures.record(
        15,
        "score save of " + ROWS + " rows (one tenant, atomic): insert / update",
        Math.round(insertRate) + " / " + Math.round(updateRate),
        "rows/s");
  }

  /**
   * Bench only ({@code -Dlibertas.bench.scoreRows=…}): the same saves against an embedded server
   * started as {@link EmbeddedServer} starts it (fsync, synchronous_commit and full_page_writes
   * on), then against one with fsync and synchronous_commit off (the embedding library's test
   * defaults; the product has no such switch). The ratio is reported in bench/README.md.
   */
  @Test
  void embeddedServerWithAndWithoutDurableCommits(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("libertas.bench.scoreRows") != null, "a benchmark, not a check");
    double on = embeddedSaves(dir.resolve("on"), "on");
    double off = embeddedSaves(dir.resolve("off"), "off");
    System.out.printf(
        "embedded score save of %d rows (insert + update): fsync and synchronous_commit on %.0f ms,"
            + " off %.0f ms, ratio on/off %.2f%n",
        ROWS, on, off, on / off);
    org.libertas.reliability.Figures.record(
        19,
        "cost of fsync and synchronous_commit on: embedded score save of "
            + ROWS
            + " rows, on / off (ratio)",
        Math.round(on) + " / " + Math.round(off) + " ms (" + String.format("%.2f", on / off) + ")",
        null);
  }

  private static double embeddedSaves(Path dir, String durable) throws Exception {
    try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("pg"))
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", durable)
            .setServerConfig("synchronous_commit", durable)
            .setServerConfig("full_page_writes", "on")
            .start()) {
      Postgres p =
          Postgres.start(
              vertx,
              Optional.of(
                  java.net.URI.create(
                      "postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres")),
              dir,
              4);
      try {
        return timedSaves(new Scores(p.pool()), new Tenants(p.pool()), "fsync-" + durable);
      } finally {
        p.close();
      }
    }
  }

  /** A new tenant's first save and a save changing every row, in ms. */
  private static double timedSaves(Scores s, Tenants t, String tenant) throws Exception {
    await(t.ensure(tenant, tenant));
    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    long t0 = System.nanoTime();
    await(s.save(rows(tenant, 1, at, "a", false)));
    await(s.save(rows(tenant, 2, at.plusSeconds(1), "b", false)));
    return (System.nanoTime() - t0) / 1e6;
  }

  static long count(String tenant) throws Exception {
    return await(
        pg.pool()
            .preparedQuery("select count(*) from current_scores where tenant_id = $1")
            .execute(Tuple.of(tenant))
            .map(rs -> rs.iterator().next().getLong(0)));
  }

  /**
   * {@link ROWS} synthetic scores as the rescoring builds them (columns as arrays, chunks of 5,000,
   * explanations of a few factors with evidence and a path).
   */
  static Scores.Rows rows(
      String tenant, long dataVersion, OffsetDateTime at, String hashPrefix, boolean breakLast) {
    List<Tuple> chunks = new ArrayList<>();
    for (int from = 0; from < ROWS; from += CHUNK) {
      int m = Math.min(CHUNK, ROWS - from);
      String[] id = new String[m];
      Integer[] score = new Integer[m];
      String[] band = new String[m];
      String[] rec = new String[m];
      Boolean[] hard = new Boolean[m];
      String[] expl = new String[m];
      String[] hash = new String[m];
      String[] name = new String[m];
      String[] country = new String[m];
      String[] region = new String[m];
      String[] sector = new String[m];
      String[] commodities = new String[m];
      Integer[] tier = new Integer[m];
      String[] dunsId = new String[m];
      String[] none = new String[m];
      String[] contextBand = new String[m];
      Double[] priority = new Double[m];
      for (int k = 0; k < m; k++) {
        int i = from + k;
        id[k] = "S" + i;
        score[k] = i % 101;
        band[k] = score[k] > 60 ? "high" : score[k] > 30 ? "medium" : "low";
        rec[k] = "monitor";
        hard[k] = i % 97 == 0;
        expl[k] = explanation(i).encode();
        hash[k] = hashPrefix + Integer.toHexString(i * 31 + 7);
        name[k] = "Supplier " + i + " Ltd";
        country[k] = i % 2 == 0 ? "MY" : "TH";
        region[k] = "Region " + (i % 13);
        sector[k] = "electronics";
        commodities[k] = new JsonArray().add("electronics").add("palm-oil").encode();
        tier[k] = 1 + i % 4;
        dunsId[k] = i % 10 == 0 ? String.format("%09d", i) : null;
        contextBand[k] = band[k];
        priority[k] = (i % 101) / 100.0;
      }
      if (breakLast && from + CHUNK >= ROWS) {
        expl[m - 1] = "{not json";
      }
      chunks.add(
          Tuple.tuple()
              .addString(tenant)
              .addInteger(1)
              .addLong(dataVersion)
              .addOffsetDateTime(at)
              .addArrayOfString(id)
              .addArrayOfInteger(score)
              .addArrayOfString(band)
              .addArrayOfString(rec)
              .addArrayOfBoolean(hard)
              .addArrayOfString(expl)
              .addArrayOfString(hash)
              .addArrayOfString(name)
              .addArrayOfString(country)
              .addArrayOfString(region)
              .addArrayOfString(sector)
              .addArrayOfString(commodities)
              .addArrayOfInteger(tier)
              .addArrayOfString(none)
              .addArrayOfString(none)
              .addArrayOfString(dunsId)
              .addArrayOfString(none)
              .addArrayOfString(contextBand)
              .addArrayOfString(none)
              .addArrayOfDouble(priority));
    }
    return new Scores.Rows(tenant, 1, dataVersion, at, chunks, true, List.of());
  }

  private static JsonObject explanation(int i) {
    JsonArray factors = new JsonArray();
    for (int f = 0; f < 3; f++) {
      factors.add(
          new JsonObject()
              .put("id", "factor-" + f)
              .put("family", "recruitment")
              .put("rule", "rule-" + f)
              .put("strength", 0.5)
              .put("contribution", 10 + f)
              .put("hardStop", false)
              .put(
                  "evidence",
                  new JsonArray()
                      .add(new JsonObject().put("id", "ev-" + i + "-" + f).put("kind", "fee"))));
    }
    return new JsonObject()
        .put("asOf", "2026-12-03")
        .put("risk", 0.42)
        .put("factors", factors)
        .put(
            "path",
            new JsonArray().add(new JsonObject().put("supplierId", "S" + i).put("tier", 1)));
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.await(30, TimeUnit.MINUTES);
  }
}
