package org.libertas.api;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.libertas.errors.LibertasException;

/**
 * A cap on the connections that have not yet carried an authenticated request, shared by every API
 * verticle of the process. Beyond it a request without a key is answered 503 and its connection
 * closed, so anonymous connections (stalled, or opened in bulk) cannot hold the server; a request
 * with a key is still authenticated (a valid one makes its connection count as known), and public
 * operations ({@code /healthz}, {@code /readyz}) always answer.
 */
public final class AnonymousGate {
  private final int max;
  private final Set<HttpConnection> anonymous = ConcurrentHashMap.newKeySet();

  public AnonymousGate(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  /** Every new connection starts anonymous. */
  public void connected(HttpConnection connection) {
    anonymous.add(connection);
    connection.closeHandler(v -> anonymous.remove(connection));
  }

  /** A valid key came over this connection. */
  void known(HttpConnection connection) {
    anonymous.remove(connection);
  }

  /** Anonymous connections open now (for tests and metrics). */
  public int anonymous() {
    return anonymous.size();
  }

  /** The route handler: 503 for a request without a key on an anonymous connection over the cap. */
  void handle(RoutingContext ctx) {
    HttpConnection c = ctx.request().connection();
    if (anonymous.size() > max
        && anonymous.contains(c)
        && ctx.request().getHeader("Authorization") == null) {
      ctx.response().putHeader("Retry-After", "10");
      Problems.closeAfter(ctx);
      ctx.fail(
          new LibertasException(
              503,
              "too-many-anonymous-connections",
              "the server holds "
                  + max
                  + " connections without an API key (LIBERTAS_HTTP_MAX_ANONYMOUS_CONNECTIONS);"
                  + " retry later, or send a key"));
      return;
    }
    ctx.next();
  }
}
