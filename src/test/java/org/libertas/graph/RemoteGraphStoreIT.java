package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.jena.atlas.web.AuthScheme;
import org.apache.jena.fuseki.auth.Auth;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.CurrentView;
import org.libertas.ontology.Lbt;
import org.libertas.testing.TestStore;

/**
 * RemoteGraphStore against a real Fuseki over HTTP, checked against the embedded store: the same
 * writes give the same graphs, a failed write sends nothing, reads reach only the graphs named, and
 * the time limit holds.
 */
class RemoteGraphStoreIT {
  static final Query ALL = QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");
  static TestStore fuseki;
  static RemoteGraphStore remote;

  @BeforeAll
  static void start() {
    fuseki = TestStore.fuseki();
    remote = open(fuseki.env(), Optional.empty(), Optional.empty());
  }

  @AfterAll
  static void stop() {
    remote.close();
    fuseki.close();
  }

  static RemoteGraphStore open(
      java.util.Map<String, String> env, Optional<String> user, Optional<String> password) {
    return new RemoteGraphStore(
        URI.create(env.get("LIBERTAS_SPARQL_QUERY_URL")),
        URI.create(env.get("LIBERTAS_SPARQL_UPDATE_URL")),
        user,
        password,
        60_000);
  }

  static Node iri(String s) {
    return NodeFactory.createURI("urn:test:" + s);
  }

  static Triple supplier(String id, String name) {
    return Triple.create(iri(id), Lbt.name.asNode(), NodeFactory.createLiteralString(name));
  }

  static List<Triple> suppliers(String... idAndName) {
    List<Triple> out = new ArrayList<>();
    for (int i = 0; i < idAndName.length; i += 2) {
      out.add(Triple.create(iri(idAndName[i]), RDF.type.asNode(), Lbt.Supplier.asNode()));
      out.add(supplier(idAndName[i], idAndName[i + 1]));
    }
    return out;
  }

  static Set<String> graph(GraphStore store, String g) {
    Model m = store.construct(ALL, List.of(g));
    Set<String> out = new TreeSet<>();
    m.getGraph().find().forEachRemaining(t -> out.add(t.toString()));
    return out;
  }

  @Test
  void theSameWritesGiveTheSameGraphsAsTheEmbeddedStore() {
    String view = "urn:test:rw:current";
    String u1 = "urn:test:rw:u1";
    String u2 = "urn:test:rw:u2";
    String u3 = "urn:test:rw:u3";
    List<Consumer<GraphStore.GraphWriter>> steps =
        List.of(
            w -> {
              suppliers("a", "A", "b", "B").forEach(t -> w.add(u1, t));
              CurrentView.apply(w, view, CsvKind.SUPPLIERS, "merge", suppliers("a", "A", "b", "B"));
            },
            // merge: b renamed, c added, a kept
            w -> {
              suppliers("b", "B2", "c", "C").forEach(t -> w.add(u2, t));
              CurrentView.apply(
                  w, view, CsvKind.SUPPLIERS, "merge", suppliers("b", "B2", "c", "C"));
            },
            // replace: only d is left; the reads inside the write see the write's own changes
            w -> {
              suppliers("d", "D").forEach(t -> w.add(u3, t));
              CurrentView.apply(w, view, CsvKind.SUPPLIERS, "replace", suppliers("d", "D"));
              assertThat(w.subjectsOfType(view, Lbt.Supplier.asNode())).containsExactly(iri("d"));
              assertThat(w.triples(u3)).hasSize(2);
            },
            // rebuilt from the uploads, as start-up does after a crash
            w ->
                CurrentView.replay(
                    w,
                    view,
                    List.of(
                        new CurrentView.Applied(u1, CsvKind.SUPPLIERS, "merge"),
                        new CurrentView.Applied(u2, CsvKind.SUPPLIERS, "merge"))));
    try (JenaGraphStore embedded = JenaGraphStore.inMemory(60_000)) {
      for (var step : steps) {
        embedded.write(step);
        remote.write(step);
        for (String g : List.of(view, u1, u2, u3)) {
          assertThat(graph(remote, g)).as(g).isEqualTo(graph(embedded, g));
        }
      }
    }
    assertThat(graph(remote, view))
        .anyMatch(t -> t.contains("B2"))
        .noneMatch(t -> t.contains("\"B\""))
        .anyMatch(t -> t.contains("\"A\""));
  }

  @Test
  void aWriteThatThrowsSendsNothing() {
    String g = "urn:test:atomic";
    remote.write(w -> suppliers("x", "X").forEach(t -> w.add(g, t)));
    Set<String> before = graph(remote, g);
    assertThatThrownBy(
            () ->
                remote.write(
                    w -> {
                      w.clear(g);
                      suppliers("y", "Y").forEach(t -> w.add("urn:test:atomic2", t));
                      throw new IllegalStateException("the producer failed");
                    }))
        .hasMessageContaining("producer failed");
    assertThat(graph(remote, g)).isEqualTo(before).isNotEmpty();
    assertThat(remote.graphNames("urn:test:atomic2")).isEmpty();
  }

  @Test
  void theOntologyRoundTripsWithItsBlankNodes() {
    var o =
        org.libertas.ontology.OntologyLoader.load(
            org.libertas.ontology.OntologyLoader.bundledDirectory(), 1);
    remote.writeGraph(
        "urn:test:ontology",
        sink ->
            org.apache.jena.riot.system.StreamRDFOps.sendGraphToStream(o.model().getGraph(), sink));
    Model back = remote.construct(ALL, List.of("urn:test:ontology"));
    assertThat(back.isIsomorphicWith(o.model())).isTrue();
    remote.dropGraphs(List.of("urn:test:ontology"));
    assertThat(remote.graphNames("urn:test:ontology")).isEmpty();
  }

  @Test
  void aReadReachesOnlyTheGraphsItNames() {
    remote.write(
        w -> {
          suppliers("mine", "Mine").forEach(t -> w.add("urn:test:iso:mine", t));
          suppliers("theirs", "Theirs").forEach(t -> w.add("urn:test:iso:theirs", t));
        });
    List<String> mine = List.of("urn:test:iso:mine");
    for (String q :
        List.of(
            "SELECT ?s WHERE { ?s ?p ?o }",
            "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT ?s WHERE { GRAPH <urn:test:iso:theirs> { ?s ?p ?o } }",
            "SELECT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")) {
      Set<String> seen =
          remote.read(
              QueryFactory.create(q),
              mine,
              10_000,
              qe -> {
                Set<String> out = new TreeSet<>();
                qe.execSelect().forEachRemaining(r -> out.add(r.get("s").toString()));
                return out;
              });
      assertThat(seen).as(q).doesNotContain("urn:test:theirs");
      if (!q.contains("theirs>")) {
        assertThat(seen).as(q).contains("urn:test:mine");
      }
    }
    // No graph named: nothing at all, never the whole store.
    boolean any =
        remote.select(
            QueryFactory.create("SELECT * WHERE { ?s ?p ?o }"), List.of(), rs -> rs.hasNext());
    assertThat(any).isFalse();
  }

  @Test
  void aSlowQueryIsStoppedAtItsTimeLimit() {
    remote.write(
        w -> {
          for (int i = 0; i < 300; i++) {
            w.add("urn:test:slow", Triple.create(iri("n" + i), iri("p"), iri("m" + i)));
          }
        });
    Query cross =
        QueryFactory.create(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?t ?h }");
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                remote.read(
                    cross, List.of("urn:test:slow"), 500, qe -> qe.execSelect().next().toString()))
        .isInstanceOf(QueryCancelledException.class);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(30_000);
  }

  @Test
  void credentialsAreSentWhenTheStoreAsksForThem() throws Exception {
    Path passwords = Files.createTempFile("fuseki-passwd", ".properties");
    Files.writeString(passwords, "libertas: s3cret-pass\n");
    FusekiServer secured =
        FusekiServer.create()
            .port(0)
            .loopback(true)
            .passwordFile(passwords.toString())
            .auth(AuthScheme.BASIC)
            .serverAuthPolicy(Auth.policyAllowSpecific("libertas"))
            .add("/ds", DatasetGraphFactory.createTxnMem())
            .build()
            .start();
    try {
      String ds = "http://127.0.0.1:" + secured.getPort() + "/ds";
      var env =
          java.util.Map.of(
              "LIBERTAS_SPARQL_QUERY_URL",
              ds + "/query",
              "LIBERTAS_SPARQL_UPDATE_URL",
              ds + "/update");
      try (RemoteGraphStore anonymous = open(env, Optional.empty(), Optional.empty());
          RemoteGraphStore wrong = open(env, Optional.of("libertas"), Optional.of("nope"));
          RemoteGraphStore right = open(env, Optional.of("libertas"), Optional.of("s3cret-pass"))) {
        assertThat(anonymous.ping()).isFalse();
        assertThat(wrong.ping()).isFalse();
        assertThat(right.ping()).isTrue();
        right.write(w -> suppliers("s", "S").forEach(t -> w.add("urn:test:auth", t)));
        assertThat(graph(right, "urn:test:auth")).hasSize(2);
        assertThatThrownBy(() -> anonymous.write(w -> w.add("urn:test:auth", supplier("t", "T"))))
            .isInstanceOf(RuntimeException.class);
      }
    } finally {
      secured.stop();
    }
  }
}
