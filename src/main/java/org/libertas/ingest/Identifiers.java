package org.libertas.ingest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The formats of the identifiers a supplier may carry beside its own id, as their publishers define
 * them; each check returns the identifier in the one form it is stored and searched by, or nothing
 * when the text is not one.
 *
 * <ul>
 *   <li>LEI, ISO 17442 (GLEIF): 20 characters, 18 upper-case letters or digits then two check
 *       digits, the whole read as a number (A = 10 … Z = 35) being 1 modulo 97 (ISO 7064 MOD
 *       97-10).
 *   <li>D-U-N-S number (Dun &amp; Bradstreet): nine digits, often written with dashes ({@code
 *       15-048-3782}); stored without them. D&amp;B publishes no check digit.
 *   <li>OS ID (Open Supply Hub, {@code src/django/api/os_id.py} of opensupplyhub/open-supply-hub):
 *       two letters (the country), seven digits (year and day of creation), five Crockford base-32
 *       characters and a check character; hyphens and spaces are ignored, as Open Supply Hub
 *       ignores them. The check character is Crockford's symbol for (code point of the first letter
 *       + code point of the second + the base-32 values of the other twelve) modulo 32.
 * </ul>
 */
final class Identifiers {
  private static final Pattern LEI = Pattern.compile("[A-Z0-9]{18}[0-9]{2}");
  private static final Pattern DUNS = Pattern.compile("[0-9]{9}");
  private static final Pattern OS_ID = Pattern.compile("[A-Z]{2}[0-9]{7}[A-Z0-9]{6}");
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private Identifiers() {}

  /** The LEI, upper case, if {@code v} is one with valid check digits. */
  static Optional<String> lei(String v) {
    String s = v.strip().toUpperCase(Locale.ROOT);
    if (!LEI.matcher(s).matches()) {
      return Optional.empty();
    }
    int mod = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 36);
      mod = (d < 10 ? mod * 10 + d : mod * 100 + d) % 97;
    }
    return mod == 1 ? Optional.of(s) : Optional.empty();
  }

  /** The nine digits, if {@code v} is a D-U-N-S number (dashes and spaces between digits). */
  static Optional<String> duns(String v) {
    String s = v.strip().replaceAll("[\\s-]", "");
    return DUNS.matcher(s).matches() ? Optional.of(s) : Optional.empty();
  }

  /** The OS ID, upper case without separators, if {@code v} is one with a valid check character. */
  static Optional<String> osId(String v) {
    String s = v.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (!OS_ID.matcher(s).matches()) {
      return Optional.empty();
    }
    int sum = s.charAt(0) + s.charAt(1);
    for (int i = 2; i < s.length() - 1; i++) {
      int d = CROCKFORD.indexOf(s.charAt(i));
      if (d < 0) {
        return Optional.empty(); // I, L, O, U are not Crockford symbols
      }
      sum += d;
    }
    return CROCKFORD.charAt(sum % 32) == s.charAt(s.length() - 1)
        ? Optional.of(s)
        : Optional.empty();
  }
}
