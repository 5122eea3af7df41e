package org.libertas.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;
import org.libertas.ontology.Rule;

/**
 * Times each SPARQL rule of the ontology alone over generated data (data.nt and matches.nt of a
 * bench data directory, with the ontology), to see which rule grows faster than the data: {@code
 * RuleTimes <dir>}. With {@code RuleTimes --proof [suppliers]}, builds draft validation's proof
 * graph (10,000 suppliers by default) and times every shipped rule on it as validation would.
 */
public final class RuleTimes {
  private RuleTimes() {}

  public static void main(String[] args) {
    if (args[0].equals("--proof")) {
      proof(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
      return;
    }
    Path dir = Path.of(args[0]);
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    Model data = ModelFactory.createModelForGraph(MemoryGraphs.indexed());
    RDFDataMgr.read(data, dir.resolve("data.nt").toString());
    RDFDataMgr.read(data, dir.resolve("matches.nt").toString());
    Model graphs =
        ModelFactory.createModelForGraph(MemoryGraphs.union(data.getGraph(), o.model().getGraph()));
    for (Rule rule : o.rules()) {
      long t0 = System.nanoTime();
      long n;
      try (QueryExecution qe = QueryExecution.create().query(rule.query()).model(graphs).build()) {
        n = qe.execConstruct().size();
      }
      System.out.printf(
          Locale.ROOT,
          "%-28s %8.2f s %,10d triples%n",
          rule.id(),
          (System.nanoTime() - t0) / 1e9,
          n);
    }
  }

  private static void proof(int suppliers) {
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    org.libertas.rescoring.ProofGraph proof =
        new org.libertas.rescoring.ProofGraph(() -> o, suppliers, 600_000);
    long heap0 = usedAfterGc();
    long t0 = System.nanoTime();
    long triples = proof.graph().size();
    long built = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "proof graph: %,d suppliers, %,d triples, built in %.1f s, %,d MB of heap kept%n",
        suppliers,
        triples,
        (built - t0) / 1e9,
        (usedAfterGc() - heap0) / (1024 * 1024));
    // Twice: the first pass is what the first draft after start-up meets (cold JIT), the second
    // what later drafts meet.
    for (String pass : new String[] {"cold", "warm"}) {
      long t1 = System.nanoTime();
      for (var t : proof.run(o, o.rules())) {
        System.out.printf(Locale.ROOT, "%s %-28s %8d ms%n", pass, t.id(), t.elapsedMs());
      }
      System.out.printf(
          Locale.ROOT,
          "%s: all %d rules %.1f s%n",
          pass,
          o.rules().size(),
          (System.nanoTime() - t1) / 1e9);
    }
  }

  private static long usedAfterGc() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }
}
