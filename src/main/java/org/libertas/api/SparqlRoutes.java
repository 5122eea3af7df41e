package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.libertas.errors.LibertasException;
import org.libertas.graph.ReadQuery;

/**
 * Read-only SPARQL 1.1 protocol over the caller's tenant graphs and the active ontology, nothing
 * else: the dataset is built from those graph names, never the store's union. Time-limited; results
 * beyond the row limit are cut and flagged with {@code X-Libertas-Truncated: true}.
 */
public final class SparqlRoutes {
  static final String TRUNCATED = "X-Libertas-Truncated";

  private SparqlRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      TenantGraphs graphs, long timeoutMillis, int maxRows) {
    return Map.of(
        "sparqlGet",
            ctx -> run(ctx, ctx.request().getParam("query"), graphs, timeoutMillis, maxRows),
        "sparqlPost", ctx -> run(ctx, posted(ctx), graphs, timeoutMillis, maxRows));
  }

  /** The query of a POST: the body itself, or the {@code query} field of a form. */
  private static String posted(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
    if (type.startsWith("application/sparql-query")) {
      return ctx.body().asString("UTF-8");
    }
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return ctx.request().getFormAttribute("query");
    }
    if (type.startsWith("application/sparql-update")) {
      throw Api.invalid(
          "Content-Type",
          "update-refused",
          "SPARQL Update is not allowed: this endpoint is read-only");
    }
    throw new LibertasException(
        415,
        "unsupported-media-type",
        "send the query as application/sparql-query or as the form field query"
            + " (application/x-www-form-urlencoded)");
  }

  private static void run(
      RoutingContext ctx, String text, TenantGraphs graphs, long timeoutMillis, int maxRows) {
    Auth.Caller caller = Auth.caller(ctx);
    if (text == null || text.isBlank()) {
      throw Api.invalid("query", "missing-query", "a SPARQL query is required (query=…)");
    }
    for (String p : new String[] {"default-graph-uri", "named-graph-uri"}) {
      if (ctx.request().getParam(p) != null) {
        throw Api.invalid(
            p,
            "dataset-refused",
            p + " is not allowed: the dataset is fixed to the tenant's graphs");
      }
    }
    Query query = ReadQuery.parse(text);
    var offered = ReadQuery.mediaTypes(query);
    String type = Api.negotiate(ctx, offered).orElseThrow(() -> Api.notAcceptable(offered));
    graphs
        .withOntology(caller.tenantId())
        .compose(
            g ->
                graphs.blocking(
                    () -> ReadQuery.run(graphs.store(), query, g, timeoutMillis, maxRows, type)))
        .recover(
            e ->
                io.vertx.core.Future.failedFuture(
                    cancelled(e)
                        ? new LibertasException(
                            503,
                            "query-timeout",
                            "the query ran longer than " + timeoutMillis + " ms and was stopped")
                        : e))
        .onSuccess(
            r ->
                ctx.response()
                    .putHeader("Content-Type", r.contentType())
                    .putHeader(TRUNCATED, Boolean.toString(r.truncated()))
                    .end(io.vertx.core.buffer.Buffer.buffer(r.body())))
        .onFailure(ctx::fail);
  }

  private static boolean cancelled(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryCancelledException) {
        return true;
      }
    }
    return false;
  }
}
