package org.libertas.store;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;

/**
 * Opaque keyset cursors for lists ordered newest first by a bigserial id: the last id seen, encoded
 * so that clients pass it back instead of building it.
 */
final class Cursors {
  private Cursors() {}

  static String encode(long lastId) {
    String raw = new JsonArray().add(lastId).encode();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The id the cursor stands for; a cursor this API did not issue is a 400 on {@code cursor}. */
  static long decode(String cursor) {
    try {
      JsonArray a =
          new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (a.size() != 1) {
        throw new IllegalArgumentException();
      }
      return a.getLong(0);
    } catch (RuntimeException e) {
      String m = "cursor is not one this API issued";
      throw new BadRequestException(
          m, java.util.List.of(FieldError.field("cursor", "bad-cursor", m)));
    }
  }
}
