package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libertas.errors.LibertasException;
import org.libertas.reliability.Figures;

/**
 * Any bytes as the JSON body of any operation, decoded and checked exactly as {@code Api.jsonBody}
 * does: the outcome is a JSON object that follows the schema, or a 4xx naming the field. {@code mvn
 * verify} replays the committed corpus (JsonBodyFuzzTestInputs); the reliability profile fuzzes.
 */
class JsonBodyFuzzTest {
  static final AtomicLong RUNS = new AtomicLong();
  static List<Contract.Operation> operations;

  @BeforeAll
  static void load() {
    operations =
        Contract.load().operations().values().stream()
            .filter(o -> o.body() != null)
            .sorted(java.util.Comparator.comparing(Contract.Operation::id))
            .toList();
    assertThat(operations).isNotEmpty();
  }

  @AfterAll
  static void figures() {
    if (System.getenv("JAZZER_FUZZ") != null) {
      Figures.record(
          13,
          "JSON bodies against "
              + operations.size()
              + " operations' schemas: inputs executed,"
              + " no failure",
          RUNS.get(),
          "");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyBodyIsAcceptedOrRefusedWithA4xx(byte[] input) {
    RUNS.incrementAndGet();
    if (input.length < 1) {
      return;
    }
    Contract.Operation op = operations.get(Math.floorMod(input[0], operations.size()));
    Object body;
    try {
      body = input.length == 1 ? null : Buffer.buffer(input).slice(1, input.length).toJsonObject();
    } catch (RuntimeException e) {
      return; // Api.jsonBody answers 400 bad-json for anything that does not decode
    }
    try {
      Contract.validate(op, body);
      assertThat(body).isInstanceOf(JsonObject.class);
    } catch (LibertasException e) {
      assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
      assertThat(e.errors()).isNotEmpty();
    }
  }
}
