package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload graphs in their own TDB2 database, written beside the current view, all or nothing. */
class JenaGraphStoreTest {
  static final String UPLOAD = GraphNames.upload("t", "u1");
  static final String VIEW = GraphNames.current("t");
  static final Query ALL = QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");
  // TDB2 cannot store a variable: a write of it fails on the upload graphs' thread.
  static final Triple UNSTORABLE =
      Triple.create(
          NodeFactory.createURI("urn:s"),
          NodeFactory.createURI("urn:p"),
          NodeFactory.createVariable("notData"));

  @TempDir Path dir;

  @Test
  void oneWriteFillsTheUploadGraphAndTheViewInTheirOwnDatabases() {
    List<Triple> data = triples("a", 20_000); // more than one batch to the upload side
    try (JenaGraphStore store = open()) {
      store.write(
          w -> {
            data.forEach(t -> w.add(UPLOAD, t));
            // The write sees its own upload triples before they are committed.
            assertThat(w.triples(UPLOAD)).hasSize(data.size());
            data.forEach(t -> w.add(VIEW, t));
          });
      assertThat(store.copy(UPLOAD).size()).isEqualTo(data.size());
      assertThat(store.copy(VIEW).size()).isEqualTo(data.size());
      assertThat(store.graphNames(GraphNames.tenantPrefix("t"))).containsExactly(VIEW, UPLOAD);
      Query select = QueryFactory.create("SELECT * WHERE { ?s ?p ?o } LIMIT 1");
      assertThatThrownBy(() -> store.construct(ALL, List.of(UPLOAD, VIEW)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.select(select, List.of(VIEW, UPLOAD), rs -> rs.hasNext()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.read(select, List.of(UPLOAD, VIEW), 1_000, qe -> null))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(graphs(dir.resolve("uploads"))).containsExactly(UPLOAD);
    assertThat(graphs(dir.resolve("tdb2"))).containsExactly(VIEW);
  }

  @Test
  void aFailingWriteLeavesNeitherGraphAndTheNextWriteWorks() {
    try (JenaGraphStore store = open()) {
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        triples("a", 10_000).forEach(t -> w.add(UPLOAD, t));
                        triples("a", 10).forEach(t -> w.add(VIEW, t));
                        throw new IllegalStateException("invalid row");
                      }))
          .hasMessage("invalid row");
      assertThat(store.graphNames(GraphNames.BASE)).isEmpty();
      store.write(w -> triples("b", 5).forEach(t -> w.add(UPLOAD, t)));
      assertThat(store.copy(UPLOAD).size()).isEqualTo(5);
    }
  }

  @Test
  void aFailureOnTheUploadSideUndoesTheViewToo() {
    try (JenaGraphStore store = open()) {
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        w.add(UPLOAD, UNSTORABLE);
                        triples("a", 10).forEach(t -> w.add(VIEW, t));
                      }))
          .isInstanceOf(RuntimeException.class);
      assertThat(store.graphNames(GraphNames.BASE)).isEmpty();
      store.write(w -> triples("b", 5).forEach(t -> w.add(UPLOAD, t)));
      assertThat(store.copy(UPLOAD).size()).isEqualTo(5);
    }
  }

  @Test
  void inMemoryStoresSplitTheSameWay() {
    try (JenaGraphStore store = JenaGraphStore.inMemory(10_000)) {
      store.write(
          w -> {
            triples("a", 10_000).forEach(t -> w.add(UPLOAD, t));
            triples("a", 10).forEach(t -> w.add(VIEW, t));
          });
      assertThat(store.copy(UPLOAD).size()).isEqualTo(10_000);
      assertThat(store.copy(VIEW).size()).isEqualTo(10);
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        w.clear(UPLOAD);
                        w.clear(VIEW);
                        throw new IllegalStateException("undo");
                      }))
          .hasMessage("undo");
      assertThat(store.copy(UPLOAD).size()).isEqualTo(10_000);
      assertThat(store.copy(VIEW).size()).isEqualTo(10);
    }
  }

  @Test
  void aFailureOnTheUploadSideIsThrownAtTheNextReadOfIt() {
    try (JenaGraphStore store = open()) {
      boolean[] reachedAfterRead = {false};
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        w.add(UPLOAD, UNSTORABLE);
                        w.triples(UPLOAD);
                        reachedAfterRead[0] = true;
                      }))
          .isInstanceOf(RuntimeException.class);
      assertThat(reachedAfterRead[0]).isFalse();
      assertThat(store.graphNames(GraphNames.BASE)).isEmpty();
    }
  }

  @Test
  void newDatabasesKeepFourQuadIndexesAndOldOnesTheirSix() {
    Path old = dir.resolve("tdb2");
    DatasetGraph six = DatabaseMgr.connectDatasetGraph(old.toString());
    assertThat(quadIndexes(six)).hasSize(6);
    Txn.executeWrite(six, () -> six.add(quad(UPLOAD, "x")));
    Txn.executeWrite(six, () -> six.add(quad(VIEW, "y")));
    six.close();
    TDBInternal.expel(six);

    try (JenaGraphStore store = open()) {
      // Upload graphs kept beside the views by earlier versions move to their own database.
      assertThat(store.copy(UPLOAD).size()).isEqualTo(1);
      assertThat(store.copy(VIEW).size()).isEqualTo(1);
      // TDB2 hands out the connection the store holds: the databases as the store opened them.
      assertThat(quadIndexes(DatabaseMgr.connectDatasetGraph(old.toString()))).hasSize(6);
      assertThat(quadIndexes(DatabaseMgr.connectDatasetGraph(dir.resolve("uploads").toString())))
          .containsExactly("GSPO", "GPOS", "GOSP", "SPOG");
    }
    assertThat(graphs(old)).containsExactly(VIEW);
    assertThat(graphs(dir.resolve("uploads"))).containsExactly(UPLOAD);
    // Reopened, the new database keeps its four (recorded at creation).
    DatasetGraph fresh = DatabaseMgr.connectDatasetGraph(dir.resolve("uploads").toString());
    try {
      assertThat(quadIndexes(fresh)).containsExactly("GSPO", "GPOS", "GOSP", "SPOG");
    } finally {
      fresh.close();
      TDBInternal.expel(fresh);
    }
  }

  private JenaGraphStore open() {
    return new JenaGraphStore(dir.resolve("tdb2"), dir.resolve("uploads"), 10_000);
  }

  private static String[] quadIndexes(DatasetGraph dsg) {
    return TDBInternal.getDatasetGraphTDB(dsg).getStoreParams().getQuadIndexes();
  }

  private static List<String> graphs(Path tdb) {
    DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(tdb.toString());
    try {
      return Txn.calculateRead(
          dsg,
          () -> {
            List<String> out = new java.util.ArrayList<>();
            dsg.listGraphNodes().forEachRemaining(n -> out.add(n.getURI()));
            return out.stream().sorted().toList();
          });
    } finally {
      dsg.close();
      TDBInternal.expel(dsg);
    }
  }

  private static org.apache.jena.sparql.core.Quad quad(String graph, String s) {
    return org.apache.jena.sparql.core.Quad.create(
        NodeFactory.createURI(graph),
        NodeFactory.createURI("urn:" + s),
        NodeFactory.createURI("urn:p"),
        NodeFactory.createLiteralString(s));
  }

  private static List<Triple> triples(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                Triple.create(
                    NodeFactory.createURI("urn:" + prefix + ":" + i),
                    NodeFactory.createURI("urn:p"),
                    NodeFactory.createLiteralString(prefix + i)))
        .toList();
  }
}
