package org.libertas.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.Severity;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.errors.FieldError;
import org.libertas.graph.MemoryGraphs;
import org.libertas.ontology.Lbt;

/**
 * The ontology's SHACL shapes for upload data ({@code ontology/shapes/data-shapes.ttl}): every
 * shape whose {@code sh:targetClass} is a class an upload defines runs on each upload's triples
 * together with the ontology, after the Java checks. A violation becomes a {@link FieldError} on
 * the focus node's source line and on the column whose {@code lbt:columnProperty} is the path, so
 * an NGO editor adds a data constraint as data and auditors see it as any other error.
 */
public final class UploadShapes {
  private static final String SH = "http://www.w3.org/ns/shacl#";

  private final Shapes shapes;
  private final Graph ontology;
  private final Map<String, List<String>> columnsByProperty = new HashMap<>();

  UploadShapes(Model m) {
    this.ontology = m.getGraph();
    Graph selected = GraphFactory.createGraphMem();
    Set<Node> targets = new HashSet<>();
    for (CsvKind k : CsvKind.values()) {
      targets.addAll(CurrentView.classes(k));
    }
    Node targetClass = org.apache.jena.graph.NodeFactory.createURI(SH + "targetClass");
    ontology
        .find(Node.ANY, targetClass, Node.ANY)
        .forEachRemaining(
            t -> {
              if (targets.contains(t.getObject())) {
                copyClosure(ontology, t.getSubject(), selected);
              }
            });
    this.shapes = Shapes.parse(selected);
    m.listSubjectsWithProperty(RDF.type, m.createResource(Lbt.NS + "UploadColumn"))
        .forEachRemaining(
            c -> {
              if (c.hasProperty(SKOS.notation)) {
                String column = c.getProperty(SKOS.notation).getString();
                c.listProperties(m.createProperty(Lbt.NS + "columnProperty"))
                    .forEachRemaining(
                        st ->
                            columnsByProperty
                                .computeIfAbsent(st.getResource().getURI(), x -> new ArrayList<>())
                                .add(column));
              }
            });
  }

  /** A shape's triples, with the blank nodes (property shapes, lists) it reaches. */
  private static void copyClosure(Graph from, Node start, Graph into) {
    Deque<Node> todo = new ArrayDeque<>(List.of(start));
    Set<Node> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Node s = todo.pop();
      if (!seen.add(s)) {
        continue;
      }
      from.find(s, Node.ANY, Node.ANY)
          .forEachRemaining(
              t -> {
                into.add(t);
                if (t.getObject().isBlank()) {
                  todo.push(t.getObject());
                }
              });
    }
  }

  /** Whether any shape applies to uploads (none: nothing to run). */
  boolean isEmpty() {
    return shapes.numRootShapes() == 0;
  }

  /** Violations and warnings of an upload's triples. */
  public record Outcome(List<FieldError> errors, List<FieldError> warnings) {}

  /**
   * Validates a file's triples.
   *
   * @param kind the file's kind, to name columns
   * @param label the column as the file's header names it
   */
  Outcome validate(
      CsvKind kind, List<Triple> triples, java.util.function.UnaryOperator<String> label) {
    if (isEmpty() || triples.isEmpty()) {
      return new Outcome(List.of(), List.of());
    }
    Graph upload = GraphFactory.createGraphMem();
    triples.forEach(upload::add);
    Graph data = MemoryGraphs.union(upload, ontology);
    Map<String, FieldError> errors = new LinkedHashMap<>();
    Map<String, FieldError> warnings = new LinkedHashMap<>();
    for (ReportEntry e : ShaclValidator.get().validate(shapes, data).getEntries()) {
      long line = 0;
      Node focus = e.focusNode();
      if (focus != null) {
        var lines = upload.find(focus, Lbt.sourceLine.asNode(), Node.ANY);
        if (lines.hasNext()) {
          line = Long.parseLong(lines.next().getObject().getLiteralLexicalForm());
        }
      }
      String column = null;
      if (e.resultPath() instanceof P_Link link) {
        column =
            columnsByProperty.getOrDefault(link.getNode().getURI(), List.of()).stream()
                .filter(kind::knows)
                .findFirst()
                .map(label)
                .orElse(null);
      }
      String component = e.sourceConstraintComponent() == null ? "" : local(e);
      FieldError f = new FieldError(line, column, "shape-" + component, message(e));
      // One problem per line, column and constraint, however many values repeat it.
      String key = line + "\u0000" + column + "\u0000" + component;
      (e.severity() == Severity.Violation ? errors : warnings).putIfAbsent(key, f);
    }
    return new Outcome(List.copyOf(errors.values()), List.copyOf(warnings.values()));
  }

  private static String local(ReportEntry e) {
    String uri = e.sourceConstraintComponent().getURI();
    return uri.substring(uri.lastIndexOf('#') + 1)
        .replace("ConstraintComponent", "")
        .toLowerCase(Locale.ROOT);
  }

  /** The shape's English sh:message, else Jena's own wording. */
  private static String message(ReportEntry e) {
    for (Node m : e.messages()) {
      if (m.isLiteral() && m.getLiteralLanguage().startsWith("en")) {
        return m.getLiteralLexicalForm();
      }
    }
    return e.message();
  }
}
