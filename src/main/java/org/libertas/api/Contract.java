package org.libertas.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;

/**
 * The OpenAPI document, read once: which operations exist (method, path, roles) and a validator for
 * each JSON request body. vertx-openapi 5.0 refuses our non-JSON media types at load time, so the
 * routes are built from this reading instead (see docs/architecture.md).
 */
public final class Contract {
  /**
   * One operation of the contract.
   *
   * @param bodyTypes the media types its request body may have; empty when it takes none
   */
  public record Operation(
      String id,
      HttpMethod method,
      String path,
      Set<String> roles,
      Validator body,
      List<Parameter> parameters,
      List<String> bodyTypes) {
    /** The path in Vert.x router syntax: {id} becomes :id. */
    public String routerPath() {
      return path.replaceAll("\\{([^}]+)}", ":$1");
    }

    public boolean isPublic() {
      return roles.contains("public");
    }
  }

  /**
   * A query or header parameter with the schema its value must follow, and the value the contract
   * gives it when the request leaves it out (null when it has none).
   */
  public record Parameter(
      String name,
      String in,
      boolean required,
      String type,
      Validator schema,
      String errorCode,
      Object defaultValue) {}

  private final String text;
  private final Map<String, Operation> operations;

  private Contract(String text, Map<String, Operation> operations) {
    this.text = text;
    this.operations = operations;
  }

  public static Contract load() {
    try (InputStream in = Contract.class.getResourceAsStream("/openapi.yaml")) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      JsonObject doc =
          new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(text, Map.class));
      JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
      Map<String, Operation> ops = new LinkedHashMap<>();
      JsonObject paths = doc.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(path);
        for (String method : item.fieldNames()) {
          JsonObject op = item.getJsonObject(method);
          String id = op.getString("operationId");
          Set<String> roles = Set.copyOf(op.getJsonArray("x-roles", new JsonArray()).getList());
          Validator body = null;
          JsonObject content =
              op.getJsonObject("requestBody", new JsonObject())
                  .getJsonObject("content", new JsonObject());
          JsonObject json = content.getJsonObject("application/json");
          if (json != null) {
            Object schema = inline(json.getJsonObject("schema"), schemas);
            body = validator((JsonObject) schema);
          }
          List<Parameter> parameters = new ArrayList<>();
          for (Object o : op.getJsonArray("parameters", new JsonArray())) {
            JsonObject p = (JsonObject) o;
            String location = p.getString("in");
            if (!location.equals("query") && !location.equals("header")) {
              continue; // path parameters are ids: an unknown one is a 404, decided by the handler
            }
            JsonObject schema =
                (JsonObject) inline(p.getJsonObject("schema", new JsonObject()), schemas);
            parameters.add(
                new Parameter(
                    p.getString("name"),
                    location,
                    p.getBoolean("required", false),
                    schema.getString("type", "string"),
                    validator(schema),
                    p.getString("x-error-code", "bad-parameter"),
                    schema.getValue("default")));
          }
          ops.put(
              id,
              new Operation(
                  id,
                  HttpMethod.valueOf(method.toUpperCase()),
                  path,
                  roles,
                  body,
                  List.copyOf(parameters),
                  List.copyOf(content.fieldNames())));
        }
      }
      return new Contract(text, Map.copyOf(ops));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Validator validator(JsonObject schema) {
    return Validator.create(
        JsonSchema.of(schema),
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://w3id.org/libertas/api/")
            .setOutputFormat(OutputFormat.Basic));
  }

  /**
   * Checks the query and header parameters against their schemas and returns them typed, with the
   * contract's defaults: a query parameter the operation does not declare (a typo such as {@code
   * recomendation} would otherwise give an unfiltered answer), a value of the wrong type, out of
   * its range or enum, or a missing required one is a 400 naming the parameter.
   */
  public static Params validateParameters(
      Operation op, io.vertx.core.http.HttpServerRequest request) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> declared = new java.util.HashSet<>();
    op.parameters().stream()
        .filter(p -> p.in().equals("query"))
        .forEach(p -> declared.add(p.name()));
    for (String name : queryNames(request.query())) {
      if (!declared.contains(name)) {
        errors.add(
            FieldError.field(name, "unknown-parameter", "unknown query parameter '" + name + "'"));
      }
    }
    Map<String, Object> values = new java.util.HashMap<>();
    // From the URI itself: the request's parameters also hold a posted form's fields (an upload's
    // multipart part "mapping" is not its query parameter "mapping").
    Map<String, List<String>> query =
        new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).parameters();
    for (Parameter p : op.parameters()) {
      List<String> q = query.get(p.name());
      String raw =
          p.in().equals("query")
              ? (q == null || q.isEmpty() ? null : q.get(0))
              : request.getHeader(p.name());
      if (raw == null) {
        if (p.required()) {
          errors.add(
              FieldError.field(
                  p.name(),
                  "missing-parameter",
                  p.in() + " parameter '" + p.name() + "' is required"));
        } else if (p.defaultValue() != null) {
          values.put(p.name(), p.defaultValue());
        }
        continue;
      }
      Object value = typed(p.type(), raw);
      OutputUnit result = value == null ? null : p.schema().validate(value);
      if (value == null || !Boolean.TRUE.equals(result.getValid())) {
        String why =
            value == null
                ? "expected " + (p.type().equals("boolean") ? "true or false" : "a " + p.type())
                : result.getErrors() != null && !result.getErrors().isEmpty()
                    ? result.getErrors().get(result.getErrors().size() - 1).getError()
                    : result.getError();
        errors.add(
            FieldError.field(
                p.name(), p.errorCode(), "'" + raw + "' is not a valid " + p.name() + ": " + why));
      } else {
        values.put(p.name(), value);
      }
    }
    if (!errors.isEmpty()) {
      throw new BadRequestException(
          errors.size() == 1
              ? errors.get(0).message()
              : "the request's parameters do not follow the contract",
          errors);
    }
    return new Params(op, values);
  }

  /**
   * The names in a query string, decoded, in order, each once. Read from the URI itself: the
   * request's parameters also hold the fields of a posted form, which are not query parameters.
   */
  static List<String> queryNames(String query) {
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      try {
        names.add(java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        names.add(name); // a malformed escape: named as sent
      }
    }
    return List.copyOf(names);
  }

  private static Object typed(String type, String raw) {
    try {
      return switch (type) {
        case "integer" -> Long.parseLong(raw.trim());
        case "number" -> Double.parseDouble(raw.trim());
        case "boolean" ->
            raw.equals("true") ? Boolean.TRUE : raw.equals("false") ? Boolean.FALSE : null;
        default -> raw;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Replaces local $refs to component schemas by the schemas themselves (ours are not recursive).
   */
  static Object inline(Object node, JsonObject schemas) {
    if (node instanceof JsonObject o) {
      String ref = o.getString("$ref");
      if (ref != null && ref.startsWith("#/components/schemas/")) {
        return inline(
            schemas.getJsonObject(ref.substring("#/components/schemas/".length())).copy(), schemas);
      }
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), inline(e.getValue(), schemas)));
      return out;
    }
    if (node instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(inline(v, schemas)));
      return out;
    }
    return node;
  }

  public String text() {
    return text;
  }

  public Map<String, Operation> operations() {
    return operations;
  }

  /**
   * Refuses with 415 a body whose Content-Type the operation does not take, for the operations
   * whose body is JSON: only {@code application/json}, with at most {@code charset=utf-8}. A JSON
   * body sent as text/plain or a form would otherwise be parsed all the same, and a client (or a
   * browser's cross-site form post, which needs no preflight) would learn nothing. Operations
   * taking other types (CSV, RDF, SPARQL) check theirs in their handler, which also knows the
   * aliases they accept.
   */
  public static void checkMediaType(Operation op, String contentType, int bodyLength) {
    if (op.body() == null) {
      return;
    }
    if (contentType == null || contentType.isBlank()) {
      if (bodyLength == 0) {
        return; // no body at all: validate() says it is missing
      }
      throw unsupported(op, "(none)");
    }
    String[] parts = contentType.split(";");
    boolean ok = parts[0].trim().equalsIgnoreCase("application/json");
    for (int i = 1; i < parts.length && ok; i++) {
      String param = parts[i].trim().toLowerCase(java.util.Locale.ROOT).replace("\"", "");
      ok = param.isEmpty() || param.equals("charset=utf-8");
    }
    if (!ok) {
      throw unsupported(op, contentType);
    }
  }

  private static org.libertas.errors.LibertasException unsupported(Operation op, String sent) {
    String message =
        op.id() + " takes application/json (charset utf-8 if any), not " + sent.strip();
    return new org.libertas.errors.LibertasException(
        415,
        "unsupported-media-type",
        message,
        List.of(FieldError.field("Content-Type", "unsupported-media-type", message)));
  }

  /** Validates a JSON body against the operation's schema; errors name the JSON pointer. */
  public static void validate(Operation op, Object body) {
    if (op.body() == null) {
      return;
    }
    if (body == null) {
      throw new BadRequestException(
          "a JSON body is required",
          List.of(FieldError.field("", "missing-body", "a JSON body is required")));
    }
    OutputUnit result = op.body().validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    // One error per field: the most specific keyword that failed there (e.g. enum over properties).
    Map<String, OutputUnit> byField = new LinkedHashMap<>();
    if (result.getErrors() != null) {
      for (OutputUnit u : result.getErrors()) {
        String pointer =
            u.getInstanceLocation() == null ? "" : u.getInstanceLocation().replaceFirst("^#", "");
        OutputUnit seen = byField.get(pointer);
        if (seen == null || u.getKeywordLocation().length() > seen.getKeywordLocation().length()) {
          byField.put(pointer, u);
        }
      }
    }
    List<FieldError> errors = new ArrayList<>();
    byField.forEach((pointer, u) -> errors.add(FieldError.field(pointer, "schema", u.getError())));
    if (errors.isEmpty()) {
      errors.add(FieldError.field("", "schema", result.getError()));
    }
    throw new BadRequestException("the body does not follow the " + op.id() + " schema", errors);
  }
}
