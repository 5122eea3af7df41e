package org.libertas.alerts;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.libertas.store.BandChange;
import org.libertas.store.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook alerts, one signed event per webhook of the tenant, retried with exponential back-off,
 * every attempt logged: {@code band-changed} after a rescoring that changed bands, and {@code
 * ontology.published} when a new ontology version (a publication, a rollback, a changed bundle at
 * start-up) rescored the tenant, with the tenant's impact — the ontology is platform-wide, so a
 * version published elsewhere changes this tenant's scores. Delivery is in memory: attempts still
 * pending when the process stops are not resumed.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  public static final String SIGNATURE_HEADER = "X-Libertas-Signature";

  private final Vertx vertx;
  private final Webhooks webhooks;
  private final WebClient client;
  private final int attempts;
  private final long backoffMs;
  private final long timeoutMs;

  public Alerts(Vertx vertx, Webhooks webhooks, int attempts, long backoffMs, long timeoutMs) {
    this.vertx = vertx;
    this.webhooks = webhooks;
    this.attempts = attempts;
    this.backoffMs = backoffMs;
    this.timeoutMs = timeoutMs;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent("Libertas-Webhooks")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
  }

  /**
   * Whether a webhook may point at the URL: http or https, and its host (or host:port) on the
   * allow-list. A listed host without a port allows any port.
   */
  public static boolean allowed(String url, List<String> allowedHosts) {
    URI u;
    try {
      u = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    if (u.getHost() == null || u.getRawUserInfo() != null) {
      return false;
    }
    String host = u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    for (String entry : allowedHosts) {
      String e = entry.toLowerCase(Locale.ROOT);
      int colon = e.lastIndexOf(':');
      boolean hasPort = colon > 0 && !e.endsWith("]") && e.indexOf(':') == colon;
      if (hasPort) {
        if (e.substring(0, colon).equals(host)
            && e.substring(colon + 1).equals(Integer.toString(port))) {
          return true;
        }
      } else if (e.equals(host)) {
        return true;
      }
    }
    return false;
  }

  /** {@code sha256=<hex HMAC-SHA256 of the body with the secret>}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** After a tenant was rescored: tells its webhooks whose band changed. Never blocks. */
  public void rescored(String tenantId, List<BandChange> changes, Duration took) {
    if (changes.isEmpty()) {
      return;
    }
    webhooks
        .list(tenantId)
        .onSuccess(
            hooks -> {
              if (hooks.isEmpty()) {
                return;
              }
              UUID eventId = UUID.randomUUID();
              Buffer body = event(eventId, tenantId, changes).toBuffer();
              for (Webhooks.Webhook w : hooks) {
                attempt(w, "band-changed", eventId, body, 1);
              }
            })
        .onFailure(e -> LOG.warn("no band-change alerts for tenant {}", tenantId, e));
  }

  /**
   * After a new ontology version rescored a tenant: tells its webhooks which version, why, and the
   * tenant's impact (every band change, none included). Never blocks.
   */
  public void ontologyPublished(
      int version, String cause, String tenantId, List<BandChange> changes) {
    webhooks
        .list(tenantId)
        .onSuccess(
            hooks -> {
              UUID eventId = UUID.randomUUID();
              Buffer body = publishedEvent(eventId, version, cause, tenantId, changes).toBuffer();
              for (Webhooks.Webhook w : hooks) {
                attempt(w, "ontology.published", eventId, body, 1);
              }
            })
        .onFailure(e -> LOG.warn("no ontology.published alerts for tenant {}", tenantId, e));
  }

  static JsonObject publishedEvent(
      UUID eventId, int version, String cause, String tenantId, List<BandChange> changes) {
    return new JsonObject()
        .put("id", eventId.toString())
        .put("type", "ontology.published")
        .put("tenantId", tenantId)
        .put("version", version)
        .put("cause", cause)
        .put("changes", changeItems(changes))
        .put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
  }

  static JsonObject event(UUID eventId, String tenantId, List<BandChange> changes) {
    return new JsonObject()
        .put("id", eventId.toString())
        .put("type", "band-changed")
        .put("tenantId", tenantId)
        .put("changes", changeItems(changes))
        .put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
  }

  private static JsonArray changeItems(List<BandChange> changes) {
    JsonArray items = new JsonArray();
    for (BandChange c : changes) {
      items.add(
          new JsonObject()
              .put("supplierId", c.supplierId())
              .put("bandBefore", c.bandBefore())
              .put("bandAfter", c.bandAfter())
              .put("scoreBefore", c.scoreBefore())
              .put("scoreAfter", c.scoreAfter()));
    }
    return items;
  }

  private void attempt(Webhooks.Webhook w, String type, UUID eventId, Buffer body, int attempt) {
    client
        .postAbs(w.url())
        .timeout(timeoutMs)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Libertas-Event", type)
        .putHeader("X-Libertas-Event-Id", eventId.toString())
        .putHeader(SIGNATURE_HEADER, signature(w.secret(), body.getBytes()))
        .sendBuffer(body)
        .onComplete(
            ar -> {
              Integer status = ar.succeeded() ? ar.result().statusCode() : null;
              boolean ok = status != null && status >= 200 && status < 300;
              String error =
                  ok
                      ? null
                      : status != null ? "HTTP " + status : String.valueOf(ar.cause().getMessage());
              webhooks
                  .logDelivery(w.id(), eventId, attempt, status, error)
                  .onFailure(e -> LOG.warn("webhook delivery not logged", e))
                  .onComplete(
                      x -> {
                        if (ok) {
                          return;
                        }
                        if (attempt >= attempts) {
                          LOG.warn(
                              "webhook {} gave up on event {} after {} attempts: {}",
                              w.id(),
                              eventId,
                              attempt,
                              error);
                          return;
                        }
                        long delay = backoffMs << (2 * (attempt - 1));
                        vertx.setTimer(delay, t -> attempt(w, type, eventId, body, attempt + 1));
                      });
            });
  }

  public void close() {
    client.close();
  }
}
