package org.libertas.rescoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.UploadDelta;
import org.libertas.ontology.Lbt;
import org.libertas.reasoning.ScoringRun;

class RunCacheTest {
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

  /** An entry holding just a view (no suppliers, no matches): its size is the view's triples. */
  private static RunCache.Entry entry(RunCache.View v) {
    ScoringRun run =
        new ScoringRun(List.of(), List.of(), Map.of(), null, Map.of(), 0, null, null, null);
    TenantScreening.Outcome screening =
        new TenantScreening.Outcome(List.of(), ModelFactory.createDefaultModel(), 0, 0, 0, 0, 0);
    return new RunCache.Entry(v, null, OffsetDateTime.now(), run, screening, Map.of());
  }

  /** One run of the tenant: takes its entry, gets the view, puts the entry back as saved. */
  private RunCache.View run(
      RunCache cache, String tenant, UploadDelta u, Long before, long current, int triples) {
    RunCache.View v = RunCache.view(cache.take(tenant), u, before, current, copyOf(triples));
    cache.put(tenant, entry(v));
    return v;
  }

  @Test
  void theFirstRunCopiesThenUploadsAreAppliedInPlace() {
    RunCache cache = new RunCache(1_000);
    RunCache.View v = run(cache, "t", null, null, 3, 2);
    assertThat(v.how()).isEqualTo("copied");
    assertThat(v.version()).isEqualTo(3);

    RunCache.View next = run(cache, "t", upload(5, finding("f9", "s9")), 3L, 5, 99);
    assertThat(next.how()).isEqualTo("applied");
    assertThat(next.version()).isEqualTo(5);
    assertThat(next.graph()).isSameAs(v.graph());
    assertThat(next.graph().size()).isEqualTo(3);
    // A merge redefines what it names: f0's earlier triples go.
    run(cache, "t", upload(6, finding("f0", "s7")), 5L, 6, 99);
    assertThat(v.graph().contains(finding("f0", "s0"))).isFalse();
    assertThat(v.graph().contains(finding("f0", "s7"))).isTrue();
    assertThat(copies).hasValue(1);

    assertThat(run(cache, "t", null, null, 6, 99).how()).isEqualTo("resident");
    assertThat(run(cache, "t", upload(6), 5L, 6, 99).how()).isEqualTo("resident");
    assertThat(copies).hasValue(1);
  }

  @Test
  void aViewAtAnotherVersionIsCopiedAgain() {
    RunCache cache = new RunCache(1_000);
    run(cache, "t", null, null, 3, 2);
    // Upload 5 came after 4, which another instance processed: the view at 3 is stale.
    RunCache.View v = run(cache, "t", upload(5), 4L, 5, 7);
    assertThat(v.how()).isEqualTo("copied");
    assertThat(v.version()).isEqualTo(5);
    assertThat(v.graph().size()).isEqualTo(7);
    assertThat(run(cache, "t", null, null, 8, 8).how()).isEqualTo("copied");
    assertThat(copies).hasValue(3);
  }

  @Test
  void theLeastRecentlyUsedTenantsAreEvictedBeyondTheBound() {
    RunCache cache = new RunCache(10);
    run(cache, "a", null, null, 1, 4);
    run(cache, "b", null, null, 1, 4);
    run(cache, "a", null, null, 1, 4);
    run(cache, "c", null, null, 1, 4);
    assertThat(cache.peek("b")).as("least recently used").isNull();
    assertThat(cache.peek("a")).isNotNull();
    assertThat(cache.peek("c")).isNotNull();
    assertThat(cache.state()).isEqualTo(new RunCache.State(2, 8, 10, 1));

    run(cache, "big", null, null, 1, 11);
    assertThat(cache.peek("big")).as("larger than the bound alone").isNull();
    assertThat(cache.state()).isEqualTo(new RunCache.State(2, 8, 10, 1));
    RunCache none = new RunCache(0);
    assertThat(run(none, "a", null, null, 1, 1).how()).isEqualTo("copied");
    assertThat(run(none, "a", null, null, 1, 1).how()).isEqualTo("copied");
    assertThat(none.state().entries()).isZero();
  }
}
