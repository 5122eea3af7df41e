package org.libertas.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;

/**
 * The {@link GraphStore.GraphWriter} of one {@link JenaGraphStore#write}: current graphs are
 * changed here, in the caller's transaction; upload graphs go to the {@link ParallelUploadWrite} on
 * the other thread.
 */
record RoutedWriter(DatasetGraph current, ParallelUploadWrite uploads)
    implements GraphStore.GraphWriter {
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
