package org.libertas.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes an RFC 9457 problem with the request id. Typed
 * exceptions keep their status and details; a 4xx/5xx status Vert.x Web already chose is kept (a
 * refused CORS origin is a 403, not our bug); a store that cannot be reached is a 503 with
 * Retry-After; anything else is a 500 whose cause stays in the log.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String TYPE_BASE = "https://w3id.org/libertas/problems/";

  private Problems() {}

  /**
   * Netty's form decoder fails the request with a bare IOException when a field passes the server's
   * maxFormAttributeSize; it is the client's doing, not ours.
   */
  private static boolean formFieldTooLarge(Throwable failure) {
    return failure instanceof java.io.IOException
        && "Size exceed allowed maximum capacity".equals(failure.getMessage());
  }

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    String requestId = RequestLog.requestId(ctx);
    int status;
    String code;
    String detail;
    JsonArray errors = null;
    String retryAfter = null;
    if (failure instanceof LibertasException e) {
      status = e.status();
      code = e.code();
      detail = e.getMessage();
      if (!e.errors().isEmpty()) {
        errors = new JsonArray();
        for (FieldError fe : e.errors()) {
          errors.add(json(fe));
        }
      }
      LOG.info(
          "{} {} -> {} {} [{}]",
          ctx.request().method(),
          ctx.request().path(),
          status,
          code,
          requestId);
    } else if (formFieldTooLarge(failure)) {
      status = 413;
      code = "payload-too-large";
      detail = "a form field is larger than the configured limit";
      errors = new JsonArray().add(json(new FieldError(0, null, code, detail)));
      LOG.info(
          "{} {} -> {} {} [{}]",
          ctx.request().method(),
          ctx.request().path(),
          status,
          code,
          requestId);
    } else if (storeUnavailable(failure)) {
      status = 503;
      code = "store-unavailable";
      detail = "a store (PostgreSQL or the graph store) cannot be reached; retry later";
      retryAfter = RETRY_AFTER_SECONDS;
      LOG.error(
          "{} {} -> 503 store unavailable: {} [{}]",
          ctx.request().method(),
          ctx.request().path(),
          String.valueOf(failure),
          requestId);
    } else if (vertxStatus(ctx) > 0) {
      // Vert.x Web already chose the status (a CORS refusal, a body over the limit, a method the
      // route does not take): keep it, with a problem body instead of its empty answer.
      status = vertxStatus(ctx);
      code = code(status);
      detail = detail(status);
      if (status == 413) {
        long limit = Bodies.limitOf(ctx);
        if (limit > 0) {
          detail = Bodies.tooLarge(limit, Bodies.declared(ctx)).getMessage();
        }
        // Same shape as every upload error, so clients show it the same way.
        errors = new JsonArray().add(json(new FieldError(0, null, code, detail)));
      }
      if (status < 500) {
        LOG.info(
            "{} {} -> {} {} [{}]",
            ctx.request().method(),
            ctx.request().path(),
            status,
            code,
            requestId);
      } else {
        LOG.error(
            "{} {} failed with {} [{}]",
            ctx.request().method(),
            ctx.request().path(),
            status,
            requestId,
            failure);
      }
    } else {
      status = 500;
      code = "internal-error";
      detail = "an internal error occurred; quote the request id when reporting it";
      LOG.error(
          "{} {} failed [{}]", ctx.request().method(), ctx.request().path(), requestId, failure);
    }
    HttpServerResponse res = ctx.response();
    if (res.headWritten()) {
      res.reset();
      return;
    }
    JsonObject problem =
        new JsonObject()
            .put("type", TYPE_BASE + code)
            .put("title", title(status))
            .put("status", status)
            .put("detail", detail)
            .put("instance", ctx.request().path())
            .put("requestId", requestId);
    if (errors != null) {
      problem.put("errors", errors);
    }
    if (failure instanceof org.libertas.errors.ChoiceException c) {
      problem.put("candidates", new JsonArray(new java.util.ArrayList<Object>(c.candidates())));
    }
    if (retryAfter != null) {
      res.putHeader("Retry-After", retryAfter);
    }
    res.setStatusCode(status).putHeader("Content-Type", "application/problem+json");
    HttpServerRequest request = ctx.request();
    if (Boolean.TRUE.equals(ctx.get(CLOSE)) || bodyUnread(request)) {
      // Draining a body nobody will read costs the server what the client chooses to send: the
      // refusal goes out at once and the connection is closed behind it. A caller with a valid key
      // (refused for size, say) has the rest of a bounded body read and dropped first — never
      // held — so that its client, still sending, reads the answer instead of a reset.
      res.putHeader("Connection", "close");
      boolean drain =
          !Boolean.TRUE.equals(ctx.get(CLOSE))
              && status != 408
              && Auth.callerOrNull(ctx) != null
              && Bodies.declared(ctx) <= DRAIN_BYTES;
      if (!drain) {
        res.end(problem.encode()).onComplete(v -> request.connection().close());
        return;
      }
      long timer = ctx.vertx().setTimer(DRAIN_MS, t -> request.connection().close());
      long[] drained = {0};
      request.handler(
          b -> {
            drained[0] += b.length();
            if (drained[0] > DRAIN_BYTES) {
              request.connection().close();
            }
          });
      request.endHandler(
          v -> {
            ctx.vertx().cancelTimer(timer);
            request.connection().close();
          });
      request.exceptionHandler(e -> ctx.vertx().cancelTimer(timer));
      res.end(problem.encode());
      request.resume();
      return;
    }
    res.end(problem.encode());
    if (!request.isEnded()) {
      // Paused before the body handler (see Auth) with no body to come: let its end through so the
      // connection can carry the next request.
      request.resume();
    }
  }

  private static final String CLOSE = "closeConnection";

  /**
   * The most of an unwanted body read and dropped for a caller with a key before its connection is
   * closed (an anonymous caller's is never read), and the time it has to send it.
   */
  static final long DRAIN_BYTES = 64L * 1024 * 1024;

  static final long DRAIN_MS = 30_000;

  /** Asks that the refusal of this request close its connection (see {@link #handle}). */
  static void closeAfter(RoutingContext ctx) {
    ctx.put(CLOSE, true);
  }

  /** A body was announced (a length above 0, or chunks) and has not been read to its end. */
  private static boolean bodyUnread(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null
        || length != null && !length.trim().equals("0");
  }

  /** How long a client should wait after a 503 for an unreachable store. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * Whether the failure is a store that cannot be reached (PostgreSQL stopped, restarting, or its
   * connection dropped; a remote graph store refusing connections): the request was fine and may
   * succeed later, so a 503 with Retry-After, not a 500. The pool opens a new connection on the
   * next acquire, so nothing else is needed to recover.
   */
  static boolean storeUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof java.net.ConnectException
          || t instanceof java.net.NoRouteToHostException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08: connection exceptions; 57P01-03: shutting down, crashed, starting up; 53300: full.
        if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
          return true;
        }
      }
      String m = t.getMessage();
      if ((t instanceof io.vertx.core.VertxException || t instanceof java.io.IOException)
          && m != null
          && (m.equalsIgnoreCase("connection closed")
              || m.startsWith("Connection reset")
              || m.contains("Connection reset by peer")
              || m.contains("Connection refused"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The 4xx or 5xx status Vert.x set on a failure that is not ours ({@code ctx.fail(403, …)}, an
   * {@link HttpException}); 0 when it set none, or only the generic 500 of an uncaught exception.
   */
  private static int vertxStatus(RoutingContext ctx) {
    int status = ctx.failure() instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
    if (status < 400 || status > 599) {
      return 0;
    }
    // An uncaught exception arrives as 500 too: that one is a bug, and stays internal-error.
    return status == 500 && ctx.failure() != null && !(ctx.failure() instanceof HttpException)
        ? 0
        : status;
  }

  /**
   * The answer to a request Netty could not even decode (an over-long request line or header
   * block), which never reaches the router: the same problem+json as every other refusal, then the
   * connection is closed because the rest of the stream cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      status = 414;
    } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      status = 431;
    }
    String code = code(status);
    LOG.info("invalid request -> {} {}", status, code);
    JsonObject problem =
        new JsonObject()
            .put("type", TYPE_BASE + code)
            .put("title", title(status))
            .put("status", status)
            .put("detail", detail(status));
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Connection", "close")
        .end(problem.encode())
        .onComplete(v -> request.connection().close());
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 408 -> "request-timeout";
      case 413 -> "payload-too-large";
      case 414 -> "uri-too-long";
      case 415 -> "unsupported-media-type";
      case 431 -> "request-header-fields-too-large";
      case 503 -> "service-unavailable";
      default -> status < 500 ? "bad-request" : "internal-error";
    };
  }

  private static String detail(int status) {
    return switch (status) {
      case 403 -> "the request was refused (for a browser: its origin is not allowed)";
      case 405 -> "this resource does not take that method";
      case 413 -> "the request body is larger than the configured limit";
      case 414 -> "the request line (method, path and query) is longer than the server accepts";
      case 431 -> "the request headers are larger than the server accepts";
      default ->
          status < 500
              ? "the request could not be handled"
              : "an internal error occurred; quote the request id when reporting it";
    };
  }

  public static JsonObject json(FieldError fe) {
    JsonObject out =
        new JsonObject()
            .put("line", fe.line())
            .put("column", fe.column())
            .put("code", fe.code())
            .put("message", fe.message());
    return fe.sheet() == null ? out : out.put("sheet", fe.sheet());
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 406 -> "Not acceptable";
      case 408 -> "Request timeout";
      case 409 -> "Conflict";
      case 413 -> "Payload too large";
      case 414 -> "URI too long";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable content";
      case 429 -> "Too many requests";
      case 431 -> "Request header fields too large";
      case 503 -> "Service unavailable";
      default -> status < 500 ? "Bad request" : "Internal server error";
    };
  }
}
