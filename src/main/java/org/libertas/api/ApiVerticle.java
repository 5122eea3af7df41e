package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * The HTTP API on one event loop: its own router and server over the shared services. Deployed once
 * per event loop; the instances listen on the same port and Vert.x hands each new connection to the
 * next one, so every core serves requests. What the instances share (stores, caches, handlers) is
 * built once by the caller and reaches each instance through {@code routes}.
 */
public final class ApiVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final Function<Vertx, Router> routes;
  private final AnonymousGate anonymous;
  private volatile HttpServer server;

  /**
   * @param options the server's host, port and limits (the same for every instance)
   * @param routes builds this instance's router on its own Vert.x context
   * @param anonymous counts this server's connections until they carry a valid key; null = no cap
   */
  public ApiVerticle(
      HttpServerOptions options, Function<Vertx, Router> routes, AnonymousGate anonymous) {
    this.options = new HttpServerOptions(options);
    this.routes = routes;
    this.anonymous = anonymous;
  }

  @Override
  public Future<?> start() {
    HttpServer created = vertx.createHttpServer(options);
    if (anonymous != null) {
      created.connectionHandler(anonymous::connected);
    }
    return created
        .requestHandler(routes.apply(vertx))
        // An over-long request line or header block never reaches the router.
        .invalidRequestHandler(Problems::invalidRequest)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port this instance listens on (the one the OS chose when asked for port 0). */
  public int actualPort() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("the API verticle has not started");
    }
    return s.actualPort();
  }
}
