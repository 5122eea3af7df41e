package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.query.ParameterizedSparqlString;
import org.apache.jena.query.Query;
import org.libertas.errors.NotFoundException;
import org.libertas.graph.Sparql;
import org.libertas.store.Scores;

/**
 * A supplier's upstream graph: its suppliers, their suppliers and so on up to a depth, with the
 * stored score of each. Links come from the tenant's current graphs; scores from PostgreSQL.
 */
public final class UpstreamRoutes {
  private static final String QUERY = Sparql.text("upstream-links.rq");

  private UpstreamRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(Scores scores, TenantGraphs graphs) {
    return Map.of("getSupplierUpstream", ctx -> upstream(ctx, scores, graphs));
  }

  /** A buyer → supplier link. */
  record Link(String buyer, String supplier) {}

  private static void upstream(RoutingContext ctx, Scores scores, TenantGraphs graphs) {
    Auth.Caller caller = Auth.caller(ctx);
    String tenant = caller.tenantId();
    String id = ctx.pathParam("supplierId");
    int depth = Params.of(ctx).integer("depth");
    ParameterizedSparqlString pss = new ParameterizedSparqlString(QUERY);
    pss.setLiteral("rootId", id);
    Query query = pss.asQuery();
    scores
        .find(tenant, id)
        .map(found -> found.orElseThrow(() -> new NotFoundException("no supplier '" + id + "'")))
        .compose(root -> graphs.data(tenant))
        .compose(
            g ->
                graphs.blocking(
                    () ->
                        graphs
                            .store()
                            .select(
                                query,
                                g,
                                rs -> {
                                  List<Link> links = new ArrayList<>();
                                  rs.forEachRemaining(
                                      b ->
                                          links.add(
                                              new Link(
                                                  b.getLiteral("buyer").getLexicalForm(),
                                                  b.getLiteral("supplier").getLexicalForm())));
                                  return links;
                                })))
        .compose(
            links -> {
              Walk walk = walk(id, links, depth);
              return scores
                  .findMany(tenant, walk.depths().keySet())
                  .map(found -> json(id, walk, found));
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /** The nodes reached (with their distance from the root) and the links walked. */
  record Walk(Map<String, Integer> depths, List<Link> edges) {}

  /** Breadth first from the root over buyer → supplier links; each node is expanded once. */
  static Walk walk(String root, List<Link> links, int maxDepth) {
    Map<String, List<String>> suppliersOf = new LinkedHashMap<>();
    for (Link l : links) {
      suppliersOf.computeIfAbsent(l.buyer(), k -> new ArrayList<>()).add(l.supplier());
    }
    Map<String, Integer> depths = new LinkedHashMap<>();
    List<Link> edges = new ArrayList<>();
    depths.put(root, 0);
    List<String> frontier = List.of(root);
    for (int d = 1; d <= maxDepth && !frontier.isEmpty(); d++) {
      List<String> next = new ArrayList<>();
      for (String buyer : frontier) {
        for (String s : suppliersOf.getOrDefault(buyer, List.of())) {
          edges.add(new Link(buyer, s));
          if (!depths.containsKey(s)) {
            depths.put(s, d);
            next.add(s);
          }
        }
      }
      frontier = next;
    }
    return new Walk(depths, edges);
  }

  private static JsonObject json(String root, Walk walk, Map<String, Scores.Stored> found) {
    JsonArray nodes = new JsonArray();
    walk.depths()
        .forEach(
            (sid, d) -> {
              Scores.Stored s = found.get(sid);
              nodes.add(
                  new JsonObject()
                      .put("supplierId", sid)
                      .put("name", s == null ? null : s.name())
                      .put("score", s == null ? null : s.score())
                      .put("band", s == null ? null : s.band())
                      .put("tier", s == null ? null : s.tier())
                      .put("depth", d));
            });
    JsonArray edges = new JsonArray();
    walk.edges()
        .forEach(
            e -> edges.add(new JsonObject().put("buyer", e.buyer()).put("supplier", e.supplier())));
    return new JsonObject().put("supplierId", root).put("nodes", nodes).put("edges", edges);
  }
}
