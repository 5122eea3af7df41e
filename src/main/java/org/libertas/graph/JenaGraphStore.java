package org.libertas.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.TxnType;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.params.StoreParams;
import org.apache.jena.tdb2.params.StoreParamsBuilder;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GraphStore} on two transactional Jena datasets: TDB2 in two directories (the embedded
 * default), or in memory for throw-away work such as regression cases.
 *
 * <p>Upload graphs ({@link GraphNames#isUpload}) live in a dataset of their own, everything else
 * (current views, screening, ontology) in the other. Upload graphs are written once and read only
 * to replay them, while reads and rules run on the current views, so the two never meet in a query;
 * apart, the upload graph is written on a second thread, in its own transaction, while the caller
 * applies the same upload to the current view: an upload costs the time of one copy, not two.
 * Within {@link #write}, the upload dataset commits first and the other after it; if that second
 * commit fails, the upload graph stays behind without the PostgreSQL row that would make it
 * current, and is dropped like any such orphan (by the caller's undo, or at start-up).
 *
 * <p>New TDB2 databases keep four quad indexes instead of TDB2's six (GSPO, GPOS, GOSP and SPOG):
 * every read here names its graphs, so the graph leads every lookup. An existing database keeps the
 * indexes it was created with.
 */
public final class JenaGraphStore implements GraphStore {
  private static final Logger LOG = LoggerFactory.getLogger(JenaGraphStore.class);
  static final StoreParams PARAMS =
      StoreParamsBuilder.create()
          .quadIndexes(new String[] {"GSPO", "GPOS", "GOSP", "SPOG"})
          .build();
  private static final int BATCH = 8_192;

  private final Dataset current;
  private final Dataset uploads;
  // TDB2 itself allows one writer; the lock makes waiting explicit and fair (arrival order).
  private final ReentrantLock writer = new ReentrantLock(true);
  private final long queryTimeoutMillis;
  private final boolean persistent;
  // Runs the upload dataset's side of a write; created on first use, used under the writer lock.
  private ExecutorService uploadWriter;

  /**
   * TDB2 in two directories: {@code directory} for current views, screening and ontology graphs,
   * {@code uploadsDirectory} for upload graphs. Upload graphs found in {@code directory} (where
   * earlier versions kept them) are moved once.
   */
  public JenaGraphStore(Path directory, Path uploadsDirectory, long queryTimeoutMillis) {
    this(connect(directory), connect(uploadsDirectory), queryTimeoutMillis, true);
    try {
      moveUploadGraphs();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private JenaGraphStore(
      Dataset current, Dataset uploads, long queryTimeoutMillis, boolean persistent) {
    this.current = current;
    this.uploads = uploads;
    this.queryTimeoutMillis = queryTimeoutMillis;
    this.persistent = persistent;
  }

  /** A throw-away in-memory store (regression cases, assessments). */
  public static JenaGraphStore inMemory(long queryTimeoutMillis) {
    return new JenaGraphStore(
        DatasetFactory.createTxnMem(), DatasetFactory.createTxnMem(), queryTimeoutMillis, false);
  }

  private static Dataset connect(Path directory) {
    return DatasetFactory.wrap(DatabaseMgr.connectDatasetGraph(directory.toString(), PARAMS));
  }

  private Dataset datasetOf(String graphIri) {
    return GraphNames.isUpload(graphIri) ? uploads : current;
  }

  /** The one dataset holding all the graphs. */
  private Dataset datasetOf(Collection<String> graphIris) {
    long ofUploads = graphIris.stream().filter(GraphNames::isUpload).count();
    if (ofUploads > 0 && ofUploads < graphIris.size()) {
      throw new IllegalArgumentException(
          "a read sees upload graphs or current graphs, never both: " + graphIris);
    }
    return ofUploads > 0 ? uploads : current;
  }

  @Override
  public void writeGraph(String graphIri, Consumer<StreamRDF> producer) {
    Node g = NodeFactory.createURI(graphIri);
    Dataset dataset = datasetOf(graphIri);
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
      UploadSide side = new UploadSide();
      try {
        Txn.executeWrite(
            current,
            () -> {
              work.accept(new Writer(current.asDatasetGraph(), side));
              side.commit();
            });
      } finally {
        side.abort();
      }
    } finally {
      writer.unlock();
    }
  }

  /** Routes each graph to its dataset: current graphs here, upload graphs to the other thread. */
  private record Writer(DatasetGraph current, UploadSide uploads) implements GraphWriter {
    @Override
    public void add(String graphIri, Triple t) {
      Node g = NodeFactory.createURI(graphIri);
      if (GraphNames.isUpload(graphIri)) {
        uploads.add(g, t);
      } else {
        current.add(g, t.getSubject(), t.getPredicate(), t.getObject());
      }
    }

    @Override
    public void deleteSubject(String graphIri, Node subject) {
      Node g = NodeFactory.createURI(graphIri);
      if (GraphNames.isUpload(graphIri)) {
        uploads.run(dsg -> dsg.deleteAny(g, subject, Node.ANY, Node.ANY));
      } else {
        current.deleteAny(g, subject, Node.ANY, Node.ANY);
      }
    }

    @Override
    public Set<Node> subjectsOfType(String graphIri, Node type) {
      Node g = NodeFactory.createURI(graphIri);
      return GraphNames.isUpload(graphIri)
          ? uploads.call(dsg -> subjectsOfType(dsg, g, type))
          : subjectsOfType(current, g, type);
    }

    @Override
    public List<Triple> triples(String graphIri) {
      Node g = NodeFactory.createURI(graphIri);
      return GraphNames.isUpload(graphIri)
          ? uploads.call(dsg -> triples(dsg, g))
          : triples(current, g);
    }

    @Override
    public void clear(String graphIri) {
      Node g = NodeFactory.createURI(graphIri);
      if (GraphNames.isUpload(graphIri)) {
        uploads.run(dsg -> dsg.removeGraph(g));
      } else {
        current.removeGraph(g);
      }
    }

    private static Set<Node> subjectsOfType(DatasetGraph dsg, Node g, Node type) {
      Set<Node> out = new HashSet<>();
      dsg.find(g, Node.ANY, RDF.type.asNode(), type).forEachRemaining(q -> out.add(q.getSubject()));
      return out;
    }

    private static List<Triple> triples(DatasetGraph dsg, Node g) {
      List<Triple> out = new ArrayList<>();
      dsg.find(g, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(q -> out.add(q.asTriple()));
      return out;
    }
  }

  /**
   * One write's changes to upload graphs: one transaction on the upload dataset, held by the
   * upload-writer thread, fed in order (added triples in batches). A failure there is kept and
   * thrown to the caller at its next read, or at commit.
   */
  private final class UploadSide {
    private final DatasetGraph dsg = uploads.asDatasetGraph();
    private Node graph;
    private List<Triple> batch = new ArrayList<>();
    private boolean used;
    private boolean ended;
    private volatile Throwable failure;

    void add(Node g, Triple t) {
      if (graph != null && !graph.equals(g)) {
        flush();
      }
      graph = g;
      batch.add(t);
      if (batch.size() >= BATCH) {
        flush();
      }
    }

    void run(Consumer<DatasetGraph> op) {
      flush();
      submit(
          d -> {
            op.accept(d);
            return null;
          });
    }

    <T> T call(Function<DatasetGraph, T> op) {
      flush();
      return await(submit(op));
    }

    /** Commits the upload graphs' changes; throws what failed on the way, if anything did. */
    void commit() {
      flush();
      end(true);
    }

    /** Drops the changes if they were not committed. */
    void abort() {
      try {
        end(false);
      } catch (RuntimeException e) {
        LOG.warn("could not abort the upload graphs' transaction", e);
      }
    }

    /** Ends the transaction once, on its thread: committed if asked and nothing failed. */
    private void end(boolean commit) {
      if (!used || ended) {
        return;
      }
      ended = true;
      awaitEnd(
          thread()
              .submit(
                  () -> {
                    if (uploads.isInTransaction()) {
                      try {
                        if (commit && failure == null) {
                          uploads.commit();
                        } else {
                          uploads.abort();
                        }
                      } finally {
                        uploads.end();
                      }
                    }
                    return commit && failure != null ? rethrow(failure) : null;
                  }));
    }

    private void flush() {
      if (batch.isEmpty()) {
        return;
      }
      Node g = graph;
      List<Triple> triples = batch;
      batch = new ArrayList<>();
      run(d -> triples.forEach(t -> d.add(g, t.getSubject(), t.getPredicate(), t.getObject())));
    }

    private <T> Future<T> submit(Function<DatasetGraph, T> op) {
      used = true;
      return thread()
          .submit(
              () -> {
                if (failure != null) {
                  rethrow(failure);
                }
                try {
                  if (!uploads.isInTransaction()) {
                    uploads.begin(TxnType.WRITE);
                  }
                  return op.apply(dsg);
                } catch (RuntimeException | Error e) {
                  failure = e;
                  throw e;
                }
              });
    }
  }

  private ExecutorService thread() {
    if (uploadWriter == null) {
      uploadWriter =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "libertas-upload-graphs");
                t.setDaemon(true);
                return t;
              });
    }
    return uploadWriter;
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing upload graphs", e);
    } catch (ExecutionException e) {
      return rethrow(e.getCause());
    }
  }

  /**
   * Waits for the task ending the upload transaction whatever happens meanwhile: giving up on an
   * interrupt would tell the caller "nothing written" while the task still commits.
   */
  private static <T> T awaitEnd(Future<T> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <T> T rethrow(Throwable e) {
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(e);
  }

  @Override
  public void dropGraphs(Collection<String> graphIris) {
    for (Dataset dataset : List.of(current, uploads)) {
      List<String> here = graphIris.stream().filter(g -> datasetOf(g) == dataset).toList();
      if (!here.isEmpty()) {
        write(
            dataset,
            () ->
                here.forEach(
                    iri -> dataset.asDatasetGraph().removeGraph(NodeFactory.createURI(iri))));
      }
    }
  }

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
    Set<String> names = new TreeSet<>(graphNames(current, prefix));
    names.addAll(graphNames(uploads, prefix));
    return names;
  }

  private static Set<String> graphNames(Dataset dataset, String prefix) {
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
    Dataset dataset = datasetOf(graphIri);
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
    Dataset dataset = datasetOf(defaultGraphs);
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
    Dataset dataset = datasetOf(defaultGraphs);
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
    Dataset dataset = datasetOf(graphs);
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

  /**
   * Databases written before upload graphs had a dataset of their own hold them beside the current
   * views: each is copied, then dropped, so a crash in between only leaves a copy to redo.
   */
  private void moveUploadGraphs() {
    Set<String> old = graphNames(current, GraphNames.BASE + "tenant:");
    old.removeIf(g -> !GraphNames.isUpload(g));
    for (String graphIri : old) {
      Node g = NodeFactory.createURI(graphIri);
      // Streamed: one read transaction on the old database inside the write on the new one.
      write(
          uploads,
          () -> {
            DatasetGraph to = uploads.asDatasetGraph();
            to.removeGraph(g);
            Txn.executeRead(
                current,
                () ->
                    current
                        .asDatasetGraph()
                        .find(g, Node.ANY, Node.ANY, Node.ANY)
                        .forEachRemaining(to::add));
          });
      write(current, () -> current.asDatasetGraph().removeGraph(g));
    }
    if (!old.isEmpty()) {
      LOG.info("moved {} upload graph(s) to the upload graphs' database", old.size());
    }
  }

  @Override
  public boolean ping() {
    try {
      for (Dataset dataset : List.of(current, uploads)) {
        Txn.executeRead(dataset, () -> dataset.asDatasetGraph().isEmpty());
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
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
      if (uploadWriter != null) {
        uploadWriter.shutdown();
        try {
          uploadWriter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      closeDatasets();
    } finally {
      if (locked) {
        writer.unlock();
      }
    }
  }

  private void closeDatasets() {
    for (Dataset dataset : List.of(current, uploads)) {
      dataset.close();
      if (persistent) {
        TDBInternal.expel(dataset.asDatasetGraph());
      }
    }
  }
}
