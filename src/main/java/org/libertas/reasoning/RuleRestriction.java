package org.libertas.reasoning;

import java.util.List;
import java.util.TreeSet;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.PatternVars;

/**
 * A rule restricted to some suppliers, for an incremental rescoring: the same solutions as the rule
 * joined with {@code VALUES ?supplier { … }}, evaluated for those suppliers only.
 *
 * <p>Each bundled rule's pattern is {@code { SELECT DISTINCT ?supplier … WHERE { … } }}. The block
 * goes inside the innermost such sub-SELECT that projects ?supplier, with the first element of its
 * group that names ?supplier, provided that element always binds it (a triple pattern, a union or a
 * group whose every branch does): then restricting it first is the same as restricting the result,
 * since each of its solutions has one supplier and what the group adds to a solution (optional
 * parts, filters, binds) depends on that solution alone. When elements precede it (a rule's table
 * of country estimates), the element and the block become a sub-SELECT of their own, ordered so
 * that ARQ hash-joins it with them instead of evaluating them again for each supplier: 60 ms for
 * 100 suppliers at 100k where a block at the query's top level took 949 ms (ARQ does not push it
 * into a sub-SELECT, so each rule ran for every supplier first). Any other shape gets the block
 * around the whole pattern, which is the join itself (a rule's own VALUES block is kept).
 */
final class RuleRestriction {
  private static final Var SUPPLIER = Var.alloc("supplier");

  private RuleRestriction() {}

  static Query toSuppliers(Query rule, List<String> iris) {
    Query q = rule.cloneQuery();
    ElementData data = new ElementData();
    data.add(SUPPLIER);
    for (String iri : iris) {
      data.add(BindingFactory.binding(SUPPLIER, NodeFactory.createURI(iri)));
    }
    ElementGroup target = innermostGroup(q);
    int at = target == null ? -1 : firstNaming(target);
    if (at < 0 || !alwaysBinds(target.get(at))) {
      // The whole pattern's solutions that bind ?supplier, joined with the block: correct for any
      // shape (a solution leaving ?supplier unbound would otherwise join with every row).
      ElementGroup bound = new ElementGroup();
      bound.addElement(q.getQueryPattern());
      bound.addElementFilter(
          new org.apache.jena.sparql.syntax.ElementFilter(
              new org.apache.jena.sparql.expr.E_Bound(
                  new org.apache.jena.sparql.expr.ExprVar(SUPPLIER))));
      ElementGroup whole = new ElementGroup();
      whole.addElement(data);
      whole.addElement(bound);
      q.setQueryPattern(whole);
      return q;
    }
    List<Element> elements = target.getElements();
    if (at == 0) {
      elements.add(0, data);
      return q;
    }
    ElementGroup bound = new ElementGroup();
    bound.addElement(data);
    bound.addElement(elements.get(at));
    Query sub = new Query();
    sub.setQuerySelectType();
    sub.setQueryPattern(bound);
    // Every variable projected: the same solutions, as many of them (no DISTINCT).
    new TreeSet<>(PatternVars.vars(bound).stream().map(Var::getVarName).toList())
        .forEach(sub::addResultVar);
    // Ordered, which changes no solution: ARQ then joins the sub-SELECT by hashing (it substitutes
    // into the right side of a join only when that side has no ORDER BY, LIMIT or GROUP BY).
    sub.addOrderBy(SUPPLIER, Query.ORDER_ASCENDING);
    elements.set(at, new ElementSubQuery(sub));
    return q;
  }

  /** Whether the rule's shape lets the block go inside its pattern (else it goes around it). */
  static boolean inside(Query rule) {
    ElementGroup target = innermostGroup(rule);
    int at = target == null ? -1 : firstNaming(target);
    return at >= 0 && alwaysBinds(target.get(at));
  }

  /** The group of the innermost plain sub-SELECT projecting ?supplier, or null. */
  private static ElementGroup innermostGroup(Query q) {
    ElementGroup target = null;
    Query within = q;
    while (within.getQueryPattern() instanceof ElementGroup g
        && !within.hasGroupBy()
        && !within.hasAggregators()
        && !within.hasLimit()
        && !within.hasOffset()
        && !within.hasValues()
        && (within == q
            || within.isQueryResultStar()
            || within.getProjectVars().contains(SUPPLIER))) {
      if (within != q) {
        target = g;
      }
      if (g.size() == 1 && g.get(0) instanceof ElementSubQuery sub) {
        within = sub.getQuery();
      } else {
        break;
      }
    }
    return target;
  }

  private static int firstNaming(ElementGroup g) {
    for (int i = 0; i < g.size(); i++) {
      if (PatternVars.vars(g.get(i)).contains(SUPPLIER)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether every solution of the element binds ?supplier (it is joined, never optional). */
  static boolean alwaysBinds(Element e) {
    if (e instanceof ElementPathBlock || e instanceof ElementTriplesBlock) {
      return PatternVars.vars(e).contains(SUPPLIER);
    }
    if (e instanceof ElementUnion u) {
      return !u.getElements().isEmpty()
          && u.getElements().stream().allMatch(RuleRestriction::alwaysBinds);
    }
    if (e instanceof ElementGroup g) {
      return g.getElements().stream().anyMatch(RuleRestriction::alwaysBinds);
    }
    if (e instanceof ElementNamedGraph n) {
      return alwaysBinds(n.getElement());
    }
    return false;
  }
}
