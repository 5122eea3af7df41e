package org.libertas.api;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;
import org.libertas.ontology.Ontology;

/**
 * The query and header parameters of one request, as the contract checked them: typed (integers,
 * booleans, strings) and with the contract's defaults filled in. Handlers read their parameters
 * here and never re-check a range or an enum: openapi.yaml is the one place that says what a
 * parameter accepts (see docs/api.md).
 */
public final class Params {
  private static final String KEY = "params";

  private final Contract.Operation operation;
  private final Map<String, Object> values;

  Params(Contract.Operation operation, Map<String, Object> values) {
    this.operation = operation;
    this.values = Map.copyOf(values);
  }

  /**
   * Validates the request's body media type and parameters against its operation and keeps the
   * parameters for the handler.
   */
  static void validate(RoutingContext ctx) {
    Contract.Operation op = Api.operation(ctx);
    Contract.checkMediaType(
        op, ctx.request().getHeader("Content-Type"), ctx.body() == null ? 0 : ctx.body().length());
    ctx.put(KEY, Contract.validateParameters(op, ctx.request()));
    ctx.next();
  }

  /** The validated parameters of the request being handled. */
  public static Params of(RoutingContext ctx) {
    Params p = ctx.get(KEY);
    if (p == null) {
      throw new IllegalStateException("parameters read before the contract validated them");
    }
    return p;
  }

  /** A string parameter, its default, or null. */
  public String string(String name) {
    return (String) value(name);
  }

  /** An integer parameter, its default, or null. */
  public Integer integer(String name) {
    Object v = value(name);
    return v == null ? null : Math.toIntExact(((Number) v).longValue());
  }

  /** A boolean parameter, its default, or null. */
  public Boolean bool(String name) {
    return (Boolean) value(name);
  }

  /**
   * An instant parameter: an ISO 8601 date-time with offset ({@code 2026-03-01T00:00:00Z}) or a
   * date meaning its start in UTC; null when absent. The contract's pattern admits the shape; a
   * shape that is not a real instant (a 13th month) is refused here, naming the parameter.
   */
  public OffsetDateTime instant(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      return v.contains("T")
          ? OffsetDateTime.parse(v)
          : LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      String m =
          "'"
              + v
              + "' is not a valid "
              + name
              + ": expected an ISO 8601 date-time with offset (2026-03-01T00:00:00Z) or a date";
      throw new BadRequestException(m, List.of(FieldError.field(name, "bad-parameter", m)));
    }
  }

  /**
   * The language to label in: {@code ?lang=} (whose values the contract checked), then the first
   * language of Accept-Language the ontology has labels in, else English.
   */
  public static String lang(RoutingContext ctx) {
    String q = of(ctx).string("lang");
    if (q != null) {
      return q;
    }
    for (var l : ctx.acceptableLanguages()) {
      String tag = l.tag().toLowerCase(java.util.Locale.ROOT);
      if (Ontology.LANGUAGES.contains(tag)) {
        return tag;
      }
    }
    return "en";
  }

  private Object value(String name) {
    if (operation.parameters().stream().noneMatch(p -> p.name().equals(name))) {
      // A handler reading what its operation does not declare is a programming error: the
      // contract would refuse the parameter before the handler ran.
      throw new IllegalStateException(operation.id() + " declares no parameter '" + name + "'");
    }
    return values.get(name);
  }
}
