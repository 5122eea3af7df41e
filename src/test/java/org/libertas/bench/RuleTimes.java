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
 * RuleTimes <dir>}.
 */
public final class RuleTimes {
  private RuleTimes() {}

  public static void main(String[] args) {
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
}
