package org.libertas.graph;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpExtend;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpTopN;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ResultSetStream;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.sparql.expr.aggregate.AggCustom;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.update.UpdateFactory;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;

/**
 * A client's read-only SPARQL query: parsed as SPARQL 1.1 (an update never parses as a query),
 * refused when it could reach outside the caller's graphs (SERVICE, FROM, extension and property
 * functions, custom aggregates), then run with a time limit and a result-size limit.
 */
public final class ReadQuery {
  private static final String XSD = "http://www.w3.org/2001/XMLSchema#";
  private static final java.util.regex.Pattern AT =
      java.util.regex.Pattern.compile("at line (\\d+), column (\\d+)");

  private ReadQuery() {}

  /** Parses and checks a query; every refusal is a 400 that says where or why. */
  public static Query parse(String text) {
    Query query;
    try {
      query = QueryFactory.create(text, Syntax.syntaxSPARQL_11);
    } catch (QueryParseException e) {
      // JavaCC's message names the offending token; getLine/getColumn point before it.
      long line = e.getLine();
      long column = e.getColumn();
      var at = AT.matcher(String.valueOf(e.getMessage()));
      if (at.find()) {
        line = Long.parseLong(at.group(1));
        column = Long.parseLong(at.group(2));
      }
      if (isUpdate(text)) {
        throw refused(
            "update-refused",
            "SPARQL Update is not allowed: this endpoint is read-only",
            line,
            column);
      }
      throw refused(
          "parse-error",
          "the query does not parse at line "
              + line
              + ", column "
              + column
              + ": "
              + firstLine(e.getMessage()),
          line,
          column);
    }
    if (query.hasDatasetDescription()) {
      throw refused(
          "dataset-refused",
          "FROM and FROM NAMED are not allowed: the dataset is the tenant's current graphs and the"
              + " active ontology",
          -1,
          -1);
    }
    List<String> refusals = new ArrayList<>(RuleSafety.refusals(query));
    refusals.addAll(extensions(query));
    if (!refusals.isEmpty()) {
      List<String> distinct = List.copyOf(new LinkedHashSet<>(refusals));
      throw new BadRequestException(
          "the query is refused: " + String.join("; ", distinct),
          distinct.stream().map(r -> FieldError.field("query", "refused", r)).toList());
    }
    return query;
  }

  private static boolean isUpdate(String text) {
    try {
      UpdateFactory.create(text, Syntax.syntaxSPARQL_11);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Function calls anywhere (ORDER BY, GROUP BY, projections, HAVING — not only the FILTERs that
   * RuleSafety walks), custom aggregates and property functions: all run code beyond SPARQL 1.1.
   */
  static List<String> extensions(Query query) {
    Set<String> out = new LinkedHashSet<>();
    PropertyFunctionRegistry pfs = PropertyFunctionRegistry.get();
    ExprVisitorBase exprs =
        new ExprVisitorBase() {
          @Override
          public void visit(ExprFunctionN func) {
            if (func instanceof E_Function f && !f.getFunctionIRI().startsWith(XSD)) {
              out.add("function <" + f.getFunctionIRI() + "> is not allowed");
            }
          }

          @Override
          public void visit(ExprAggregator agg) {
            if (agg.getAggregator() instanceof AggCustom c) {
              out.add("custom aggregate <" + c.getIRI() + "> is not allowed");
            }
          }
        };
    OpVisitorBase ops =
        new OpVisitorBase() {
          @Override
          public void visit(OpBGP bgp) {
            for (Triple t : bgp.getPattern()) {
              property(t.getPredicate());
            }
          }

          @Override
          public void visit(OpPath path) {
            if (path.getTriplePath().getPredicate() != null) {
              property(path.getTriplePath().getPredicate());
            }
          }

          @Override
          public void visit(OpGroup group) {
            group.getAggregators().forEach(a -> Walker.walk(a, this, exprs));
            Walker.walk(group.getGroupVars(), this, exprs);
          }

          // The walker does not visit every operator's expressions: walk these explicitly.
          @Override
          public void visit(OpOrder order) {
            order.getConditions().forEach(c -> Walker.walk(c.getExpression(), this, exprs));
          }

          @Override
          public void visit(OpTopN top) {
            top.getConditions().forEach(c -> Walker.walk(c.getExpression(), this, exprs));
          }

          @Override
          public void visit(OpFilter filter) {
            Walker.walk(filter.getExprs(), this, exprs);
          }

          @Override
          public void visit(OpExtend extend) {
            Walker.walk(extend.getVarExprList(), this, exprs);
          }

          @Override
          public void visit(OpLeftJoin join) {
            if (join.getExprs() != null) {
              Walker.walk(join.getExprs(), this, exprs);
            }
          }

          private void property(Node p) {
            // Jena also loads property functions by name from java: IRIs and its own namespace;
            // decide on the name alone, never by asking the registry to load a class.
            if (p.isURI()
                && (p.getURI().startsWith("java:")
                    || p.getURI().startsWith("http://jena.apache.org/ARQ/property#")
                    || pfs.isRegistered(p.getURI()))) {
              out.add("property function <" + p.getURI() + "> is not allowed");
            }
          }
        };
    Walker.walk(Algebra.compile(query), ops, exprs);
    return new ArrayList<>(out);
  }

  /** Media types a query's results can be written as, the default first. */
  public static List<String> mediaTypes(Query query) {
    return query.isConstructType() || query.isDescribeType()
        ? List.of("text/turtle", "application/n-triples", "application/ld+json")
        : List.of("application/sparql-results+json", "application/json", "text/csv");
  }

  /** Results written in one media type, and whether they were cut at the row limit. */
  public record Result(byte[] body, String contentType, boolean truncated) {}

  /**
   * Runs the query over exactly {@code graphs} and writes its results as {@code mediaType} (one of
   * {@link #mediaTypes}); at most {@code maxRows} rows or triples are kept.
   */
  public static Result run(
      GraphStore store,
      Query query,
      Collection<String> graphs,
      long timeoutMillis,
      int maxRows,
      String mediaType) {
    return store.read(query, graphs, timeoutMillis, qe -> write(qe, query, maxRows, mediaType));
  }

  private static Result write(QueryExecution qe, Query query, int maxRows, String mediaType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean csv = mediaType.equals("text/csv");
    String contentType =
        switch (mediaType) {
          case "application/json", "application/sparql-results+json" ->
              "application/sparql-results+json";
          case "text/csv" -> "text/csv; charset=utf-8";
          case "text/turtle" -> "text/turtle; charset=utf-8";
          default -> mediaType;
        };
    if (query.isAskType()) {
      boolean yes = qe.execAsk();
      if (csv) {
        ResultSetFormatter.outputAsCSV(out, yes);
      } else {
        ResultSetFormatter.outputAsJSON(out, yes);
      }
      return new Result(out.toByteArray(), contentType, false);
    }
    if (query.isSelectType()) {
      ResultSet rs = qe.execSelect();
      List<Binding> rows = new ArrayList<>();
      while (rs.hasNext() && rows.size() < maxRows) {
        rows.add(rs.nextBinding());
      }
      boolean truncated = rs.hasNext();
      List<Var> vars = rs.getResultVars().stream().map(Var::alloc).toList();
      ResultSet kept = ResultSetStream.create(vars, rows.iterator());
      if (csv) {
        ResultSetFormatter.outputAsCSV(out, kept);
      } else {
        ResultSetFormatter.outputAsJSON(out, kept);
      }
      return new Result(out.toByteArray(), contentType, truncated);
    }
    var triples = query.isConstructType() ? qe.execConstructTriples() : qe.execDescribeTriples();
    Graph g = GraphFactory.createDefaultGraph();
    boolean truncated = false;
    while (triples.hasNext()) {
      Triple t = triples.next();
      if (g.size() >= maxRows && !g.contains(t)) {
        truncated = true;
        break;
      }
      g.add(t);
    }
    query
        .getPrefixMapping()
        .getNsPrefixMap()
        .forEach((p, ns) -> g.getPrefixMapping().setNsPrefix(p, ns));
    Lang lang =
        switch (mediaType) {
          case "application/n-triples" -> Lang.NTRIPLES;
          case "application/ld+json" -> Lang.JSONLD;
          default -> Lang.TURTLE;
        };
    RDFDataMgr.write(out, g, lang);
    return new Result(out.toByteArray(), contentType, truncated);
  }

  private static BadRequestException refused(String code, String message, long line, long column) {
    return new BadRequestException(
        message,
        List.of(
            new FieldError(
                Math.max(line, 0), column > 0 ? String.valueOf(column) : "query", code, message)));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
