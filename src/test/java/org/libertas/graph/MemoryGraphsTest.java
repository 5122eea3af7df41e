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
  void aUnionOfUnionsIsFlatAndFullyBoundLookupsFindTheirPart() {
    Graph a = MemoryGraphs.indexed();
    a.add(t("a", "p", "1"));
    Graph b = MemoryGraphs.indexed();
    b.add(t("b", "p", "2"));
    Graph c = MemoryGraphs.indexed();
    c.add(t("c", "p", "3"));
    c.add(t("a", "q", "4"));
    Graph union = MemoryGraphs.union(MemoryGraphs.union(a, b), c);

    assertThat(union.size()).isEqualTo(4);
    assertThat(union.find(t("b", "p", "2")).toList()).containsExactly(t("b", "p", "2"));
    assertThat(union.find(t("c", "p", "3")).toList()).containsExactly(t("c", "p", "3"));
    assertThat(union.find(t("c", "p", "2")).toList()).isEmpty();
    assertThat(union.find(NodeFactory.createURI("urn:a"), Node.ANY, Node.ANY).toList())
        .containsExactlyInAnyOrder(t("a", "p", "1"), t("a", "q", "4"));
    assertThat(union.find(Node.ANY, NodeFactory.createURI("urn:p"), Node.ANY).toList()).hasSize(3);
    assertThat(union.find(Node.ANY, NodeFactory.createURI("urn:none"), Node.ANY).hasNext())
        .isFalse();
  }

  @Test
  void oneWalkGivesTheFirstObjectOfEachPropertyAndHandsOnTheRest() {
    Graph g = MemoryGraphs.indexed();
    g.add(t("s", "name", "n"));
    g.add(t("s", "kind", "k1"));
    g.add(t("s", "kind", "k2"));
    g.add(t("other", "country", "PE"));
    java.util.List<Triple> rest = new java.util.ArrayList<>();
    Node[] first =
        MemoryGraphs.firstObjects(
            MemoryGraphs.union(g, MemoryGraphs.indexed()),
            NodeFactory.createURI("urn:s"),
            java.util.List.of(
                NodeFactory.createURI("urn:name"), NodeFactory.createURI("urn:country")),
            rest::add);

    assertThat(first).containsExactly(NodeFactory.createURI("urn:n"), null);
    assertThat(rest).containsExactlyInAnyOrder(t("s", "kind", "k1"), t("s", "kind", "k2"));
    assertThat(
            MemoryGraphs.firstText(
                g, NodeFactory.createURI("urn:other"), NodeFactory.createURI("urn:country")))
        .isEqualTo("urn:PE");
    assertThat(MemoryGraphs.text(NodeFactory.createLiteralString("PE"))).isEqualTo("PE");
    assertThat(MemoryGraphs.text(null)).isNull();
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
