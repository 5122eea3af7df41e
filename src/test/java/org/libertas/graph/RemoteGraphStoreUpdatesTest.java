package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.modify.request.QuadDataAcc;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
import org.junit.jupiter.api.Test;

/**
 * The updates the remote store sends, as the endpoint receives them: serialised to text and parsed
 * again, then run on an in-memory dataset.
 */
class RemoteGraphStoreUpdatesTest {
  private static final Node G = NodeFactory.createURI("https://w3id.org/libertas/id/g");
  private static final Node P = NodeFactory.createURI("https://w3id.org/libertas/ns#name");

  @Test
  void deletesOnlyTheNamedSubjectsAndKeepsTrickyLiteralsIntact() {
    Node a = NodeFactory.createURI("https://w3id.org/libertas/id/a");
    Node b = NodeFactory.createURI("https://w3id.org/libertas/id/b");
    Node c = NodeFactory.createURI("https://w3id.org/libertas/id/c");
    // Quotes, braces, a newline and what looks like SPARQL: data, never syntax.
    Node tricky = NodeFactory.createLiteralString("Acme \"Ltd\" } ; DROP ALL\n#");
    QuadDataAcc quads = new QuadDataAcc();
    for (Node s : List.of(a, b, c)) {
      quads.addQuad(Quad.create(G, s, P, tricky));
    }
    UpdateRequest insert = new UpdateRequest().add(new UpdateDataInsert(quads));
    Dataset ds = DatasetFactory.createTxnMem();
    UpdateAction.execute(UpdateFactory.create(insert.toString()), ds);
    DatasetGraph dsg = ds.asDatasetGraph();
    assertThat(Iter.toList(dsg.find(G, Node.ANY, P, tricky))).hasSize(3);

    UpdateRequest delete =
        new UpdateRequest().add(RemoteGraphStore.deleteSubjects(G, List.of(a, c)));
    UpdateAction.execute(UpdateFactory.create(delete.toString()), ds);
    assertThat(Iter.toList(dsg.find(G, Node.ANY, Node.ANY, Node.ANY)))
        .extracting(Quad::getSubject)
        .containsExactly(b);
  }
}
