package org.libertas.graph;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.system.StreamRDF;

/**
 * Where the supplier graph and the ontology live. One named graph per upload, written once; reads
 * see a union of graphs chosen by the caller (a tenant's current uploads plus the active ontology).
 * Implementations: embedded TDB2 ({@link JenaGraphStore}) or any SPARQL 1.1 query and update
 * endpoint ({@link RemoteGraphStore}); callers never see which.
 *
 * <p>Every method blocks. Writes are serialised (one writer at a time); reads run in parallel.
 */
public interface GraphStore extends AutoCloseable {

  /**
   * Writes a new named graph from a producer of triples, atomically: if the producer throws,
   * nothing is visible and the exception is rethrown. An existing graph of that name is replaced.
   */
  void writeGraph(String graphIri, Consumer<StreamRDF> producer);

  /**
   * Runs work in one write transaction over any number of graphs: all of it becomes visible at
   * once, or, if work throws, none of it (the exception is rethrown).
   */
  void write(Consumer<GraphWriter> work);

  /** What a {@link #write} transaction may do. */
  interface GraphWriter {
    void add(String graphIri, Triple triple);

    /** Removes every triple of the subject from the graph. */
    void deleteSubject(String graphIri, Node subject);

    /** The subjects typed {@code rdf:type type} in the graph. */
    Set<Node> subjectsOfType(String graphIri, Node type);

    /** The graph's triples, copied (so the caller may write while walking them). */
    List<Triple> triples(String graphIri);

    void clear(String graphIri);
  }

  /** Removes graphs (missing ones are ignored) in one transaction. */
  void dropGraphs(Collection<String> graphIris);

  /** Names of the graphs whose IRI starts with the prefix. */
  Set<String> graphNames(String prefix);

  /** Runs a CONSTRUCT with the union of the given graphs as default graph. */
  Model construct(Query query, Collection<String> defaultGraphs);

  /**
   * Runs a SELECT with the union of the given graphs as default graph; the result is consumed by
   * fn.
   */
  <T> T select(Query query, Collection<String> defaultGraphs, Function<ResultSet, T> fn);

  /**
   * Runs a read query of any form over exactly the given graphs: their union is the default graph
   * and they alone are the named graphs, so no other graph is reachable. The time limit covers the
   * whole execution; {@code fn} consumes it inside the read transaction (stream from there).
   */
  <T> T read(
      Query query,
      Collection<String> graphs,
      long timeoutMillis,
      Function<org.apache.jena.query.QueryExecution, T> fn);

  /**
   * One graph's triples, copied into an indexed in-memory graph ({@link MemoryGraphs#indexed()})
   * that the caller owns.
   */
  default org.apache.jena.graph.Graph copy(String graphIri) {
    Model m =
        construct(
            org.apache.jena.query.QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }"),
            List.of(graphIri));
    return MemoryGraphs.indexedCopy(m.getGraph());
  }

  /** Whether the store answers a trivial read. */
  boolean ping();

  @Override
  void close();
}
