package org.libertas.ingest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.libertas.graph.GraphStore.GraphWriter;
import org.libertas.ontology.Lbt;

/**
 * Keeps a tenant's current-view graph equal to its committed uploads applied in arrival order. The
 * same {@link #apply} runs when an upload is written and when the view is rebuilt after a crash, so
 * replaying the uploads always gives what applying them one by one gave.
 *
 * <p>merge: every subject the upload defines loses its earlier triples, then gets the upload's.
 * replace: every node of the kind's classes leaves the view first (suppliers and Open Supply Hub
 * share {@code lbt:Supplier}; links of other kinds stay); a workbook's replace does so for every
 * kind its sheets hold rows of.
 */
public final class CurrentView {
  private CurrentView() {}

  /**
   * One committed upload, as replay needs it.
   *
   * @param kind the kind of its file; null for a workbook of several kinds ({@link WorkbookUpload})
   */
  public record Applied(String graphIri, CsvKind kind, String mode) {
    /** A committed upload as replay needs it (kind as stored: a kind's code, or "workbook"). */
    public static Applied of(String graphIri, String kind, String mode) {
      return new Applied(graphIri, kindOf(kind), mode);
    }
  }

  /** The kind of a stored upload; null for a workbook, whose data says which kinds it holds. */
  public static CsvKind kindOf(String stored) {
    return WorkbookUpload.KIND.equals(stored) ? null : CsvKind.fromCode(stored).orElseThrow();
  }

  /**
   * The classes whose nodes an upload defines: its kind's, or for a workbook (kind null) those of
   * every kind its data holds rows of — computed from the data alone, so that the first
   * application, a replay and an in-memory copy agree.
   */
  public static List<Node> classes(CsvKind kind, List<Triple> data) {
    if (kind != null) {
      return classes(kind);
    }
    Set<Node> out = new LinkedHashSet<>();
    kindsHeld(data).forEach(k -> out.addAll(classes(k)));
    return List.copyOf(out);
  }

  /**
   * The kinds whose rows a workbook's data holds, in {@link SheetKinds#ORDER}: those a node of the
   * data has the class of (suppliers and Open Supply Hub go together: they share lbt:Supplier).
   */
  public static List<CsvKind> kindsHeld(List<Triple> data) {
    Set<Node> typed = new java.util.HashSet<>();
    for (Triple t : data) {
      if (t.getPredicate().equals(org.apache.jena.vocabulary.RDF.type.asNode())) {
        typed.add(t.getObject());
      }
    }
    return SheetKinds.ORDER.stream()
        .filter(k -> classes(k).stream().anyMatch(typed::contains))
        .toList();
  }

  /** The classes whose nodes a kind defines. */
  public static List<Node> classes(CsvKind kind) {
    return switch (kind) {
      case SUPPLIERS, OPENSUPPLYHUB -> List.of(Lbt.Supplier.asNode());
      case RELATIONSHIPS -> List.of(Lbt.SupplyLink.asNode());
      case RECRUITERS -> List.of(Lbt.Recruiter.asNode(), Lbt.RecruitmentLink.asNode());
      case FINDINGS -> List.of(Lbt.AuditFinding.asNode());
    };
  }

  /**
   * Applies one upload's data triples (no provenance) to the view, inside the caller's write.
   *
   * @param kind the upload's kind; null for a workbook of several kinds
   */
  public static void apply(
      GraphWriter w, String view, CsvKind kind, String mode, List<Triple> data) {
    apply(w, view, kind, mode, data, added -> {});
  }

  /**
   * {@link #apply}, telling {@code progress} now and then how many of the data triples are in the
   * view so far.
   */
  public static void apply(
      GraphWriter w,
      String view,
      CsvKind kind,
      String mode,
      List<Triple> data,
      java.util.function.IntConsumer progress) {
    Set<Node> gone = new LinkedHashSet<>();
    if ("replace".equals(mode)) {
      for (Node c : classes(kind, data)) {
        gone.addAll(w.subjectsOfType(view, c));
      }
    }
    for (Triple t : data) {
      gone.add(t.getSubject());
    }
    for (Node s : gone) {
      w.deleteSubject(view, s);
    }
    int step = Math.max(1_000, data.size() / 50);
    for (int i = 0; i < data.size(); i++) {
      w.add(view, data.get(i));
      if (i > 0 && i % step == 0) {
        progress.accept(i);
      }
    }
  }

  /** Rebuilds the view from the uploads in arrival order; their graphs are read, never changed. */
  public static void replay(GraphWriter w, String view, List<Applied> uploads) {
    w.clear(view);
    for (Applied u : uploads) {
      Node self = NodeFactory.createURI(u.graphIri());
      List<Triple> data =
          w.triples(u.graphIri()).stream().filter(t -> !t.getSubject().equals(self)).toList();
      apply(w, view, u.kind(), u.mode(), data);
    }
  }

  /**
   * The view as it stood after the given uploads, rebuilt in memory from their immutable graphs —
   * to recompute a historic score exactly, without touching the store.
   */
  public static org.apache.jena.rdf.model.Model replayInMemory(
      org.libertas.graph.GraphStore store, List<Applied> uploads) {
    org.apache.jena.graph.Graph view = org.apache.jena.sparql.graph.GraphFactory.createGraphMem();
    replay(new MemoryWriter(store, view), "urn:libertas:replay", uploads);
    return org.apache.jena.rdf.model.ModelFactory.createModelForGraph(view);
  }

  /**
   * Applies one upload to a copy of the view held in memory, exactly as {@link #apply} applied it
   * to the store's view.
   */
  public static void applyInMemory(org.apache.jena.graph.Graph view, UploadDelta delta) {
    apply(
        new MemoryWriter(null, view),
        "urn:libertas:resident",
        delta.kind(),
        delta.mode(),
        delta.triples());
  }

  /** Writes the view in memory; reads upload graphs from the store. */
  private record MemoryWriter(org.libertas.graph.GraphStore store, org.apache.jena.graph.Graph view)
      implements GraphWriter {
    private static final org.apache.jena.query.Query ALL =
        org.apache.jena.query.QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");

    @Override
    public void add(String graphIri, Triple triple) {
      view.add(triple);
    }

    @Override
    public void deleteSubject(String graphIri, Node subject) {
      view.remove(subject, Node.ANY, Node.ANY);
    }

    @Override
    public Set<Node> subjectsOfType(String graphIri, Node type) {
      Set<Node> out = new LinkedHashSet<>();
      view.find(Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), type)
          .forEachRemaining(t -> out.add(t.getSubject()));
      return out;
    }

    @Override
    public List<Triple> triples(String graphIri) {
      return store.construct(ALL, List.of(graphIri)).getGraph().find().toList();
    }

    @Override
    public void clear(String graphIri) {
      view.clear();
    }
  }
}
