package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.LibertasException;

class CursorsTest {
  @Test
  void roundTripsBothKindsOfPosition() {
    assertThat(Cursors.decode(Cursors.encode(42L))).isEqualTo(42L);
    Cursors.Keyset k = new Cursors.Keyset("87", "S-1 é");
    assertThat(Cursors.decodeKeyset(Cursors.encode(k))).isEqualTo(k);
    assertThat(Cursors.decodeKeyset(Cursors.encode(k)).intKey()).isEqualTo(87);
  }

  @Test
  void aCursorThisApiDidNotIssueIsABadRequestOnCursor() {
    List<String> notIssued =
        List.of(
            "not-a-cursor!",
            b64("{}"),
            b64("[]"),
            b64("[\"a\"]"),
            b64("[1,2,3]"),
            b64("[null,\"S1\"]"),
            b64("[{\"a\":1},\"S1\"]"),
            Cursors.encode(7L));
    for (String c : notIssued) {
      assertThatThrownBy(() -> Cursors.decodeKeyset(c))
          .as(c)
          .isInstanceOf(BadRequestException.class)
          .satisfies(e -> assertThat(((LibertasException) e).status()).isEqualTo(400));
    }
    for (String c :
        List.of(
            "%%%", b64("[\"x\"]"), b64("[1,2]"), Cursors.encode(new Cursors.Keyset("a", "b")))) {
      assertThatThrownBy(() -> Cursors.decode(c)).as(c).isInstanceOf(BadRequestException.class);
    }
  }

  @Test
  void aNameKeyWhereAScoreIsExpectedIsABadRequest() {
    Cursors.Keyset byName = Cursors.decodeKeyset(Cursors.encode(new Cursors.Keyset("Acme", "S1")));
    assertThatThrownBy(byName::intKey).isInstanceOf(BadRequestException.class);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
