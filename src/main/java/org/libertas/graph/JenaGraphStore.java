package org.libertas.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.vocabulary.RDF;

/**
 * {@link GraphStore} on a transactional Jena dataset: TDB2 in a directory (the embedded default),
 * or in memory for throw-away work such as regression cases.
 */
public final class JenaGraphStore implements GraphStore {
  private final Dataset dataset;
  // TDB2 itself allows one writer; the lock makes waiting explicit and fair (arrival order).
  private final ReentrantLock writer = new ReentrantLock(true);
  private final long queryTimeoutMillis;
  private final boolean persistent;

  public JenaGraphStore(Path directory, long queryTimeoutMillis) {
    this(TDB2Factory.connectDataset(directory.toString()), queryTimeoutMillis, true);
  }

  private JenaGraphStore(Dataset dataset, long queryTimeoutMillis, boolean persistent) {
    this.dataset = dataset;
    this.queryTimeoutMillis = queryTimeoutMillis;
    this.persistent = persistent;
  }

  /** A throw-away in-memory store (regression cases, assessments). */
  public static JenaGraphStore inMemory(long queryTimeoutMillis) {
    return new JenaGraphStore(
        org.apache.jena.query.DatasetFactory.createTxnMem(), queryTimeoutMillis, false);
  }

  @Override
  public void writeGraph(String graphIri, Consumer<StreamRDF> producer) {
    Node g = NodeFactory.createURI(graphIri);
    write(
        () -> {
          DatasetGraph dsg = dataset.asDatasetGraph();
          dsg.removeGraph(g);
          StreamRDF sink = StreamRDFLib.extendTriplesToQuads(g, StreamRDFLib.dataset(dsg));
          sink.start();
          producer.accept(sink);
          sink.finish();
        });
  }

  @Override
  public void write(Consumer<GraphWriter> work) {
    DatasetGraph dsg = dataset.asDatasetGraph();
    write(
        () ->
            work.accept(
                new GraphWriter() {
                  @Override
                  public void add(String graphIri, Triple t) {
                    dsg.add(
                        NodeFactory.createURI(graphIri),
                        t.getSubject(),
                        t.getPredicate(),
                        t.getObject());
                  }

                  @Override
                  public void deleteSubject(String graphIri, Node subject) {
                    dsg.deleteAny(NodeFactory.createURI(graphIri), subject, Node.ANY, Node.ANY);
                  }

                  @Override
                  public Set<Node> subjectsOfType(String graphIri, Node type) {
                    Set<Node> out = new HashSet<>();
                    dsg.find(NodeFactory.createURI(graphIri), Node.ANY, RDF.type.asNode(), type)
                        .forEachRemaining(q -> out.add(q.getSubject()));
                    return out;
                  }

                  @Override
                  public List<Triple> triples(String graphIri) {
                    List<Triple> out = new ArrayList<>();
                    dsg.find(NodeFactory.createURI(graphIri), Node.ANY, Node.ANY, Node.ANY)
                        .forEachRemaining(q -> out.add(q.asTriple()));
                    return out;
                  }

                  @Override
                  public void clear(String graphIri) {
                    dsg.removeGraph(NodeFactory.createURI(graphIri));
                  }
                }));
  }

  @Override
  public void dropGraphs(Collection<String> graphIris) {
    if (graphIris.isEmpty()) {
      return;
    }
    write(
        () -> {
          DatasetGraph dsg = dataset.asDatasetGraph();
          graphIris.forEach(iri -> dsg.removeGraph(NodeFactory.createURI(iri)));
        });
  }

  private void write(Runnable action) {
    writer.lock();
    try {
      Txn.executeWrite(dataset, action);
    } finally {
      writer.unlock();
    }
  }

  @Override
  public Set<String> graphNames(String prefix) {
    return Txn.calculateRead(
        dataset,
        () -> {
          Set<String> names = new TreeSet<>();
          dataset
              .asDatasetGraph()
              .listGraphNodes()
              .forEachRemaining(
                  n -> {
                    if (n.isURI() && n.getURI().startsWith(prefix)) {
                      names.add(n.getURI());
                    }
                  });
          return names;
        });
  }

  /** Walks the graph's index directly, without a query. */
  @Override
  public org.apache.jena.graph.Graph copy(String graphIri) {
    return Txn.calculateRead(
        dataset,
        () -> {
          org.apache.jena.graph.Graph out = MemoryGraphs.indexed();
          dataset
              .asDatasetGraph()
              .find(
                  org.apache.jena.graph.NodeFactory.createURI(graphIri),
                  org.apache.jena.graph.Node.ANY,
                  org.apache.jena.graph.Node.ANY,
                  org.apache.jena.graph.Node.ANY)
              .forEachRemaining(q -> out.add(q.asTriple()));
          return out;
        });
  }

  @Override
  public Model construct(Query query, Collection<String> defaultGraphs) {
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(query, defaultGraphs)) {
            Model out = ModelFactory.createDefaultModel();
            out.add(qe.execConstruct());
            return out;
          }
        });
  }

  @Override
  public <T> T select(Query query, Collection<String> defaultGraphs, Function<ResultSet, T> fn) {
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(query, defaultGraphs)) {
            return fn.apply(qe.execSelect());
          }
        });
  }

  @Override
  public <T> T read(
      Query query, Collection<String> graphs, long timeoutMillis, Function<QueryExecution, T> fn) {
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(query, graphs, graphs, timeoutMillis)) {
            return fn.apply(qe);
          }
        });
  }

  private QueryExecution execution(Query query, Collection<String> defaultGraphs) {
    return execution(query, defaultGraphs, List.of(), queryTimeoutMillis);
  }

  private QueryExecution execution(
      Query query,
      Collection<String> defaultGraphs,
      Collection<String> namedGraphs,
      long timeoutMillis) {
    List<Node> graphs = defaultGraphs.stream().map(NodeFactory::createURI).toList();
    List<Node> named = namedGraphs.stream().map(NodeFactory::createURI).toList();
    DatasetGraph view =
        DynamicDatasets.dynamicDataset(graphs, named, dataset.asDatasetGraph(), false);
    return QueryExecution.dataset(org.apache.jena.query.DatasetFactory.wrap(view))
        .query(query)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  @Override
  public boolean ping() {
    try {
      Txn.executeRead(dataset, () -> dataset.asDatasetGraph().isEmpty());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataset.close();
    if (persistent) {
      org.apache.jena.tdb2.sys.TDBInternal.expel(dataset.asDatasetGraph());
    }
  }
}
