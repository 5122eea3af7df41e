package org.libertas.graph;

import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.mem2.GraphMem2Roaring;
import org.apache.jena.mem2.IndexingStrategy;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;

/**
 * The in-memory graphs reasoning runs over. Rules join on patterns with a bound predicate and
 * object ({@code ?listing lbt:good ?good}); a hash-by-node graph answers those by walking every
 * triple of the object — every supplier producing that good — so the rules grew with the square of
 * the data. {@link #indexed()} is Jena's {@link GraphMem2Roaring}, whose bitmap indexes answer any
 * pattern by intersection, built eagerly so that concurrent readers never race to build an index.
 *
 * <p>{@link #union} joins graphs known to share no triple (a tenant's data, its screening matches,
 * the ontology: different subjects) without Jena's {@code Union}, which remembers every triple it
 * returns to drop duplicates — a hash set per pattern lookup, the other half of the cost.
 */
public final class MemoryGraphs {
  private MemoryGraphs() {}

  /** An empty, mutable graph indexed for every triple pattern. */
  public static Graph indexed() {
    return new GraphMem2Roaring(IndexingStrategy.EAGER);
  }

  /** An indexed copy of a graph. */
  public static Graph indexedCopy(Graph source) {
    Graph g = indexed();
    GraphUtil.addInto(g, source);
    return g;
  }

  /**
   * A read-only view of graphs that share no triple: a lookup is the concatenation of each part's
   * lookup. The caller guarantees disjointness (a triple in two parts would be seen twice).
   */
  public static Graph union(Graph... parts) {
    return new DisjointUnion(List.of(parts));
  }

  private static final class DisjointUnion extends GraphBase {
    private final List<Graph> parts;

    DisjointUnion(List<Graph> parts) {
      this.parts = parts;
    }

    @Override
    protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
      ExtendedIterator<Triple> out = NullIterator.instance();
      for (Graph g : parts) {
        out = out.andThen(g.find(pattern));
      }
      return out;
    }

    @Override
    protected boolean graphBaseContains(Triple t) {
      for (Graph g : parts) {
        if (g.contains(t)) {
          return true;
        }
      }
      return false;
    }

    @Override
    protected int graphBaseSize() {
      return parts.stream().mapToInt(Graph::size).sum();
    }

    @Override
    public boolean isEmpty() {
      return parts.stream().allMatch(Graph::isEmpty);
    }
  }
}
