package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.libertas.errors.NotFoundException;
import org.libertas.store.Tenants;

/**
 * Builds the router from the contract: every operation in openapi.yaml gets exactly one handler,
 * and a handler without an operation (or the reverse) stops start-up, so routes and contract cannot
 * drift apart.
 */
public final class Api {
  private Api() {}

  public static Router router(
      Vertx vertx,
      Contract contract,
      Tenants tenants,
      long maxBodyBytes,
      String uploadsDir,
      Map<String, Handler<RoutingContext>> handlers) {
    var missing = new TreeSet<>(contract.operations().keySet());
    missing.removeAll(handlers.keySet());
    var extra = new TreeSet<>(handlers.keySet());
    extra.removeAll(contract.operations().keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException(
          "routes and openapi.yaml disagree: no handler for "
              + missing
              + "; not in the contract: "
              + extra);
    }
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);
    router.route().failureHandler(Problems::handle);
    BodyHandler body =
        BodyHandler.create(uploadsDir).setBodyLimit(maxBodyBytes).setDeleteUploadedFilesOnEnd(true);
    for (Contract.Operation op : contract.operations().values()) {
      var route = router.route(op.method(), op.routerPath());
      route.handler(body);
      if (!op.isPublic()) {
        route.handler(Auth.handler(tenants, op));
      }
      route.handler(
          ctx -> {
            ctx.put("operation", op);
            ctx.next();
          });
      route.handler(handlers.get(op.id()));
    }
    router
        .route()
        .last()
        .handler(
            ctx -> ctx.fail(new NotFoundException("no such resource: " + ctx.request().path())));
    return router;
  }

  /** Merges the handler maps of each feature. */
  @SafeVarargs
  public static Map<String, Handler<RoutingContext>> handlers(
      Map<String, Handler<RoutingContext>>... parts) {
    Map<String, Handler<RoutingContext>> all = new HashMap<>();
    for (var p : parts) {
      p.forEach(
          (k, v) -> {
            if (all.put(k, v) != null) {
              throw new IllegalStateException("two handlers for " + k);
            }
          });
    }
    return all;
  }

  static Contract.Operation operation(RoutingContext ctx) {
    return ctx.get("operation");
  }

  /** The JSON body, validated against the operation's schema. */
  static io.vertx.core.json.JsonObject jsonBody(RoutingContext ctx) {
    Object body;
    try {
      body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new org.libertas.errors.BadRequestException(
          "the body is not a JSON object",
          java.util.List.of(
              org.libertas.errors.FieldError.field(
                  "", "bad-json", "the body is not a JSON object")));
    }
    Contract.validate(operation(ctx), body);
    return (io.vertx.core.json.JsonObject) body;
  }

  /**
   * Answers with the future's value as JSON, or hands its failure to the failure handler. Handlers
   * map results inside the future so that a thrown exception can never leave a request hanging.
   */
  static void reply(RoutingContext ctx, int status, io.vertx.core.AsyncResult<?> ar) {
    if (ar.succeeded()) {
      json(ctx, status, ar.result());
    } else {
      ctx.fail(ar.cause());
    }
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(io.vertx.core.json.Json.encode(body));
  }

  /** The language asked for: ?lang= wins, then Accept-Language, else English. */
  static String lang(RoutingContext ctx) {
    String q = ctx.request().getParam("lang");
    if (q != null) {
      if (!org.libertas.ontology.Ontology.LANGUAGES.contains(q)) {
        throw new org.libertas.errors.BadRequestException("lang must be one of en, fr, es");
      }
      return q;
    }
    for (var l : ctx.acceptableLanguages()) {
      String tag = l.tag().toLowerCase();
      if (org.libertas.ontology.Ontology.LANGUAGES.contains(tag)) {
        return tag;
      }
    }
    return "en";
  }
}
