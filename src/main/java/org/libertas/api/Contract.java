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
  /** One operation of the contract. */
  public record Operation(
      String id, HttpMethod method, String path, Set<String> roles, Validator body) {
    /** The path in Vert.x router syntax: {id} becomes :id. */
    public String routerPath() {
      return path.replaceAll("\\{([^}]+)}", ":$1");
    }

    public boolean isPublic() {
      return roles.contains("public");
    }
  }

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
          JsonObject json =
              op.getJsonObject("requestBody", new JsonObject())
                  .getJsonObject("content", new JsonObject())
                  .getJsonObject("application/json");
          if (json != null) {
            Object schema = inline(json.getJsonObject("schema"), schemas);
            body =
                Validator.create(
                    JsonSchema.of((JsonObject) schema),
                    new JsonSchemaOptions()
                        .setDraft(Draft.DRAFT202012)
                        .setBaseUri("https://w3id.org/libertas/api/")
                        .setOutputFormat(OutputFormat.Basic));
          }
          ops.put(
              id, new Operation(id, HttpMethod.valueOf(method.toUpperCase()), path, roles, body));
        }
      }
      return new Contract(text, Map.copyOf(ops));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces local $refs to component schemas by the schemas themselves (ours are not recursive).
   */
  private static Object inline(Object node, JsonObject schemas) {
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
