package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.PayloadTooLargeException;

/**
 * How large a request body may be and how long it may take to arrive, per operation: uploads (CSV,
 * as the body or a multipart file) at the upload limit, ontology drafts at the ontology limit,
 * SPARQL queries at three times the query limit (a form field is URL-encoded), every other body at
 * the small JSON limit. The body is read only after authentication and the rate limit (see {@link
 * Api}), so nothing here runs for a caller without a key.
 *
 * @param timeoutMs the time every body has, whatever its size
 * @param minBytesPerSecond the slowest honest rate: a body has {@code timeoutMs} plus its length
 *     (declared, else the route's limit) at this rate, then 408
 */
public record Bodies(
    long jsonBytes,
    long uploadBytes,
    long ontologyBytes,
    long sparqlBytes,
    long timeoutMs,
    long minBytesPerSecond) {
  private static final String LIMIT = "bodyLimit";
  private static final Set<String> UPLOAD_TYPES =
      Set.of(
          "multipart/form-data",
          "text/csv",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  private static final Set<String> ONTOLOGY_TYPES =
      Set.of("text/turtle", "application/trig", "application/sparql-update");

  /** The same limit for every operation, and no time limit to speak of (a router in a test). */
  public static Bodies uniform(long bytes) {
    return new Bodies(bytes, bytes, bytes, bytes, 3_600_000, 1024);
  }

  /** The largest body the operation takes, by the media types its contract accepts. */
  public long limit(Contract.Operation op) {
    java.util.List<String> types = op.bodyTypes();
    if (types.stream().anyMatch(UPLOAD_TYPES::contains)) {
      return uploadBytes;
    }
    if (types.stream().anyMatch(ONTOLOGY_TYPES::contains)) {
      return ontologyBytes;
    }
    if (types.contains("application/sparql-query")) {
      return sparqlBytes;
    }
    return jsonBytes;
  }

  /** The limit the operation of this request has (for the 413 problem), 0 when none was set. */
  static long limitOf(RoutingContext ctx) {
    Long limit = ctx.get(LIMIT);
    return limit == null ? 0 : limit;
  }

  /**
   * Refuses a declared Content-Length over the limit before a byte of the body is read: the answer
   * closes the connection (see {@link Problems}) instead of draining the body.
   */
  Handler<RoutingContext> declaredLength(Contract.Operation op) {
    long limit = limit(op);
    return ctx -> {
      ctx.put(LIMIT, limit);
      long declared = declared(ctx);
      if (declared > limit) {
        ctx.fail(tooLarge(limit, declared));
        return;
      }
      ctx.next();
    };
  }

  static PayloadTooLargeException tooLarge(long limit, long declared) {
    String m =
        (declared > 0 ? "the body has " + declared + " bytes; " : "the body is too large; ")
            + "this operation takes at most "
            + limit
            + " bytes";
    return new PayloadTooLargeException(
        m, List.of(new FieldError(0, null, "payload-too-large", m)));
  }

  /** Content-Length as a number; -1 when absent or not a number (Netty refuses a bad one). */
  static long declared(RoutingContext ctx) {
    String cl = ctx.request().getHeader("Content-Length");
    if (cl == null) {
      return -1;
    }
    try {
      return Long.parseLong(cl.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Starts the clock on the body: if it has not fully arrived when its time is up, the request gets
   * 408 and its connection is closed. Cancelled when the response ends.
   */
  Handler<RoutingContext> deadline(Contract.Operation op) {
    long limit = limit(op);
    return ctx -> {
      long declared = declared(ctx);
      long bytes = declared >= 0 ? declared : limit;
      long ms = timeoutMs + Math.min(bytes, limit) * 1000 / minBytesPerSecond;
      if (!ctx.request().isEnded()) {
        long timer =
            ctx.vertx()
                .setTimer(
                    ms,
                    t -> {
                      if (!ctx.request().isEnded() && !ctx.response().ended()) {
                        ctx.fail(
                            new LibertasException(
                                408,
                                "request-timeout",
                                "the body did not arrive within "
                                    + ms
                                    + " ms (LIBERTAS_HTTP_BODY_TIMEOUT_MS plus its length at"
                                    + " LIBERTAS_HTTP_BODY_MIN_BYTES_PER_SECOND)"));
                      }
                    });
        ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
      }
      ctx.next();
    };
  }

  /**
   * Reads the body (resuming the request the authentication paused) up to the limit. Vert.x Web
   * insists that a BodyHandler come before every user handler of its route; here it comes after
   * authentication on purpose, so it is handed to the route wrapped.
   */
  Handler<RoutingContext> reader(Contract.Operation op, String uploadsDir) {
    BodyHandler body =
        BodyHandler.create(uploadsDir).setBodyLimit(limit(op)).setDeleteUploadedFilesOnEnd(true);
    return body::handle;
  }
}
