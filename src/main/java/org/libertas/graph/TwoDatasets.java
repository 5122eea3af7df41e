package org.libertas.graph;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.params.StoreParams;
import org.apache.jena.tdb2.params.StoreParamsBuilder;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * The two datasets behind {@link JenaGraphStore} and the one rule that routes a graph to them:
 * upload graphs ({@link GraphNames#isUpload}) in one, everything else (current views, screening,
 * ontology) in the other. Upload graphs are written once and read only to replay them, while reads
 * and rules run on the current views, so a read never needs both.
 *
 * <p>New TDB2 databases keep four quad indexes instead of TDB2's six (GSPO, GPOS, GOSP and SPOG):
 * every read here names its graphs, so the graph leads every lookup. An existing database keeps the
 * indexes it was created with.
 */
final class TwoDatasets {
  static final StoreParams PARAMS =
      StoreParamsBuilder.create()
          .quadIndexes(new String[] {"GSPO", "GPOS", "GOSP", "SPOG"})
          .build();

  private final Dataset current;
  private final Dataset uploads;
  private final boolean persistent;

  private TwoDatasets(Dataset current, Dataset uploads, boolean persistent) {
    this.current = current;
    this.uploads = uploads;
    this.persistent = persistent;
  }

  /** TDB2 in two directories. */
  static TwoDatasets tdb2(Path directory, Path uploadsDirectory) {
    return new TwoDatasets(connect(directory), connect(uploadsDirectory), true);
  }

  /** Two transactional in-memory datasets. */
  static TwoDatasets inMemory() {
    return new TwoDatasets(DatasetFactory.createTxnMem(), DatasetFactory.createTxnMem(), false);
  }

  private static Dataset connect(Path directory) {
    return DatasetFactory.wrap(DatabaseMgr.connectDatasetGraph(directory.toString(), PARAMS));
  }

  /** Current views, screening and ontology graphs. */
  Dataset current() {
    return current;
  }

  /** Upload graphs. */
  Dataset uploads() {
    return uploads;
  }

  List<Dataset> both() {
    return List.of(current, uploads);
  }

  Dataset of(String graphIri) {
    return GraphNames.isUpload(graphIri) ? uploads : current;
  }

  /** The one dataset holding all the graphs; a read over both kinds is refused. */
  Dataset of(Collection<String> graphIris) {
    long ofUploads = graphIris.stream().filter(GraphNames::isUpload).count();
    if (ofUploads > 0 && ofUploads < graphIris.size()) {
      throw new IllegalArgumentException(
          "a read sees upload graphs or current graphs, never both: " + graphIris);
    }
    return ofUploads > 0 ? uploads : current;
  }

  /** Names of the graphs of both datasets whose IRI starts with the prefix. */
  Set<String> graphNames(String prefix) {
    Set<String> names = new TreeSet<>(graphNames(current, prefix));
    names.addAll(graphNames(uploads, prefix));
    return names;
  }

  static Set<String> graphNames(Dataset dataset, String prefix) {
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

  /** Whether both datasets answer a trivial read. */
  boolean ping() {
    try {
      for (Dataset dataset : both()) {
        Txn.executeRead(dataset, () -> dataset.asDatasetGraph().isEmpty());
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Closes both; TDB2 databases are expelled so the directories can be opened again. */
  void close() {
    for (Dataset dataset : both()) {
      dataset.close();
      if (persistent) {
        TDBInternal.expel(dataset.asDatasetGraph());
      }
    }
  }
}
