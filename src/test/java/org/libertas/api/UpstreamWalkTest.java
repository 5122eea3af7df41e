package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The breadth-first walk behind /upstream: depth limits and cycles. */
class UpstreamWalkTest {
  static final List<UpstreamRoutes.Link> LINKS =
      List.of(
          new UpstreamRoutes.Link("A", "B"),
          new UpstreamRoutes.Link("B", "C"),
          new UpstreamRoutes.Link("C", "A"),
          new UpstreamRoutes.Link("C", "D"),
          new UpstreamRoutes.Link("X", "A"));

  @Test
  void aCycleEndsAndItsClosingLinkIsKept() {
    var walk = UpstreamRoutes.walk("A", LINKS, 10);
    assertThat(walk.depths())
        .containsExactly(
            java.util.Map.entry("A", 0), java.util.Map.entry("B", 1),
            java.util.Map.entry("C", 2), java.util.Map.entry("D", 3));
    assertThat(walk.edges()).contains(new UpstreamRoutes.Link("C", "A")).hasSize(4);
    assertThat(walk.edges()).doesNotContain(new UpstreamRoutes.Link("X", "A"));
  }

  @Test
  void depthCutsTheWalk() {
    var walk = UpstreamRoutes.walk("A", LINKS, 1);
    assertThat(walk.depths()).containsOnlyKeys("A", "B");
    assertThat(walk.edges()).containsExactly(new UpstreamRoutes.Link("A", "B"));
  }

  @Test
  void aSupplierWithoutSuppliersIsAlone() {
    var walk = UpstreamRoutes.walk("D", LINKS, 5);
    assertThat(walk.depths()).containsOnlyKeys("D");
    assertThat(walk.edges()).isEmpty();
  }
}
