package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.libertas.alerts.Alerts;
import org.libertas.errors.FieldError;
import org.libertas.errors.NotFoundException;
import org.libertas.errors.ValidationException;
import org.libertas.store.AuditLog;
import org.libertas.store.Webhooks;

/**
 * Webhooks for band-change alerts: register (only towards allowed hosts; the signing secret is
 * shown once), list, delete, and read the delivery log.
 */
public final class WebhookRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Webhooks webhooks, AuditLog audit, List<String> allowedHosts) {
    return Map.of(
        "createWebhook", ctx -> create(ctx, webhooks, audit, allowedHosts),
        "listWebhooks", ctx -> list(ctx, webhooks),
        "deleteWebhook", ctx -> delete(ctx, webhooks, audit),
        "listWebhookDeliveries", ctx -> deliveries(ctx, webhooks));
  }

  private static void create(
      RoutingContext ctx, Webhooks webhooks, AuditLog audit, List<String> allowedHosts) {
    Auth.Caller caller = Auth.caller(ctx);
    JsonObject body = Api.jsonBody(ctx);
    String url = body.getString("url").trim();
    String port = badPort(url);
    if (port != null) {
      // An allowed host with port 0 or 99999 would be stored and then fail every delivery.
      String msg = "url has port " + port + "; a port is 1 to 65535";
      throw new ValidationException(msg, List.of(FieldError.field("/url", "bad-port", msg)));
    }
    if (!Alerts.allowed(url, allowedHosts)) {
      String msg =
          allowedHosts.isEmpty()
              ? "no webhook host is allowed on this service (LIBERTAS_WEBHOOK_ALLOWED_HOSTS)"
              : "url must be http(s) to one of the allowed hosts: "
                  + String.join(", ", allowedHosts);
      throw new ValidationException(
          msg, List.of(FieldError.field("/url", "host-not-allowed", msg)));
    }
    String secret = body.getString("secret");
    if (secret == null) {
      byte[] b = new byte[32];
      RANDOM.nextBytes(b);
      secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
    String requestId = RequestLog.requestId(ctx);
    String s = secret;
    webhooks
        .create(caller.tenantId(), url, s, caller.keyId())
        .compose(
            w ->
                audit
                    .append(
                        caller.tenantId(),
                        caller.keyId(),
                        "webhook.create",
                        w.id().toString(),
                        requestId,
                        new JsonObject().put("url", w.url()))
                    .map(w))
        .onSuccess(
            w -> {
              ctx.response().putHeader("Location", "/v1/webhooks/" + w.id() + "/deliveries");
              Api.json(ctx, 201, json(w).put("secret", s));
            })
        .onFailure(ctx::fail);
  }

  private static void list(RoutingContext ctx, Webhooks webhooks) {
    Auth.Caller caller = Auth.caller(ctx);
    webhooks
        .list(caller.tenantId())
        .map(
            ws -> {
              JsonArray items = new JsonArray();
              ws.forEach(w -> items.add(json(w)));
              return new JsonObject().put("items", items).putNull("nextCursor");
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void delete(RoutingContext ctx, Webhooks webhooks, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    UUID id = id(ctx);
    String requestId = RequestLog.requestId(ctx);
    webhooks
        .delete(caller.tenantId(), id)
        .compose(
            found -> {
              if (!found) {
                throw notFound(id.toString());
              }
              return audit.append(
                  caller.tenantId(),
                  caller.keyId(),
                  "webhook.delete",
                  id.toString(),
                  requestId,
                  new JsonObject());
            })
        .onSuccess(x -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static void deliveries(RoutingContext ctx, Webhooks webhooks) {
    Auth.Caller caller = Auth.caller(ctx);
    UUID id = id(ctx);
    int limit = Params.of(ctx).integer("limit");
    webhooks
        .get(caller.tenantId(), id)
        .compose(
            w -> {
              if (w.isEmpty()) {
                throw notFound(id.toString());
              }
              return webhooks.deliveries(id, limit);
            })
        .map(
            ds -> {
              JsonArray items = new JsonArray();
              for (Webhooks.Delivery d : ds) {
                items.add(
                    new JsonObject()
                        .put("id", d.id())
                        .put("webhookId", d.webhookId().toString())
                        .put("eventId", d.eventId().toString())
                        .put("attempt", d.attempt())
                        .put("statusCode", d.statusCode())
                        .put("error", d.error())
                        .put("at", d.at().toString()));
              }
              return new JsonObject().put("items", items).putNull("nextCursor");
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /** The port of the URL as written when it is out of range (0, 99999, -1), else null. */
  static String badPort(String url) {
    java.net.URI u;
    try {
      u = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      return null; // refused as not allowed
    }
    String authority = u.getRawAuthority();
    if (authority == null) {
      return null;
    }
    // java.net.URI gives no port (-1) for "host:-1" or "host:99999999999": read it from the text.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(":(-?[0-9]+)$").matcher(authority.replaceAll("^.*@", ""));
    if (!m.find() || authority.endsWith("]")) {
      return null;
    }
    String digits = m.group(1);
    boolean inRange =
        digits.matches("0*[1-9][0-9]{0,4}")
            && Integer.parseInt(digits.replaceFirst("^0+", "")) <= 65535;
    return inRange ? null : digits;
  }

  private static UUID id(RoutingContext ctx) {
    String v = ctx.pathParam("webhookId");
    try {
      return UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw notFound(v);
    }
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("no webhook '" + id + "'");
  }

  /** A webhook as listed: never its secret. */
  static JsonObject json(Webhooks.Webhook w) {
    return new JsonObject()
        .put("id", w.id().toString())
        .put("url", w.url())
        .put("createdAt", w.createdAt().toString());
  }
}
