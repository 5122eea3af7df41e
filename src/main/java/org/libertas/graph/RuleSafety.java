package org.libertas.graph;

import java.util.ArrayList;
import java.util.List;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;

/**
 * Refuses in a query what could reach outside the store: SERVICE clauses and extension functions
 * (script functions among them). Only SPARQL 1.1 built-ins and XSD casts are allowed.
 */
public final class RuleSafety {
  private static final String XSD = "http://www.w3.org/2001/XMLSchema#";

  private RuleSafety() {}

  /** What in a query would call out of the store, if anything. */
  public static List<String> refusals(Query query) {
    List<String> out = new ArrayList<>();
    if (query.getQueryPattern() != null) {
      ElementWalker.walk(
          query.getQueryPattern(),
          new ElementVisitorBase() {
            @Override
            public void visit(ElementService el) {
              out.add("SERVICE is not allowed");
            }
          });
    }
    walk(Algebra.compile(query), out);
    return out;
  }

  private static void walk(Op op, List<String> out) {
    OpWalker.walk(
        op,
        new OpVisitorBase() {
          @Override
          public void visit(OpService opService) {
            if (!out.contains("SERVICE is not allowed")) {
              out.add("SERVICE is not allowed");
            }
          }

          @Override
          public void visit(org.apache.jena.sparql.algebra.op.OpFilter opFilter) {
            opFilter.getExprs().forEach(e -> checkExpr(e, out));
          }

          @Override
          public void visit(org.apache.jena.sparql.algebra.op.OpExtend opExtend) {
            opExtend.getVarExprList().getExprs().values().forEach(e -> checkExpr(e, out));
          }

          @Override
          public void visit(org.apache.jena.sparql.algebra.op.OpAssign opAssign) {
            opAssign.getVarExprList().getExprs().values().forEach(e -> checkExpr(e, out));
          }
        });
  }

  private static void checkExpr(Expr expr, List<String> out) {
    if (expr instanceof E_Function fn && !fn.getFunctionIRI().startsWith(XSD)) {
      out.add("function <" + fn.getFunctionIRI() + "> is not allowed");
    }
    if (expr instanceof ExprFunctionOp fo) {
      walk(fo.getGraphPattern(), out);
    }
    if (expr instanceof ExprFunction f) {
      f.getArgs().forEach(a -> checkExpr(a, out));
    }
  }
}
