package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayeredTest {
  @Test
  void theTopLayerWinsAndTheMapEqualsTheMergedOne() {
    Map<String, Integer> base = Map.of("a", 1, "b", 2);
    Map<String, Integer> layered = Layered.over(base, Map.of("b", 20, "c", 30));
    assertThat(layered.get("a")).isEqualTo(1);
    assertThat(layered.get("b")).isEqualTo(20);
    assertThat(layered.get("c")).isEqualTo(30);
    assertThat(layered.get("d")).isNull();
    assertThat(layered.containsKey("a")).isTrue();
    assertThat(layered).isEqualTo(Map.of("a", 1, "b", 20, "c", 30)).hasSize(3);
  }

  @Test
  void manyLayersStayAsFewProbesAndTheSameEntries() {
    Map<String, Integer> expected = new HashMap<>();
    Map<String, Integer> m = Map.of();
    for (int run = 0; run < 50; run++) {
      Map<String, Integer> top = Map.of("k" + (run % 7), run, "n" + run, run);
      expected.putAll(top);
      m = Layered.over(m, top);
      assertThat(Layered.depth(m)).isLessThanOrEqualTo(Layered.MAX_DEPTH);
    }
    assertThat(m).isEqualTo(expected);
    for (var e : expected.entrySet()) {
      assertThat(m.get(e.getKey())).isEqualTo(e.getValue());
    }
  }
}
