package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
    return router(
        vertx,
        contract,
        tenants,
        Bodies.uniform(maxBodyBytes),
        uploadsDir,
        handlers,
        Guards.none());
  }

  /**
   * What wraps every operation besides authentication.
   *
   * @param metrics request counts and latency; null = not measured
   * @param rateLimit per-key request budget; null = unlimited
   * @param corsOrigins origins allowed to call from a browser; empty = no CORS headers
   * @param anonymous the cap on connections without a valid key; null = no cap
   */
  public record Guards(
      Metrics metrics,
      RateLimit rateLimit,
      java.util.List<String> corsOrigins,
      AnonymousGate anonymous) {
    public static Guards none() {
      return new Guards(null, null, java.util.List.of(), null);
    }
  }

  public static Router router(
      Vertx vertx,
      Contract contract,
      Tenants tenants,
      Bodies bodies,
      String uploadsDir,
      Map<String, Handler<RoutingContext>> handlers,
      Guards guards) {
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
    if (guards.metrics() != null) {
      router.route().handler(guards.metrics()::timeRequest);
    }
    router.route().failureHandler(Problems::handle);
    router.route().handler(RequestLine::check);
    if (!guards.corsOrigins().isEmpty()) {
      router
          .route()
          .handler(
              io.vertx.ext.web.handler.CorsHandler.create()
                  .addOrigins(guards.corsOrigins())
                  .allowedHeaders(
                      java.util.Set.of(
                          "Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
                  .exposedHeaders(java.util.Set.of("Location", "X-Request-Id", "Retry-After"))
                  .allowedMethods(
                      java.util.Set.of(
                          io.vertx.core.http.HttpMethod.GET,
                          io.vertx.core.http.HttpMethod.POST,
                          io.vertx.core.http.HttpMethod.PUT,
                          io.vertx.core.http.HttpMethod.PATCH,
                          io.vertx.core.http.HttpMethod.DELETE)));
    }
    // Who is calling, and whether they may, is settled before a byte of the body is read: an
    // anonymous or rate-limited request is refused at once and its connection closed, and only a
    // caller with a key can make the server hold a body (each operation at its own limit).
    // Routes with fewer path parameters first, so that a literal segment wins over a parameter
    // (GET /v1/uploads/mappings is not the upload "mappings").
    java.util.List<Contract.Operation> ordered =
        new java.util.ArrayList<>(contract.operations().values());
    ordered.sort(
        java.util.Comparator.comparingLong(
                (Contract.Operation o) -> o.routerPath().chars().filter(c -> c == ':').count())
            .thenComparing(Contract.Operation::routerPath));
    for (Contract.Operation op : ordered) {
      var route = router.route(op.method(), op.routerPath());
      route.handler(
          ctx -> {
            ctx.put("operation", op);
            ctx.next();
          });
      if (!op.isPublic() && guards.anonymous() != null) {
        route.handler(guards.anonymous()::handle);
      }
      if (!op.isPublic()) {
        route.handler(Auth.handler(tenants, op, guards.anonymous()));
        if (guards.rateLimit() != null) {
          route.handler(guards.rateLimit()::handle);
        }
      }
      // After the key: an anonymous request is refused as such whatever it declares, and a
      // caller's over-size body is refused at once, from its declared length.
      route.handler(bodies.declaredLength(op));
      route.handler(bodies.deadline(op));
      route.handler(bodies.reader(op, uploadsDir));
      route.handler(Params::validate);
      route.handler(handlers.get(op.id()));
    }
    Console.mount(router);
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

  /**
   * Request bodies are read strictly: a key given twice in one object ({@code {"role":"viewer",
   * "role":"admin"}}) is refused rather than the last one winning, since a proxy or a log that
   * reads the first would see another request than the one served.
   */
  private static final com.fasterxml.jackson.core.JsonFactory STRICT =
      com.fasterxml.jackson.core.JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** The JSON body, validated against the operation's schema. */
  static io.vertx.core.json.JsonObject jsonBody(RoutingContext ctx) {
    Object body;
    if (ctx.body().length() == 0) {
      body = null;
    } else {
      duplicateKey(ctx.body().buffer().getBytes());
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        throw invalid("", "bad-json", "the body is not a JSON object");
      }
    }
    String bad = RequestLine.badString(body, "");
    if (bad != null) {
      String message = "a string holds a NUL character or a lone surrogate, which cannot be stored";
      throw new org.libertas.errors.BadRequestException(
          message,
          java.util.List.of(org.libertas.errors.FieldError.field(bad, "bad-string", message)));
    }
    Contract.validate(operation(ctx), body);
    return (io.vertx.core.json.JsonObject) body;
  }

  /**
   * The JSON body, validated, as a record. A value the schema admits but the record cannot hold (a
   * number beyond its field's range: the schema should bound it) is still the client's: a 400
   * naming the field, never a 500.
   */
  static <T> T jsonBody(RoutingContext ctx, Class<T> type) {
    io.vertx.core.json.JsonObject body = jsonBody(ctx);
    try {
      return body.mapTo(type);
    } catch (IllegalArgumentException e) {
      String pointer = "";
      if (e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (var ref : m.getPath()) {
          b.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        pointer = b.toString();
      }
      throw invalid(pointer, "out-of-range", "the value at '" + pointer + "' cannot be held");
    }
  }

  /**
   * Reads the body's tokens once with duplicate detection: a 400 naming the JSON pointer of the
   * repeated key. Syntax errors are left to the decoder, which words them as bad-json.
   */
  static void duplicateKey(byte[] json) {
    try (var parser = STRICT.createParser(json)) {
      try {
        while (parser.nextToken() != null) {
          // reading is the check
        }
      } catch (com.fasterxml.jackson.core.JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field")) {
          String pointer =
              parser.getParsingContext().pathAsPointer().toString(); // ends at the repeated key
          throw invalid(
              pointer, "duplicate-key", message.replace("Duplicate field", "duplicate key"));
        }
      }
    } catch (java.io.IOException e) {
      // not JSON at all: the decoder says so
    }
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

  /** A 400 naming the parameter or field at fault. */
  static org.libertas.errors.BadRequestException invalid(
      String field, String code, String message) {
    return new org.libertas.errors.BadRequestException(
        message, java.util.List.of(org.libertas.errors.FieldError.field(field, code, message)));
  }

  /**
   * The media type to answer with: the client's most preferred of {@code offered} (the first
   * offered when Accept is absent or accepts anything); empty when none is acceptable.
   */
  static java.util.Optional<String> negotiate(RoutingContext ctx, java.util.List<String> offered) {
    var accepted = ctx.parsedHeaders().accept();
    if (accepted.isEmpty()) {
      return java.util.Optional.of(offered.get(0));
    }
    for (var a : accepted) {
      String type = a.component();
      String sub = a.subComponent();
      for (String o : offered) {
        String[] parts = o.split("/", 2);
        boolean typeOk = "*".equals(type) || parts[0].equalsIgnoreCase(type);
        boolean subOk = "*".equals(sub) || parts[1].equalsIgnoreCase(sub);
        if (typeOk && subOk) {
          return java.util.Optional.of(o);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** 406 for a client that accepts none of what an operation produces. */
  static org.libertas.errors.LibertasException notAcceptable(java.util.List<String> offered) {
    return new org.libertas.errors.LibertasException(
        406, "not-acceptable", "this resource is available as " + String.join(", ", offered));
  }
}
