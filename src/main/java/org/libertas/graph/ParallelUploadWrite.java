package org.libertas.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One write's changes to upload graphs, made on a second thread while the caller applies the same
 * upload to the current view, so an upload costs the time of one copy, not two. Jena binds a
 * transaction to the thread that began it, so the upload dataset's transaction is begun, fed and
 * ended on one thread ({@code lane}), fed in order (added triples in batches). A failure there is
 * kept and thrown to the caller at its next read, or at commit.
 *
 * <p>Used by one writer at a time (the store's writer lock), and for one transaction only.
 */
final class ParallelUploadWrite {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelUploadWrite.class);
  private static final int BATCH = 8_192;

  private final Dataset uploads;
  private final DatasetGraph dsg;
  private final ExecutorService lane;
  private Node graph;
  private List<Triple> batch = new ArrayList<>();
  private boolean used;
  private boolean ended;
  private volatile Throwable failure;

  ParallelUploadWrite(Dataset uploads, ExecutorService lane) {
    this.uploads = uploads;
    this.dsg = uploads.asDatasetGraph();
    this.lane = lane;
  }

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
        lane.submit(
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
    return lane.submit(
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
}
