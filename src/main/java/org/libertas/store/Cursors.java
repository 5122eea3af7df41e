package org.libertas.store;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;

/**
 * The one codec of the opaque keyset cursors of every list: the position after the last item seen
 * (a bigserial id for lists ordered newest first, or a sort key and a supplier id), encoded so that
 * clients pass it back instead of building it. A cursor this API did not issue, or one of another
 * list, is a 400 on {@code cursor}, never a 500.
 */
final class Cursors {
  private Cursors() {}

  /** A position in a list sorted by a key, ties broken by id. */
  record Keyset(String key, String id) {
    /** The key as the integer a list sorted by a number (a score) issued. */
    int intKey() {
      try {
        return Integer.parseInt(key);
      } catch (NumberFormatException e) {
        throw bad();
      }
    }
  }

  static String encode(long lastId) {
    return encode(new JsonArray().add(lastId));
  }

  static String encode(Keyset position) {
    return encode(new JsonArray().add(position.key()).add(position.id()));
  }

  /** The id the cursor stands for. */
  static long decode(String cursor) {
    JsonArray a = decodeArray(cursor, 1);
    if (a.getValue(0) instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw bad();
  }

  /** The sort key and id the cursor stands for. */
  static Keyset decodeKeyset(String cursor) {
    JsonArray a = decodeArray(cursor, 2);
    if (a.getValue(0) instanceof String key && a.getValue(1) instanceof String id) {
      return new Keyset(key, id);
    }
    throw bad();
  }

  private static String encode(JsonArray a) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(a.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonArray decodeArray(String cursor, int size) {
    JsonArray a;
    try {
      a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw bad();
    }
    if (a.size() != size) {
      throw bad();
    }
    return a;
  }

  private static BadRequestException bad() {
    String m = "cursor is not one this API issued";
    return new BadRequestException(m, List.of(FieldError.field("cursor", "bad-cursor", m)));
  }
}
