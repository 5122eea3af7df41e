package org.libertas.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes an RFC 9457 problem with the request id. Typed
 * exceptions keep their status and details; anything else is a 500 whose cause stays in the log.
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
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      code =
          switch (status) {
            case 413 -> "payload-too-large";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            default -> "bad-request";
          };
      detail =
          status == 413
              ? "the request body is larger than the configured limit"
              : "the request could not be handled";
      if (status == 413) {
        // Same shape as every upload error, so clients show it the same way.
        errors = new JsonArray().add(json(new FieldError(0, null, code, detail)));
      }
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
    res.setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.encode());
  }

  public static JsonObject json(FieldError fe) {
    return new JsonObject()
        .put("line", fe.line())
        .put("column", fe.column())
        .put("code", fe.code())
        .put("message", fe.message());
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 406 -> "Not acceptable";
      case 409 -> "Conflict";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable content";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      default -> "Internal server error";
    };
  }
}
