package org.libertas.graph;

import java.util.Arrays;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.mem2.GraphMem2Roaring;
import org.apache.jena.mem2.IndexingStrategy;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;
import org.apache.jena.util.iterator.SingletonIterator;

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
   * One walk over a subject's triples: the first object of each of {@code properties} (null where
   * the subject has none), every other triple handed to {@code rest}. On a union, a lookup per
   * property asks every part; a subject has a dozen triples.
   */
  public static Node[] firstObjects(
      Graph g, Node subject, List<Node> properties, java.util.function.Consumer<Triple> rest) {
    Node[] first = new Node[properties.size()];
    g.find(subject, Node.ANY, Node.ANY)
        .forEachRemaining(
            t -> {
              int k = properties.indexOf(t.getPredicate());
              if (k >= 0 && first[k] == null) {
                first[k] = t.getObject();
              } else {
                rest.accept(t);
              }
            });
    return first;
  }

  /** The text of the first object of {@code property} on {@code subject}, or null. */
  public static String firstText(Graph g, Node subject, Node property) {
    ExtendedIterator<Triple> it = g.find(subject, property, Node.ANY);
    try {
      return it.hasNext() ? text(it.next().getObject()) : null;
    } finally {
      it.close();
    }
  }

  /** A literal's lexical form, else the node as text; null for null. */
  public static String text(Node n) {
    return n == null ? null : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
  }

  /**
   * A read-only view of graphs that share no triple: a lookup is the concatenation of each part's
   * lookup. The caller guarantees disjointness (a triple in two parts would be seen twice). Unions
   * of unions are flattened.
   */
  public static Graph union(Graph... parts) {
    List<Graph> flat = new java.util.ArrayList<>();
    for (Graph g : parts) {
      if (g instanceof DisjointUnion u) {
        flat.addAll(Arrays.asList(u.parts));
      } else {
        flat.add(g);
      }
    }
    return new DisjointUnion(flat.toArray(Graph[]::new));
  }

  /**
   * Rules look triples up millions of times per scoring, most of them matching in one part or none
   * (a join's last pattern, all bound): a lookup skips the parts with nothing to give instead of
   * chaining an iterator for each, and a fully bound lookup stops at the first part holding it.
   */
  private static final class DisjointUnion extends GraphBase {
    private final Graph[] parts;

    DisjointUnion(Graph[] parts) {
      this.parts = parts;
    }

    @Override
    protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
      if (pattern.isConcrete()) {
        for (Graph g : parts) {
          if (g.contains(pattern)) {
            return new SingletonIterator<>(pattern);
          }
        }
        return NullIterator.instance();
      }
      ExtendedIterator<Triple> out = null;
      for (Graph g : parts) {
        ExtendedIterator<Triple> it = g.find(pattern);
        if (!it.hasNext()) {
          it.close();
        } else {
          out = out == null ? it : out.andThen(it);
        }
      }
      return out == null ? NullIterator.instance() : out;
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
      int n = 0;
      for (Graph g : parts) {
        n += g.size();
      }
      return n;
    }

    @Override
    public boolean isEmpty() {
      for (Graph g : parts) {
        if (!g.isEmpty()) {
          return false;
        }
      }
      return true;
    }
  }
}
