package org.libertas.reasoning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Rule;

/**
 * A rule's CONSTRUCT template when it has the usual shape — one blank node, {@code a
 * lbt:RiskSignal}, with {@code lbt:supplier}, {@code lbt:strength}, {@code lbt:evidence}, {@code
 * lbt:observedOn} and {@code lbt:hardStop} — read off each solution of the rule's pattern directly:
 * one signal per solution, exactly what the CONSTRUCT would build, without building the triples and
 * reading them back. Rules of any other shape run as CONSTRUCT ({@link #of} returns null).
 */
final class RuleTemplate {
  private final Node supplier;
  private final Node strength;
  private final List<Node> evidence;
  private final Node observedOn;
  private final Node hardStop;

  private RuleTemplate(
      Node supplier, Node strength, List<Node> evidence, Node observedOn, Node hardStop) {
    this.supplier = supplier;
    this.strength = strength;
    this.evidence = evidence;
    this.observedOn = observedOn;
    this.hardStop = hardStop;
  }

  /** The template of a rule of the usual shape, else null. */
  static RuleTemplate of(Query q) {
    if (!q.isConstructType() || q.getConstructTemplate() == null) {
      return null;
    }
    Node subject = null;
    boolean typed = false;
    Node supplier = null;
    Node strength = null;
    Node observedOn = null;
    Node hardStop = null;
    List<Node> evidence = new ArrayList<>();
    for (Triple t : q.getConstructTemplate().getTriples()) {
      if (subject == null) {
        subject = t.getSubject();
      }
      if (!t.getSubject().isBlank() || !t.getSubject().equals(subject)) {
        return null;
      }
      Node p = t.getPredicate();
      Node o = t.getObject();
      if (p.equals(RDF.type.asNode()) && o.equals(Lbt.RiskSignal.asNode())) {
        typed = true;
      } else if (p.equals(Lbt.supplier.asNode()) && supplier == null) {
        supplier = o;
      } else if (p.equals(Lbt.strength.asNode()) && strength == null) {
        strength = o;
      } else if (p.equals(Lbt.evidence.asNode())) {
        evidence.add(o);
      } else if (p.equals(Lbt.observedOn.asNode()) && observedOn == null) {
        observedOn = o;
      } else if (p.equals(Lbt.hardStop.asNode()) && hardStop == null) {
        hardStop = o;
      } else {
        return null;
      }
    }
    return typed && supplier != null && strength != null
        ? new RuleTemplate(supplier, strength, List.copyOf(evidence), observedOn, hardStop)
        : null;
  }

  /** Runs the rule's pattern as a SELECT over the graphs; one signal per solution. */
  List<Signal> signals(
      Rule rule, Query construct, Model graphs, Map<String, String> idByIri, long timeoutMs) {
    Query select = construct.cloneQuery();
    select.setQuerySelectType();
    select.setQueryResultStar(true);
    List<Signal> out = new ArrayList<>();
    try (QueryExecution qe =
        QueryExecution.create()
            .query(select)
            .model(graphs)
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .build()) {
      ResultSet rs = qe.execSelect();
      while (rs.hasNext()) {
        Binding b = rs.nextBinding();
        Node s = value(b, supplier);
        Node v = value(b, strength);
        if (s == null || !s.isURI() || v == null || !v.isLiteral()) {
          continue;
        }
        String id = idByIri.get(s.getURI());
        if (id == null) {
          continue;
        }
        List<String> cited = new ArrayList<>();
        for (Node e : evidence) {
          Node n = value(b, e);
          if (n != null && n.isURI() && !cited.contains(n.getURI())) {
            cited.add(n.getURI());
          }
        }
        cited.sort(null);
        Node observed = value(b, observedOn);
        Node hard = value(b, hardStop);
        out.add(
            new Signal(
                id,
                rule.id(),
                rule.family(),
                Math.max(0, Math.min(1, number(v))),
                cited,
                observed == null || !observed.isLiteral()
                    ? null
                    : LocalDate.parse(observed.getLiteralLexicalForm().substring(0, 10)),
                hard != null && hard.isLiteral() && bool(hard)));
      }
    }
    return out;
  }

  private static Node value(Binding b, Node templateNode) {
    if (templateNode == null) {
      return null;
    }
    return templateNode.isVariable() ? b.get(Var.alloc(templateNode)) : templateNode;
  }

  private static double number(Node literal) {
    Object v = literal.getLiteralValue();
    return v instanceof Number n
        ? n.doubleValue()
        : Double.parseDouble(literal.getLiteralLexicalForm());
  }

  private static boolean bool(Node literal) {
    Object v = literal.getLiteralValue();
    return v instanceof Boolean b ? b : Boolean.parseBoolean(literal.getLiteralLexicalForm());
  }
}
