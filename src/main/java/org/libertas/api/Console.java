package org.libertas.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: static files only (plain ES modules, CSS, the i18n JSON files and Cytoscape.js
 * from its WebJar), mounted outside the contract's {@code /v1} routes. The console calls the public
 * API with the signed-in key like any other client, so it has no server logic of its own. Its pages
 * carry a strict Content-Security-Policy: scripts and styles from this origin only, no inline
 * script, no framing.
 */
public final class Console {
  /** The policy of every console response. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private Console() {}

  /** Mounts {@code /}, {@code /console/*} and {@code /webjars/*} on the router. */
  public static void mount(Router router) {
    router
        .route("/")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(Console::headers)
        .handler(Console::index);
    router
        .route(HttpMethod.GET, "/console/*")
        .handler(Console::headers)
        .handler(
            StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    router
        .route(HttpMethod.GET, "/webjars/*")
        .handler(Console::headers)
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86400));
  }

  private static void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    ctx.next();
  }

  private static void index(RoutingContext ctx) {
    ctx.response()
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Type", "text/html; charset=utf-8");
    ctx.response().sendFile("webroot/index.html").onFailure(ctx::fail);
  }
}
