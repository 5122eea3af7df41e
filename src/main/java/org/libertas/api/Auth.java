package org.libertas.api;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.libertas.errors.ForbiddenException;
import org.libertas.errors.UnauthorizedException;
import org.libertas.store.Tenants;

/**
 * Bearer API keys: the key names the tenant and the role; each operation's {@code x-roles} in the
 * contract says which roles may call it. The platform administrator is the admin of the {@value
 * #PLATFORM} tenant; other admins act within their own tenant.
 */
public final class Auth {
  public static final String PLATFORM = "system";
  private static final String KEY = "caller";

  private Auth() {}

  /** Who is calling. */
  public record Caller(UUID keyId, String tenantId, String role) {
    public boolean platformAdmin() {
      return "admin".equals(role) && PLATFORM.equals(tenantId);
    }
  }

  /**
   * Authenticates before a byte of the body is read. The look-up is asynchronous, so the request is
   * paused first: the body handler resumes it once the caller is known, and a refusal closes the
   * connection instead (see {@link Problems}).
   *
   * @param gate told when a connection carries a valid key; null = no cap on anonymous connections
   */
  static io.vertx.core.Handler<RoutingContext> handler(
      Tenants tenants, Contract.Operation op, AnonymousGate gate) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null
          || !header.regionMatches(true, 0, "Bearer ", 0, 7)
          || header.length() < 8) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(new UnauthorizedException("an API key is required: Authorization: Bearer <key>"));
        return;
      }
      ctx.request().pause();
      tenants
          .authenticate(header.substring(7).trim())
          .onSuccess(
              p -> {
                if (p.isEmpty()) {
                  ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                  ctx.fail(new UnauthorizedException("the API key is unknown, revoked or expired"));
                  return;
                }
                Tenants.Principal principal = p.get();
                if (gate != null) {
                  gate.known(ctx.request().connection());
                }
                ctx.put(KEY, new Caller(principal.keyId(), principal.tenantId(), principal.role()));
                if (!op.roles().contains(principal.role())) {
                  ctx.fail(
                      new ForbiddenException(
                          "role '" + principal.role() + "' may not call " + op.id()));
                  return;
                }
                ctx.next();
              })
          .onFailure(ctx::fail);
    };
  }

  public static Caller caller(RoutingContext ctx) {
    Caller c = ctx.get(KEY);
    if (c == null) {
      throw new UnauthorizedException("not authenticated");
    }
    return c;
  }

  static Caller callerOrNull(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
