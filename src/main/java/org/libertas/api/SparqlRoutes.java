package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.jena.query.QueryCancelledException;
import org.libertas.errors.LibertasException;
import org.libertas.graph.ReadQuery;

/**
 * Read-only SPARQL 1.1 protocol over the caller's tenant graphs and the active ontology, nothing
 * else: the dataset is built from those graph names, never the store's union. Time-limited; results
 * beyond the row limit are cut and flagged with {@code X-Libertas-Truncated: true}. Queries run on
 * the endpoint's own bounded pool, never the shared workers that scoring, uploads and the other
 * routes need, and are admitted per tenant ({@link SparqlAdmission}).
 */
public final class SparqlRoutes {
  static final String TRUNCATED = "X-Libertas-Truncated";

  private SparqlRoutes() {}

  /** Where and how queries run: their own pool, who may use it, and each query's limits. */
  public record Limits(
      WorkerExecutor pool,
      SparqlAdmission admission,
      long timeoutMillis,
      int maxRows,
      int maxQueryBytes) {}

  /**
   * @param limits {@code maxQueryBytes} is the longest query text accepted: a longer one is refused
   *     before it reaches the parser, whose buffer grows in small steps (a 50 MB literal would keep
   *     it busy for minutes)
   */
  public static Map<String, Handler<RoutingContext>> handlers(TenantGraphs graphs, Limits limits) {
    return Map.of(
        "sparqlGet",
            ctx ->
                run(
                    ctx,
                    sized(Params.of(ctx).string("query"), limits.maxQueryBytes()),
                    graphs,
                    limits),
        "sparqlPost",
            ctx ->
                run(
                    ctx,
                    sized(posted(ctx, limits.maxQueryBytes()), limits.maxQueryBytes()),
                    graphs,
                    limits));
  }

  private static String sized(String text, int maxQueryBytes) {
    if (text != null && text.length() > maxQueryBytes / 3) {
      tooLarge(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, maxQueryBytes);
    }
    return text;
  }

  private static void tooLarge(long bytes, int maxQueryBytes) {
    if (bytes > maxQueryBytes) {
      String m =
          "the query has "
              + bytes
              + " bytes; the limit is "
              + maxQueryBytes
              + " (LIBERTAS_SPARQL_MAX_QUERY_BYTES)";
      throw new org.libertas.errors.PayloadTooLargeException(
          m, java.util.List.of(org.libertas.errors.FieldError.field("query", "query-too-long", m)));
    }
  }

  /** The query of a POST: the body itself, or the {@code query} field of a form. */
  private static String posted(RoutingContext ctx, int maxQueryBytes) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      tooLarge(ctx.body().length(), maxQueryBytes);
    }
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

  private static void run(RoutingContext ctx, String text, TenantGraphs graphs, Limits limits) {
    long timeoutMillis = limits.timeoutMillis();
    WorkerExecutor pool = limits.pool();
    Auth.Caller caller = Auth.caller(ctx);
    if (text == null || text.isBlank()) {
      throw Api.invalid("query", "missing-query", "a SPARQL query is required (query=…)");
    }
    for (String p : new String[] {"default-graph-uri", "named-graph-uri"}) {
      if (Params.of(ctx).string(p) != null) { // from the query string or a posted form
        throw Api.invalid(
            p,
            "dataset-refused",
            p + " is not allowed: the dataset is fixed to the tenant's graphs");
      }
    }
    Runnable release = limits.admission().admit(caller.tenantId(), ctx.response());
    // Parsing a long query takes a while: off the event loop, like running it.
    pool.executeBlocking(() -> ReadQuery.parse(text), false)
        .compose(
            query -> {
              var offered = ReadQuery.mediaTypes(query);
              String type =
                  Api.negotiate(ctx, offered).orElseThrow(() -> Api.notAcceptable(offered));
              return graphs
                  .withOntology(caller.tenantId())
                  .compose(
                      g ->
                          pool.executeBlocking(
                              () ->
                                  ReadQuery.run(
                                      graphs.store(),
                                      query,
                                      g,
                                      timeoutMillis,
                                      limits.maxRows(),
                                      type),
                              false));
            })
        // Released when the worker is done with the query, a timed-out one too: its thread is free.
        .onComplete(x -> release.run())
        .recover(
            e ->
                Future.failedFuture(
                    cancelled(e)
                        ? new LibertasException(
                            503,
                            "query-timeout",
                            "the query ran longer than " + timeoutMillis + " ms and was stopped")
                        : e))
        .map(r -> r.contentType().startsWith("text/csv") ? formulaSafe(r) : r)
        .onSuccess(
            r ->
                ctx.response()
                    .putHeader("Content-Type", r.contentType())
                    .putHeader(TRUNCATED, Boolean.toString(r.truncated()))
                    .end(io.vertx.core.buffer.Buffer.buffer(r.body())))
        .onFailure(ctx::fail);
  }

  /**
   * CSV results are opened in spreadsheets: every cell goes through {@link SafeCsvWriter}, like the
   * risk report, so a supplier named {@code =HYPERLINK(…)} stays text. At most the row limit.
   */
  static ReadQuery.Result formulaSafe(ReadQuery.Result r) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (com.opencsv.CSVReader in =
            new com.opencsv.CSVReaderBuilder(
                    new java.io.StringReader(
                        new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)))
                .withCSVParser(new com.opencsv.RFC4180Parser())
                .build();
        SafeCsvWriter csv = new SafeCsvWriter(out)) {
      for (String[] row : in) {
        csv.row((Object[]) row);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new ReadQuery.Result(
        out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        r.contentType(),
        r.truncated());
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
