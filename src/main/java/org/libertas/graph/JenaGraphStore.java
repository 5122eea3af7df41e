package org.libertas.graph;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
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

/**
 * {@link GraphStore} on two transactional Jena datasets ({@link TwoDatasets}): TDB2 in two
 * directories (the embedded default), or in memory for throw-away work such as regression cases.
 *
 * <p>Writes are serialised by one fair lock (TDB2 itself allows one writer; the lock makes waiting
 * explicit, in arrival order). Within {@link #write}, the upload graphs are written on a second
 * thread ({@link ParallelUploadWrite}) while the caller applies the same upload to the current
 * view; the upload dataset commits first and the other after it. If that second commit fails, the
 * upload graph stays behind without the PostgreSQL row that would make it current, and is dropped
 * like any such orphan (by the caller's undo, or at start-up).
 */
public final class JenaGraphStore implements GraphStore {
  private final TwoDatasets datasets;
  private final ReentrantLock writer = new ReentrantLock(true);
  private final long queryTimeoutMillis;
  // Runs the upload dataset's side of a write; created on first use, used under the writer lock.
  private ExecutorService uploadLane;

  /**
   * TDB2 in two directories: {@code directory} for current views, screening and ontology graphs,
   * {@code uploadsDirectory} for upload graphs. Upload graphs found in {@code directory} (where
   * earlier versions kept them) are moved once ({@link UploadGraphMigration}).
   */
  public JenaGraphStore(Path directory, Path uploadsDirectory, long queryTimeoutMillis) {
    this(TwoDatasets.tdb2(directory, uploadsDirectory), queryTimeoutMillis);
    try {
      UploadGraphMigration.run(datasets, this::write);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private JenaGraphStore(TwoDatasets datasets, long queryTimeoutMillis) {
    this.datasets = datasets;
    this.queryTimeoutMillis = queryTimeoutMillis;
  }

  /** A throw-away in-memory store (regression cases, assessments). */
  public static JenaGraphStore inMemory(long queryTimeoutMillis) {
    return new JenaGraphStore(TwoDatasets.inMemory(), queryTimeoutMillis);
  }

  @Override
  public void writeGraph(String graphIri, Consumer<StreamRDF> producer) {
    Node g = NodeFactory.createURI(graphIri);
    Dataset dataset = datasets.of(graphIri);
    write(
        dataset,
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
    writer.lock();
    try {
      Dataset current = datasets.current();
      ParallelUploadWrite uploads = new ParallelUploadWrite(datasets.uploads(), lane());
      try {
        Txn.executeWrite(
            current,
            () -> {
              work.accept(new RoutedWriter(current.asDatasetGraph(), uploads));
              uploads.commit();
            });
      } finally {
        uploads.abort();
      }
    } finally {
      writer.unlock();
    }
  }

  private ExecutorService lane() {
    if (uploadLane == null) {
      uploadLane =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "libertas-upload-graphs");
                t.setDaemon(true);
                return t;
              });
    }
    return uploadLane;
  }

  @Override
  public void dropGraphs(Collection<String> graphIris) {
    for (Dataset dataset : datasets.both()) {
      List<String> here = graphIris.stream().filter(g -> datasets.of(g) == dataset).toList();
      if (!here.isEmpty()) {
        write(
            dataset,
            () ->
                here.forEach(
                    iri -> dataset.asDatasetGraph().removeGraph(NodeFactory.createURI(iri))));
      }
    }
  }

  /** One write transaction on one dataset, under the writer lock. */
  private void write(Dataset dataset, Runnable action) {
    writer.lock();
    try {
      Txn.executeWrite(dataset, action);
    } finally {
      writer.unlock();
    }
  }

  @Override
  public Set<String> graphNames(String prefix) {
    return datasets.graphNames(prefix);
  }

  /** Walks the graph's index directly, without a query. */
  @Override
  public org.apache.jena.graph.Graph copy(String graphIri) {
    Dataset dataset = datasets.of(graphIri);
    return Txn.calculateRead(
        dataset,
        () -> {
          org.apache.jena.graph.Graph out = MemoryGraphs.indexed();
          dataset
              .asDatasetGraph()
              .find(NodeFactory.createURI(graphIri), Node.ANY, Node.ANY, Node.ANY)
              .forEachRemaining(q -> out.add(q.asTriple()));
          return out;
        });
  }

  @Override
  public Model construct(Query query, Collection<String> defaultGraphs) {
    Dataset dataset = datasets.of(defaultGraphs);
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(dataset, query, defaultGraphs)) {
            Model out = ModelFactory.createDefaultModel();
            out.add(qe.execConstruct());
            return out;
          }
        });
  }

  @Override
  public <T> T select(Query query, Collection<String> defaultGraphs, Function<ResultSet, T> fn) {
    Dataset dataset = datasets.of(defaultGraphs);
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(dataset, query, defaultGraphs)) {
            return fn.apply(qe.execSelect());
          }
        });
  }

  @Override
  public <T> T read(
      Query query, Collection<String> graphs, long timeoutMillis, Function<QueryExecution, T> fn) {
    Dataset dataset = datasets.of(graphs);
    return Txn.calculateRead(
        dataset,
        () -> {
          try (QueryExecution qe = execution(dataset, query, graphs, graphs, timeoutMillis)) {
            return fn.apply(qe);
          }
        });
  }

  private QueryExecution execution(Dataset dataset, Query query, Collection<String> defaultGraphs) {
    return execution(dataset, query, defaultGraphs, List.of(), queryTimeoutMillis);
  }

  private static QueryExecution execution(
      Dataset dataset,
      Query query,
      Collection<String> defaultGraphs,
      Collection<String> namedGraphs,
      long timeoutMillis) {
    List<Node> graphs = defaultGraphs.stream().map(NodeFactory::createURI).toList();
    List<Node> named = namedGraphs.stream().map(NodeFactory::createURI).toList();
    DatasetGraph view =
        DynamicDatasets.dynamicDataset(graphs, named, dataset.asDatasetGraph(), false);
    return QueryExecution.dataset(DatasetFactory.wrap(view))
        .query(query)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  @Override
  public boolean ping() {
    return datasets.ping();
  }

  /** Waits (a bounded time) for a write under way, so no transaction is cut mid-way. */
  @Override
  public void close() {
    boolean locked = false;
    try {
      locked = writer.tryLock(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (uploadLane != null) {
        uploadLane.shutdown();
        try {
          uploadLane.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      datasets.close();
    } finally {
      if (locked) {
        writer.unlock();
      }
    }
  }
}
