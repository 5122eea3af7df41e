package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.Test;

class MemoryGraphsTest {
  private static Triple t(String s, String p, String o) {
    return Triple.create(
        NodeFactory.createURI("urn:" + s),
        NodeFactory.createURI("urn:" + p),
        NodeFactory.createURI("urn:" + o));
  }

  @Test
  void theUnionAnswersEveryPatternFromEachPart() {
    Graph data = MemoryGraphs.indexed();
    data.add(t("s1", "good", "gold"));
    data.add(t("s2", "good", "gold"));
    Graph ontology = MemoryGraphs.indexed();
    ontology.add(t("listing", "good", "gold"));
    ontology.add(t("listing", "country", "PE"));
    Graph union = MemoryGraphs.union(data, ontology);

    assertThat(union.size()).isEqualTo(4);
    assertThat(
            union
                .find(
                    Node.ANY, NodeFactory.createURI("urn:good"), NodeFactory.createURI("urn:gold"))
                .toList())
        .containsExactlyInAnyOrder(
            t("s1", "good", "gold"), t("s2", "good", "gold"), t("listing", "good", "gold"));
    assertThat(union.find(NodeFactory.createURI("urn:listing"), Node.ANY, Node.ANY).toList())
        .hasSize(2);
    assertThat(union.contains(t("listing", "country", "PE"))).isTrue();
    assertThat(union.contains(t("s1", "country", "PE"))).isFalse();
    assertThat(MemoryGraphs.union(MemoryGraphs.indexed()).isEmpty()).isTrue();
  }

  @Test
  void anIndexedCopyHoldsTheSameTriplesAndIsIndependent() {
    Graph source = MemoryGraphs.indexed();
    source.add(t("a", "p", "b"));
    Graph copy = MemoryGraphs.indexedCopy(source);
    source.add(t("c", "p", "d"));
    assertThat(copy.size()).isEqualTo(1);
    assertThat(copy.contains(t("a", "p", "b"))).isTrue();
  }
}
