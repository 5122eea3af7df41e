package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.ontology.Ontology;

/**
 * Which graphs a tenant's reads may see (the same lists scoring reads), and the worker pool that
 * runs the blocking graph store off the event loop.
 */
public record TenantGraphs(GraphStore store, WorkerExecutor workers, Supplier<Ontology> ontology) {

  /** The tenant's current data graphs, without the ontology. */
  public Future<List<String>> data(String tenantId) {
    return Future.succeededFuture(GraphNames.tenantData(tenantId));
  }

  /** The tenant's current data graphs and the active ontology graph. */
  public Future<List<String>> withOntology(String tenantId) {
    int version = ontology.get().version();
    return data(tenantId).map(g -> GraphNames.withOntology(g, version));
  }

  public <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
