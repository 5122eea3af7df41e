package org.libertas.rescoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.Test;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Lbt;

class ResidentViewsTest {
  private final AtomicInteger copies = new AtomicInteger();

  private Supplier<Graph> copyOf(int triples) {
    return () -> {
      copies.incrementAndGet();
      Graph g = MemoryGraphs.indexed();
      for (int i = 0; i < triples; i++) {
        g.add(finding("f" + i, "s" + i));
      }
      return g;
    };
  }

  private static Triple finding(String f, String supplier) {
    return Triple.create(
        NodeFactory.createURI("urn:x:" + f),
        Lbt.supplier.asNode(),
        NodeFactory.createURI("urn:x:" + supplier));
  }

  private static UploadDelta upload(long seq, Triple... triples) {
    return new UploadDelta(seq, CsvKind.FINDINGS, "merge", List.of(triples), Set.of("s"));
  }

  @Test
  void theFirstRescoringCopiesThenUploadsAreAppliedInPlace() {
    ResidentViews views = new ResidentViews(1_000);
    ResidentViews.View v = views.view("t", null, null, 3, copyOf(2));
    assertThat(v.how()).isEqualTo("copied");
    assertThat(v.version()).isEqualTo(3);

    ResidentViews.View next = views.view("t", upload(5, finding("f9", "s9")), 3L, 5, copyOf(99));
    assertThat(next.how()).isEqualTo("applied");
    assertThat(next.version()).isEqualTo(5);
    assertThat(next.graph()).isSameAs(v.graph());
    assertThat(next.graph().size()).isEqualTo(3);
    // A merge redefines what it names: f0's earlier triples go.
    views.view("t", upload(6, finding("f0", "s7")), 5L, 6, copyOf(99));
    assertThat(v.graph().contains(finding("f0", "s0"))).isFalse();
    assertThat(v.graph().contains(finding("f0", "s7"))).isTrue();
    assertThat(copies).hasValue(1);

    assertThat(views.view("t", null, null, 6, copyOf(99)).how()).isEqualTo("resident");
    assertThat(views.view("t", upload(6), 5L, 6, copyOf(99)).how()).isEqualTo("resident");
    assertThat(copies).hasValue(1);
  }

  @Test
  void aViewAtAnotherVersionIsCopiedAgain() {
    ResidentViews views = new ResidentViews(1_000);
    views.view("t", null, null, 3, copyOf(2));
    // Upload 5 came after 4, which another instance processed: the view at 3 is stale.
    ResidentViews.View v = views.view("t", upload(5), 4L, 5, copyOf(7));
    assertThat(v.how()).isEqualTo("copied");
    assertThat(v.version()).isEqualTo(5);
    assertThat(v.graph().size()).isEqualTo(7);
    assertThat(views.view("t", null, null, 8, copyOf(8)).how()).isEqualTo("copied");
    assertThat(copies).hasValue(3);
  }

  @Test
  void theLeastRecentlyUsedTenantsGoBeyondTheLimit() {
    ResidentViews views = new ResidentViews(10);
    views.view("a", null, null, 1, copyOf(4));
    views.view("b", null, null, 1, copyOf(4));
    views.view("a", null, null, 1, copyOf(4));
    views.view("c", null, null, 1, copyOf(4));
    assertThat(views.peek("b")).as("least recently used").isNull();
    assertThat(views.peek("a")).isNotNull();
    assertThat(views.peek("c")).isNotNull();
    assertThat(views.triples()).isEqualTo(8);

    views.view("big", null, null, 1, copyOf(11));
    assertThat(views.peek("big")).as("larger than the limit alone").isNull();
    assertThat(views.triples()).isEqualTo(8);
    assertThat(new ResidentViews(0).view("a", null, null, 1, copyOf(1)).how()).isEqualTo("copied");
  }
}
