package org.libertas.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libertas.screening.Reason;

/**
 * The one stored form of a match's reasons, {@code {feature, value, score}} objects, used by the
 * {@code screening_matches.reasons} column and the screening graph alike.
 *
 * <p>Rows written before reasons had codes hold English sentences; they are converted here when
 * read (the next rescoring rewrites every row anyway), so no migration rewrites them in place. A
 * sentence of no known form is kept whole as a {@code note}.
 */
public final class StoredReasons {
  private static final Pattern NAMED = Pattern.compile("(name|alias) \"(.*)\" (identical|matched)");
  private static final Pattern TOKENS =
      Pattern.compile("tokens \\{(.*)\\} (equal|similar|unmatched)( after .*)?");
  private static final Pattern FIGURE = Pattern.compile("(token-set|jaro-winkler) ([0-9.]+)");
  private static final Pattern AGREES = Pattern.compile("country (\\S+) agrees");
  private static final Pattern DIFFERS =
      Pattern.compile("country differs: (\\S+) vs (\\S+)(?: \\((-[0-9.]+)\\))?");

  private StoredReasons() {}

  public static JsonObject json(Reason r) {
    // Absent rather than null: a stored reason carries what it has.
    JsonObject o = new JsonObject().put("feature", r.feature());
    if (r.value() != null) {
      o.put("value", r.value());
    }
    if (r.score() != null) {
      o.put("score", r.score());
    }
    return o;
  }

  public static JsonArray json(List<Reason> reasons) {
    JsonArray out = new JsonArray();
    reasons.forEach(r -> out.add(json(r)));
    return out;
  }

  /** The reasons of a stored array, objects or (from older rows) sentences. */
  public static List<Reason> read(JsonArray stored) {
    List<Reason> out = new ArrayList<>();
    if (stored == null) {
      return out;
    }
    for (Object x : stored) {
      if (x instanceof JsonObject o) {
        out.add(read(o));
      } else if (x != null) {
        out.addAll(fromSentence(String.valueOf(x)));
      }
    }
    return List.copyOf(out);
  }

  public static Reason read(JsonObject o) {
    Number score = o.getNumber("score");
    return new Reason(
        o.getString("feature"), o.getString("value"), score == null ? null : score.doubleValue());
  }

  /** A sentence of the earlier English form, as the coded reason it said in words. */
  static List<Reason> fromSentence(String s) {
    Matcher m;
    if (s.startsWith("identifier ")) {
      return List.of(Reason.of(Reason.Feature.IDENTIFIER, s.substring(11), 1.0));
    }
    if ((m = NAMED.matcher(s)).matches()) {
      boolean alias = m.group(1).equals("alias");
      Reason.Feature f =
          m.group(3).equals("identical")
              ? (alias ? Reason.Feature.ALIAS_IDENTICAL : Reason.Feature.NAME_IDENTICAL)
              : (alias ? Reason.Feature.ALIAS : Reason.Feature.NAME);
      return List.of(
          Reason.of(
              f, m.group(2), f == Reason.Feature.NAME || f == Reason.Feature.ALIAS ? null : 1.0));
    }
    if ((m = TOKENS.matcher(s)).matches()) {
      Reason.Feature f =
          m.group(3) != null
              ? Reason.Feature.TOKENS_EQUAL_NORMALISED
              : switch (m.group(2)) {
                case "equal" -> Reason.Feature.TOKENS_EQUAL;
                case "similar" -> Reason.Feature.TOKENS_SIMILAR;
                default -> Reason.Feature.TOKENS_UNMATCHED;
              };
      return List.of(Reason.of(f, m.group(1), null));
    }
    if ((m = FIGURE.matcher(s)).matches()) {
      Reason.Feature f =
          m.group(1).equals("token-set") ? Reason.Feature.TOKEN_SET : Reason.Feature.JARO_WINKLER;
      return List.of(Reason.of(f, null, Double.valueOf(m.group(2))));
    }
    if ((m = AGREES.matcher(s)).matches()) {
      return List.of(Reason.of(Reason.Feature.COUNTRY_AGREES, m.group(1), null));
    }
    if ((m = DIFFERS.matcher(s)).matches()) {
      return List.of(
          Reason.of(
              Reason.Feature.COUNTRY_DIFFERS,
              m.group(1) + "≠" + m.group(2),
              m.group(3) == null ? null : Double.valueOf(m.group(3))));
    }
    return List.of(Reason.of(Reason.Feature.NOTE, s, null));
  }
}
