package org.libertas.rescoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * The run cache stays within {@code LIBERTAS_RESIDENT_MAX_TRIPLES} however many tenants are
 * rescored, evicting the least recently used; an evicted tenant gets a full run with the same
 * scores.
 */
class RunCacheIT {
  static final int TENANTS = 200;
  static final long BOUND = 1_500;
  static TestApp app;
  static final Map<String, String> keys = new HashMap<>();

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("LIBERTAS_RESIDENT_MAX_TRIPLES", Long.toString(BOUND)));
    // Submitted together, the uploads are rescored as the queue runs them.
    List<String[]> submitted = new ArrayList<>();
    for (int i = 0; i < TENANTS; i++) {
      String tenant = "rc" + i;
      String key = app.tenantWithKey(tenant, "auditor");
      keys.put(tenant, key);
      TestApp.Response r =
          app.postCsv(
              "/v1/uploads?kind=suppliers",
              key,
              "supplier_id,name,country,sector\nA,Alpha "
                  + i
                  + " Logistik,DE,logistics\nB,Bangkok Trawlers "
                  + i
                  + ",TH,fishing\n");
      assertThat(r.status()).isEqualTo(202);
      submitted.add(new String[] {key, r.header("Location")});
    }
    for (String[] s : submitted) {
      assertThat(app.awaitUpload(s[0], s[1]).get("status").asText()).isEqualTo("succeeded");
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Map<String, String> scores(String tenant) {
    Map<String, String> out = new HashMap<>();
    for (String id : new String[] {"A", "B"}) {
      JsonNode r = app.get("/v1/suppliers/" + id + "/risk", keys.get(tenant)).json();
      out.put(id, r.get("score").asInt() + " " + r.get("inputsHash").asText());
    }
    return out;
  }

  /** The value of an untagged gauge in the Prometheus text format. */
  static long metric(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + text));
  }

  @Test
  void manyTenantsStayWithinTheBoundAndAnEvictedTenantScoresTheSameInAFullRun() {
    RunCache.State state = app.app.rescoring().cacheState();
    assertThat(state.bound()).isEqualTo(BOUND);
    assertThat(state.size()).isPositive().isLessThanOrEqualTo(BOUND);
    assertThat(state.entries()).isPositive().isLessThan(TENANTS);
    assertThat(state.evictions()).isGreaterThanOrEqualTo(TENANTS - state.entries());
    String metrics = app.get("/metrics", null).body();
    assertThat(metric(metrics, "libertas_run_cache_facts")).isEqualTo(state.size());
    assertThat(metric(metrics, "libertas_run_cache_evictions")).isEqualTo(state.evictions());

    String evicted = null;
    for (int i = 0; i < TENANTS && evicted == null; i++) {
      if (app.app.rescoring().residentView("rc" + i) == null) {
        evicted = "rc" + i;
      }
    }
    assertThat(evicted).as("some tenant was evicted").isNotNull();
    Map<String, String> before = scores(evicted);
    assertThat(before.get("B")).isNotEqualTo(before.get("A"));

    io.vertx.core.Future.await(app.app.rescoring().rescore(evicted));
    Rescoring.LastRun last = app.app.rescoring().lastRun(evicted);
    assertThat(last.incremental()).isFalse();
    assertThat(last.view()).as("not held: copied out of the store").isEqualTo("copied");
    assertThat(last.suppliers()).isEqualTo(2);
    assertThat(scores(evicted)).isEqualTo(before);
    assertThat(app.app.rescoring().residentView(evicted)).as("held again").isNotNull();
    RunCache.State after = app.app.rescoring().cacheState();
    assertThat(after.size()).isLessThanOrEqualTo(BOUND);
    assertThat(after.evictions()).isGreaterThanOrEqualTo(state.evictions());

    // Held, its next upload is incremental again.
    JsonNode u =
        app.upload(
            keys.get(evicted),
            "findings",
            "supplier_id,indicator,severity,status\nB,debt-bondage,high,open\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    assertThat(app.app.rescoring().lastRun(evicted).incremental()).isTrue();
    assertThat(app.app.rescoring().lastRun(evicted).view()).isEqualTo("applied");
    assertThat(app.app.rescoring().cacheState().size()).isLessThanOrEqualTo(BOUND);
  }
}
