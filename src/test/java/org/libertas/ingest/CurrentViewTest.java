package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.libertas.graph.JenaGraphStore;
import org.libertas.ontology.Lbt;

/** Replaying the uploads gives the view that applying them one by one gave. */
class CurrentViewTest {
  static final String DATA = "https://w3id.org/libertas/data/t/";

  @Test
  void replayEqualsIncrementalApplication() throws Exception {
    Path dir = Files.createTempDirectory("libertas-view");
    try (JenaGraphStore store =
        new JenaGraphStore(dir.resolve("tdb2"), dir.resolve("uploads"), 10_000)) {
      Random random = new Random(42);
      List<CurrentView.Applied> applied = new ArrayList<>();
      for (int u = 0; u < 40; u++) {
        CsvKind kind = CsvKind.values()[random.nextInt(CsvKind.values().length)];
        String mode = random.nextInt(4) == 0 ? "replace" : "merge";
        String graph = "urn:libertas:tenant:t:upload:" + u;
        List<Triple> data = upload(kind, u, random);
        store.write(
            w -> {
              data.forEach(t -> w.add(graph, t));
              // Provenance sits in the upload graph only, and replay must leave it out.
              w.add(
                  graph,
                  Triple.create(
                      NodeFactory.createURI(graph),
                      RDF.type.asNode(),
                      NodeFactory.createURI("http://www.w3.org/ns/prov#Entity")));
              CurrentView.apply(w, "urn:view:incremental", kind, mode, data);
            });
        applied.add(new CurrentView.Applied(graph, kind, mode));
        store.write(w -> CurrentView.replay(w, "urn:view:replayed", applied));
        Set<String> incremental = dump(store, "urn:view:incremental");
        assertThat(dump(store, "urn:view:replayed")).isEqualTo(incremental);
        assertThat(incremental).noneMatch(t -> t.contains("prov#Entity"));
      }
    }
  }

  @Test
  void replaceOfSuppliersKeepsLinksAndMergeReplacesOnlyTheSubjectsItDefines() throws Exception {
    Path dir = Files.createTempDirectory("libertas-view");
    try (JenaGraphStore store =
        new JenaGraphStore(dir.resolve("tdb2"), dir.resolve("uploads"), 10_000)) {
      String v = "urn:view";
      store.write(
          w -> {
            CurrentView.apply(w, v, CsvKind.SUPPLIERS, "merge", supplier("A", "a1"));
            CurrentView.apply(w, v, CsvKind.SUPPLIERS, "merge", supplier("B", "b1"));
            CurrentView.apply(w, v, CsvKind.RELATIONSHIPS, "merge", link("A", "B"));
            CurrentView.apply(w, v, CsvKind.SUPPLIERS, "merge", supplier("A", "a2"));
          });
      assertThat(dump(store, v))
          .anyMatch(t -> t.contains("a2"))
          .noneMatch(t -> t.contains("a1"))
          .anyMatch(t -> t.contains("b1"));
      store.write(w -> CurrentView.apply(w, v, CsvKind.SUPPLIERS, "replace", supplier("C", "c1")));
      Set<String> after = dump(store, v);
      assertThat(after)
          .noneMatch(t -> t.contains("a2") || t.contains("b1"))
          .anyMatch(t -> t.contains("c1"));
      assertThat(after).anyMatch(t -> t.contains("SupplyLink"));
    }
  }

  /**
   * A workbook (kind null: several kinds in one upload graph) replaces every kind its data holds
   * rows of and no other, the same way when applied and when replayed, in memory too.
   */
  @Test
  void workbookReplaceClearsTheKindsItHoldsAndReplaysAlike() throws Exception {
    Path dir = Files.createTempDirectory("libertas-view");
    try (JenaGraphStore store =
        new JenaGraphStore(dir.resolve("tdb2"), dir.resolve("uploads"), 10_000)) {
      Random random = new Random(7);
      List<CurrentView.Applied> applied = new ArrayList<>();
      String view = "urn:view:incremental";
      for (int u = 0; u < 30; u++) {
        String graph = "urn:libertas:tenant:t:upload:" + u;
        List<Triple> data = new ArrayList<>();
        CsvKind kind;
        if (u % 3 == 2) {
          kind = null; // a workbook: suppliers and findings, or relationships and recruiters
          List<CsvKind> held =
              u % 2 == 0
                  ? List.of(CsvKind.SUPPLIERS, CsvKind.FINDINGS)
                  : List.of(CsvKind.RELATIONSHIPS, CsvKind.RECRUITERS);
          for (CsvKind h : held) {
            data.addAll(upload(h, 1000 + u, random));
          }
          assertThat(CurrentView.kindsHeld(data)).containsAll(held);
        } else {
          kind = CsvKind.values()[random.nextInt(CsvKind.values().length)];
          data.addAll(upload(kind, u, random));
        }
        String mode = random.nextInt(3) == 0 ? "replace" : "merge";
        CsvKind k = kind;
        store.write(
            w -> {
              data.forEach(t -> w.add(graph, t));
              CurrentView.apply(w, view, k, mode, data);
            });
        applied.add(
            CurrentView.Applied.of(graph, kind == null ? WorkbookUpload.KIND : kind.code(), mode));
        store.write(w -> CurrentView.replay(w, "urn:view:replayed", applied));
        Set<String> incremental = dump(store, view);
        assertThat(dump(store, "urn:view:replayed")).isEqualTo(incremental);
        Set<String> inMemory = new TreeSet<>();
        CurrentView.replayInMemory(store, applied)
            .getGraph()
            .find()
            .forEachRemaining(t -> inMemory.add(t.toString()));
        assertThat(inMemory).isEqualTo(incremental);
      }
    }
  }

  @Test
  void aWorkbookReplaceOfSuppliersAndFindingsKeepsRecruiters() throws Exception {
    Path dir = Files.createTempDirectory("libertas-view");
    try (JenaGraphStore store =
        new JenaGraphStore(dir.resolve("tdb2"), dir.resolve("uploads"), 10_000)) {
      String v = "urn:view";
      Random random = new Random(1);
      List<Triple> recruiters = upload(CsvKind.RECRUITERS, 1, random);
      List<Triple> workbook = new ArrayList<>(supplier("Z", "z1"));
      workbook.addAll(upload(CsvKind.FINDINGS, 2, random));
      store.write(
          w -> {
            CurrentView.apply(w, v, CsvKind.SUPPLIERS, "merge", supplier("A", "a1"));
            CurrentView.apply(w, v, CsvKind.FINDINGS, "merge", upload(CsvKind.FINDINGS, 0, random));
            CurrentView.apply(w, v, CsvKind.RECRUITERS, "merge", recruiters);
            CurrentView.apply(w, v, null, "replace", workbook);
          });
      Set<String> after = dump(store, v);
      assertThat(after).noneMatch(t -> t.contains("a1") || t.contains("u0r"));
      assertThat(after).anyMatch(t -> t.contains("z1")).anyMatch(t -> t.contains("u2r"));
      assertThat(after).anyMatch(t -> t.contains("u1r")); // the recruiters stay
      assertThat(new UploadDelta(1, null, "replace", workbook, Set.of()).changesSupplyChain())
          .isTrue();
      assertThat(
              new UploadDelta(1, null, "merge", upload(CsvKind.FINDINGS, 3, random), Set.of())
                  .changesSupplyChain())
          .isFalse();
    }
  }

  private static List<Triple> supplier(String id, String name) {
    Node s = NodeFactory.createURI(DATA + "supplier/" + id);
    return List.of(
        Triple.create(s, RDF.type.asNode(), Lbt.Supplier.asNode()),
        Triple.create(s, Lbt.name.asNode(), NodeFactory.createLiteralString(name)));
  }

  private static List<Triple> link(String buyer, String supplier) {
    Node l = NodeFactory.createURI(DATA + "link/" + buyer + "/" + supplier);
    return List.of(
        Triple.create(l, RDF.type.asNode(), Lbt.SupplyLink.asNode()),
        Triple.create(l, Lbt.buyer.asNode(), NodeFactory.createURI(DATA + "supplier/" + buyer)),
        Triple.create(
            l, Lbt.supplier.asNode(), NodeFactory.createURI(DATA + "supplier/" + supplier)));
  }

  /** A small upload of the kind: subjects drawn from a small pool, so uploads overlap. */
  private static List<Triple> upload(CsvKind kind, int u, Random random) {
    List<Triple> out = new ArrayList<>();
    int rows = 1 + random.nextInt(5);
    for (int r = 0; r < rows; r++) {
      int k = random.nextInt(8);
      Node value = NodeFactory.createLiteralString("u" + u + "r" + r);
      switch (kind) {
        case SUPPLIERS, OPENSUPPLYHUB -> {
          Node s = NodeFactory.createURI(DATA + "supplier/S" + k);
          out.add(Triple.create(s, RDF.type.asNode(), Lbt.Supplier.asNode()));
          out.add(Triple.create(s, Lbt.name.asNode(), value));
        }
        case RELATIONSHIPS -> {
          Node l = NodeFactory.createURI(DATA + "link/S" + k + "/S" + (k + 1));
          out.add(Triple.create(l, RDF.type.asNode(), Lbt.SupplyLink.asNode()));
          out.add(Triple.create(l, Lbt.annualVolume.asNode(), value));
        }
        case RECRUITERS -> {
          Node rec = NodeFactory.createURI(DATA + "recruiter/R" + k);
          Node link = NodeFactory.createURI(DATA + "recruitment/S" + k + "/R" + k);
          out.add(Triple.create(rec, RDF.type.asNode(), Lbt.Recruiter.asNode()));
          out.add(Triple.create(rec, Lbt.name.asNode(), value));
          out.add(Triple.create(link, RDF.type.asNode(), Lbt.RecruitmentLink.asNode()));
          out.add(Triple.create(link, Lbt.recruiter.asNode(), rec));
        }
        case FINDINGS -> {
          Node f = NodeFactory.createURI(DATA + "finding/S" + k + "/" + random.nextInt(3));
          out.add(Triple.create(f, RDF.type.asNode(), Lbt.AuditFinding.asNode()));
          out.add(Triple.create(f, Lbt.auditor.asNode(), value));
        }
      }
    }
    return out;
  }

  private static Set<String> dump(JenaGraphStore store, String graph) {
    Set<String> out = new TreeSet<>();
    store.write(w -> w.triples(graph).forEach(t -> out.add(t.toString())));
    return out;
  }
}
