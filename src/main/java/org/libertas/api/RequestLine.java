package org.libertas.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;

/**
 * Refuses, before any handler reads it, a request line a client got wrong: a {@code %} not followed
 * by two hexadecimal digits (a decoder would throw deep inside a handler, a 500), or an encoded NUL
 * ({@code %00}), which no identifier or parameter may hold and PostgreSQL cannot store. Also the
 * JSON strings of a body: NUL and lone surrogates (which would be stored as {@code ?}).
 */
final class RequestLine {
  private RequestLine() {}

  /** First handler of every route. */
  static void check(RoutingContext ctx) {
    String uri = ctx.request().uri();
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) != '%') {
        continue;
      }
      if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) {
        throw refused("bad-escape", "the request URI has a malformed percent-escape at " + i);
      }
      if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
        throw refused("nul", "the request URI holds a NUL character (%00)");
      }
    }
    ctx.next();
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static BadRequestException refused(String code, String message) {
    return new BadRequestException(message, List.of(FieldError.field("uri", code, message)));
  }

  /**
   * The JSON pointer of the first string in {@code value} holding a NUL or a lone surrogate, or
   * null when every string is clean.
   */
  static String badString(Object value, String pointer) {
    if (value instanceof String s) {
      return clean(s) ? null : pointer;
    }
    if (value instanceof io.vertx.core.json.JsonObject o) {
      for (var e : o) {
        if (!clean(e.getKey())) {
          return pointer + "/" + e.getKey().replace("\0", "");
        }
        String bad = badString(e.getValue(), pointer + "/" + e.getKey());
        if (bad != null) {
          return bad;
        }
      }
    } else if (value instanceof io.vertx.core.json.JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        String bad = badString(a.getValue(i), pointer + "/" + i);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  private static boolean clean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
