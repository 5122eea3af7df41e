package org.libertas.graph;

import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off move of upload graphs out of the current views' database, where databases written before
 * upload graphs had a dataset of their own kept them. Each graph is copied, then dropped, so a
 * crash in between only leaves a copy to redo at the next start.
 */
final class UploadGraphMigration {
  private static final Logger LOG = LoggerFactory.getLogger(UploadGraphMigration.class);

  private UploadGraphMigration() {}

  /**
   * Moves every upload graph found in the current dataset; {@code write} runs an action in a write
   * transaction on a dataset under the store's writer lock.
   */
  static int run(TwoDatasets datasets, BiConsumer<Dataset, Runnable> write) {
    Dataset current = datasets.current();
    Dataset uploads = datasets.uploads();
    Set<String> old = TwoDatasets.graphNames(current, GraphNames.BASE + "tenant:");
    old.removeIf(g -> !GraphNames.isUpload(g));
    for (String graphIri : old) {
      Node g = NodeFactory.createURI(graphIri);
      // Streamed: one read transaction on the old database inside the write on the new one.
      write.accept(
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
      write.accept(current, () -> current.asDatasetGraph().removeGraph(g));
    }
    if (!old.isEmpty()) {
      LOG.info("moved {} upload graph(s) to the upload graphs' database", old.size());
    }
    return old.size();
  }
}
