package org.libertas.rescoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ingest.SupplyGraphGenerator;
import org.libertas.ontology.DraftReport;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.Rule;
import org.libertas.ontology.RuleProof;
import org.libertas.reasoning.TenantScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size proof of draft validation: the benchmarks' seeded supply graph (suppliers, links,
 * recruiters, findings, as an upload maps them) with the screening matches the screening engine
 * finds in it, built on the first validation that needs it and kept in memory for the process. Each
 * rule a draft adds or changes runs alone on it, with the candidate ontology, and is cancelled at
 * the budget.
 *
 * <p>In memory rather than on disk: built from a seed, the graph is the same bytes every time, so a
 * file would only save its build after a restart (15–55 s at 10,000 suppliers on a busy 2-core
 * machine; about 80 MB of heap kept) at the price of a cache to invalidate whenever the generator
 * or the reference codes change; and start-up never pays for it, since nothing builds it until a
 * draft changes a rule.
 */
public final class ProofGraph implements RuleProof {
  private static final Logger LOG = LoggerFactory.getLogger(ProofGraph.class);
  private static final long SEED = 42;
  private static final int TIERS = 5;

  private final Supplier<Ontology> codes;
  private final int suppliers;
  private final long budgetMs;
  private final AtomicInteger builds = new AtomicInteger();
  private volatile Model graph;

  /**
   * @param codes the ontology whose reference codes the generated upload uses (the bundled one: a
   *     draft that drops a code must not break the proof of the next)
   * @param suppliers how many suppliers to generate
   * @param budgetMs time each rule is allowed
   */
  public ProofGraph(Supplier<Ontology> codes, int suppliers, long budgetMs) {
    this.codes = codes;
    this.suppliers = suppliers;
    this.budgetMs = budgetMs;
  }

  /** How many times the graph was built (once per process, on first use). */
  public int builds() {
    return builds.get();
  }

  public int suppliers() {
    return suppliers;
  }

  public long budgetMs() {
    return budgetMs;
  }

  @Override
  public List<DraftReport.RuleTime> run(Ontology candidate, List<Rule> rules) {
    Model data = graph();
    List<DraftReport.RuleTime> out = new ArrayList<>();
    for (Rule rule : rules) {
      long t0 = System.nanoTime();
      boolean within = true;
      String failure = null;
      try {
        TenantScorer.runAlone(candidate, rule, data, budgetMs);
      } catch (QueryCancelledException e) {
        within = false;
      } catch (RuntimeException e) {
        // A rule that breaks on data the regression cases lack: refused too, never a 500.
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      // The timeout is checked as solutions are produced: a run may end a little past the budget.
      if (within && failure == null && ms > budgetMs) {
        within = false;
      }
      LOG.info(
          "rule {} on the proof graph of {} suppliers: {} ms (budget {} ms){}",
          rule.id(),
          suppliers,
          ms,
          budgetMs,
          within ? (failure == null ? "" : ", failed: " + failure) : ", stopped");
      out.add(
          new DraftReport.RuleTime(
              rule.iri(), rule.id(), ms, budgetMs, within, suppliers, failure));
    }
    return out;
  }

  /** The graph, built by the first caller; the others wait for it. */
  public Model graph() {
    Model g = graph;
    if (g == null) {
      synchronized (this) {
        g = graph;
        if (g == null) {
          g = build();
          graph = g;
        }
      }
    }
    return g;
  }

  private Model build() {
    long t0 = System.nanoTime();
    Ontology o = codes.get();
    var files = new SupplyGraphGenerator(SEED, TIERS).generate(suppliers);
    Model data = ModelFactory.createModelForGraph(MemoryGraphs.indexed());
    SupplyGraphGenerator.triples(files, o).forEach(data.getGraph()::add);
    TenantScreening.Outcome screened =
        new TenantScreening().screenTenant(o, SupplyGraphGenerator.TENANT, data, Map.of());
    data.add(screened.matches());
    builds.incrementAndGet();
    LOG.info(
        "built the rule proof graph: {} suppliers, {} triples ({} screening matches) in {} ms",
        suppliers,
        data.size(),
        screened.results().size(),
        (System.nanoTime() - t0) / 1_000_000);
    return data;
  }
}
