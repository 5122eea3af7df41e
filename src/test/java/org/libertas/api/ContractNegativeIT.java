package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * Bad input for every operation of openapi.yaml, generated from the contract itself: wrong types,
 * NUL ({@code %00} and {@code \u0000}), lone surrogates, malformed percent-escapes, very long
 * strings, huge numbers and unknown fields, in each path and query parameter and each top-level
 * body field, plus bodies that are not what the operation takes. Each is sent with a key of a role
 * the operation allows. Every answer must be a problem+json below 500; the cases that can be valid
 * by no reading (a wrong type, a NUL) must also be refused (4xx). All failures are reported
 * together, by operation and case.
 *
 * <p>At most {@code libertas.negative.cases} cases per operation (40 by default, spread over every
 * kind of case); raise it with {@code -Dlibertas.negative.cases=1000} for the full set.
 */
class ContractNegativeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CASES = Integer.getInteger("libertas.negative.cases", 40);
  private static final String LONG = "x".repeat(20_000);
  private static final String LONG_PARAM = "x".repeat(3_000);
  private static final String HUGE_NUMBER = "1" + "0".repeat(400);

  static TestApp app;
  static Map<String, String> keys = new LinkedHashMap<>();
  static JsonNode doc;

  /** One request to send: refuse = no valid reading exists, so it must be a 4xx. */
  record Case(
      String name, String method, String target, String contentType, byte[] body, boolean refuse) {}

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(Map.of("LIBERTAS_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, hooks.example.org"));
    for (String role : List.of("compliance", "auditor", "viewer", "ngo-editor")) {
      keys.put(
          role, role.equals("compliance") ? app.tenantWithKey("neg", role) : app.key("neg", role));
    }
    keys.put("admin", TestApp.ADMIN_KEY);
    JsonNode u =
        app.upload(keys.get("auditor"), "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\n");
    assertThat(u.get("status").asText()).isEqualTo("succeeded");
    try (InputStream in = Contract.class.getResourceAsStream("/openapi.yaml")) {
      doc = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void everyOperationRefusesBadInputWithAProblemNeverA500() throws Exception {
    List<String> failures = new ArrayList<>();
    int sent = 0;
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      var path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        var e = ops.next();
        JsonNode op = e.getValue();
        String id = op.get("operationId").asText();
        operations++;
        String key = key(op);
        for (Case c : bounded(cases(e.getKey().toUpperCase(), path.getKey(), op))) {
          sent++;
          Answer a = send(c, key);
          String where = id + " [" + c.name() + "] " + c.method() + " " + abbreviate(c.target());
          if (a.status() >= 500 || a.status() == 0) {
            failures.add(where + " -> " + a.status() + " " + abbreviate(a.body()));
          } else if (a.status() >= 400 && !a.contentType().startsWith("application/problem+json")) {
            failures.add(where + " -> " + a.status() + " as " + a.contentType());
          } else if (c.refuse() && a.status() < 400) {
            failures.add(where + " -> accepted with " + a.status());
          } else if (a.body().contains("Exception") || a.body().contains("\tat ")) {
            failures.add(where + " -> a stack trace in the answer");
          }
        }
      }
    }
    assertThat(operations).isEqualTo(Contract.load().operations().size());
    org.libertas.reliability.Figures.record(
        18,
        "generated bad requests over every operation of openapi.yaml: sent / operations /"
            + " mishandled (5xx, not problem+json, accepted, stack trace)",
        sent + " / " + operations + " / " + failures.size(),
        null);
    assertThat(failures)
        .as(
            "%d of %d bad requests over %d operations were mishandled:%n%s",
            failures.size(), sent, operations, String.join("\n", failures))
        .isEmpty();
  }

  /** A key of a role the operation allows (the platform administrator's for admin). */
  private static String key(JsonNode op) {
    List<String> roles = new ArrayList<>();
    op.path("x-roles").forEach(r -> roles.add(r.asText()));
    if (roles.contains("public")) {
      return null;
    }
    for (String preferred : List.of("compliance", "auditor", "ngo-editor", "viewer", "admin")) {
      if (roles.contains(preferred)) {
        return keys.get(preferred);
      }
    }
    throw new AssertionError("no key for roles " + roles);
  }

  /** Spread the bound over the whole list, so that every kind of case keeps some. */
  private static List<Case> bounded(List<Case> all) {
    if (all.size() <= MAX_CASES) {
      return all;
    }
    List<Case> some = new ArrayList<>();
    double step = (double) all.size() / MAX_CASES;
    for (int i = 0; i < MAX_CASES; i++) {
      some.add(all.get((int) (i * step)));
    }
    return some;
  }

  private static List<Case> cases(String method, String template, JsonNode op) {
    List<JsonNode> params = new ArrayList<>();
    op.path("parameters").forEach(p -> params.add(resolve(p)));
    Map<String, String> pathValues = new LinkedHashMap<>();
    for (JsonNode p : params) {
      if (p.get("in").asText().equals("path")) {
        String type = resolve(p.path("schema")).path("type").asText("string");
        pathValues.put(p.get("name").asText(), type.equals("integer") ? "1" : "A1");
      }
    }
    JsonNode content = op.path("requestBody").path("content");
    String bodyType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
    byte[] goodBody = bodyType == null ? null : goodBody(bodyType, content.get(bodyType));
    List<Case> cases = new ArrayList<>();
    String good = fill(template, pathValues, null, null);
    for (JsonNode p : params) {
      String name = p.get("name").asText();
      String in = p.get("in").asText();
      String type = resolve(p.path("schema")).path("type").asText("string");
      if (in.equals("header")) {
        continue; // HTTP clients and Netty already refuse NUL and raw bytes in headers
      }
      for (var v : badValues(type)) {
        String target =
            in.equals("path")
                ? fill(template, pathValues, name, v.getKey())
                : good + (good.contains("?") ? "&" : "?") + name + "=" + v.getKey();
        // A path parameter's bad value names no resource: a 404 is the right refusal.
        cases.add(
            new Case(
                in + " " + name + "=" + v.getValue(),
                method,
                target,
                bodyType,
                goodBody,
                !v.getValue().startsWith("maybe")));
      }
    }
    cases.add(
        new Case("unknown query parameter", method, good + "?nosuch=1", bodyType, goodBody, true));
    JsonNode json = content.path("application/json");
    if (!json.isMissingNode()) {
      cases.addAll(jsonCases(method, good, resolve(json.path("schema")), goodBody));
    } else if (bodyType != null) {
      for (Iterator<String> types = content.fieldNames(); types.hasNext(); ) {
        String t = types.next();
        cases.add(new Case(t + " with NUL bytes", method, good, t, nulAndBadUtf8(), false));
        cases.add(new Case(t + " empty", method, good, t, new byte[0], false));
      }
      cases.add(new Case("undeclared media type", method, good, "image/png", goodBody, true));
    }
    return cases;
  }

  /** Bad values for one parameter, as sent in the URI; names starting "maybe" may be valid. */
  private static List<Map.Entry<String, String>> badValues(String type) {
    List<Map.Entry<String, String>> v = new ArrayList<>();
    v.add(Map.entry("a%00b", "NUL"));
    v.add(Map.entry("%zz", "bad escape"));
    v.add(Map.entry("a%", "truncated escape"));
    v.add(Map.entry("%ED%A0%80", "maybe lone surrogate (CESU-8)"));
    v.add(Map.entry("%FF%FE", "maybe invalid UTF-8"));
    v.add(Map.entry(LONG_PARAM, "maybe very long"));
    v.add(Map.entry(HUGE_NUMBER, type.equals("integer") ? "huge number" : "maybe huge number"));
    v.add(Map.entry("-99999999999", type.equals("integer") ? "huge negative" : "maybe negative"));
    v.add(Map.entry("%2e%2e%2f%2e%2e", "maybe dot segments"));
    if (type.equals("integer") || type.equals("boolean")) {
      v.add(Map.entry("abc", "wrong type"));
      v.add(Map.entry("1.5", type.equals("integer") ? "fraction" : "wrong type"));
    }
    return v;
  }

  private static List<Case> jsonCases(String method, String target, JsonNode schema, byte[] good) {
    List<Case> cases = new ArrayList<>();
    String t = "application/json";
    ObjectNode base = (ObjectNode) read(good);
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      var prop = it.next();
      String field = prop.getKey();
      String type = resolve(prop.getValue()).path("type").asText("");
      List<Map.Entry<String, String>> values = new ArrayList<>();
      values.add(Map.entry(type.equals("string") ? "12345" : "\"a string\"", "wrong type"));
      values.add(Map.entry("{\"nested\":{\"deeper\":[1,2,3]}}", "object"));
      values.add(Map.entry("[[[]]]", "array"));
      values.add(Map.entry("\"bad\\u0000byte\"", "NUL"));
      values.add(Map.entry("\"half \\ud800 a pair\"", "lone surrogate"));
      values.add(Map.entry("\"" + LONG + "\"", "maybe very long"));
      values.add(Map.entry(HUGE_NUMBER, type.equals("number") ? "maybe huge" : "huge number"));
      values.add(Map.entry("-1e308", "maybe huge negative"));
      values.add(Map.entry("null", "maybe null"));
      for (var v : values) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        String body = copy.toString();
        String json =
            body.equals("{}")
                ? "{\"" + field + "\":" + v.getKey() + "}"
                : "{\"" + field + "\":" + v.getKey() + "," + body.substring(1);
        boolean refuse =
            !v.getValue().startsWith("maybe")
                && !(v.getValue().equals("wrong type") && type.isEmpty())
                && !(v.getValue().equals("object") && type.equals("object"))
                && !(v.getValue().equals("array") && type.equals("array"))
                && !(v.getValue().equals("huge number") && type.isEmpty());
        cases.add(
            new Case(
                "body /" + field + " " + v.getValue(),
                method,
                target,
                t,
                json.getBytes(StandardCharsets.UTF_8),
                refuse));
      }
    }
    ObjectNode unknown = base.deepCopy();
    unknown.put("noSuchField", "x");
    cases.add(new Case("body unknown field", method, target, t, bytes(unknown), false));
    for (var whole :
        List.of(
            Map.entry("[]", "an array"),
            Map.entry("\"text\"", "a string"),
            Map.entry("1", "a number"),
            Map.entry("{\"a\":", "truncated"),
            Map.entry("{'a':1}", "single quotes"),
            Map.entry("[".repeat(5000) + "]".repeat(5000), "deeply nested"),
            Map.entry("{\"a\":1}{\"b\":2}", "two documents"),
            Map.entry("{\"a\":1,\"a\":2}", "duplicate key"))) {
      cases.add(
          new Case(
              "body " + whole.getValue(),
              method,
              target,
              t,
              whole.getKey().getBytes(StandardCharsets.UTF_8),
              true));
    }
    cases.add(new Case("body not UTF-8", method, target, t, nulAndBadUtf8(), true));
    cases.add(new Case("JSON as text/plain", method, target, "text/plain", good, true));
    cases.add(new Case("JSON without Content-Type", method, target, null, good, true));
    return cases;
  }

  private static byte[] nulAndBadUtf8() {
    return new byte[] {
      'a', 0, 'b', (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
    };
  }

  /** A body the operation would take: the contract's example, else one built from the schema. */
  private static byte[] goodBody(String type, JsonNode media) {
    if (!type.equals("application/json")) {
      return switch (type) {
        case "text/csv" ->
            "supplier_id,name,country\nA2,Acme Two,PE\n".getBytes(StandardCharsets.UTF_8);
        case "application/sparql-query" ->
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1".getBytes(StandardCharsets.UTF_8);
        default -> "x".getBytes(StandardCharsets.UTF_8);
      };
    }
    JsonNode example = media.path("example");
    return bytes(example.isMissingNode() ? sample(resolve(media.path("schema"))) : example);
  }

  private static JsonNode sample(JsonNode schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (schema.has("example")) {
      return schema.get("example");
    }
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    switch (schema.path("type").asText("object")) {
      case "string":
        return f.textNode("x".repeat(Math.max(1, schema.path("minLength").asInt(1))));
      case "integer":
        return f.numberNode(schema.path("minimum").asLong(1));
      case "number":
        return f.numberNode(0.5);
      case "boolean":
        return f.booleanNode(true);
      case "array":
        ArrayNode a = f.arrayNode();
        a.add(sample(resolve(schema.path("items"))));
        return a;
      default:
        ObjectNode o = f.objectNode();
        schema
            .path("required")
            .forEach(
                r ->
                    o.set(r.asText(), sample(resolve(schema.path("properties").path(r.asText())))));
        return o;
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.path("$ref");
    if (ref.isTextual() && ref.asText().startsWith("#/")) {
      JsonNode target = doc;
      for (String part : ref.asText().substring(2).split("/")) {
        target = target.path(part);
      }
      return resolve(target);
    }
    return node;
  }

  private static String fill(String template, Map<String, String> values, String bad, String raw) {
    String out = template;
    for (var e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getKey().equals(bad) ? raw : e.getValue());
    }
    return out;
  }

  private static JsonNode read(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(JsonNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + " chars)";
  }

  record Answer(int status, String contentType, String body) {}

  /** Over a raw socket: java.net.http refuses to send the malformed URIs under test. */
  private static Answer send(Case c, String key) throws Exception {
    URI base = URI.create(app.base());
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(60_000);
      StringBuilder head =
          new StringBuilder(c.method())
              .append(' ')
              .append(c.target())
              .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
      if (key != null) {
        head.append("Authorization: Bearer ").append(key).append("\r\n");
      }
      byte[] body = c.body() == null ? new byte[0] : c.body();
      if (c.contentType() != null && c.body() != null) {
        String type = c.contentType();
        if (type.startsWith("multipart/")) {
          type += "; boundary=neg";
        }
        head.append("Content-Type: ").append(type).append("\r\n");
      }
      if (c.body() != null || c.method().equals("POST")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      var out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(all);
      } catch (java.net.SocketException e) {
        // the server may close after answering; what was read is the answer
      }
      String answer = all.toString(StandardCharsets.UTF_8);
      if (!answer.startsWith("HTTP/1.1 ")) {
        return new Answer(0, "", "no HTTP answer: " + answer);
      }
      int status = Integer.parseInt(answer.substring(9, 12));
      int end = answer.indexOf("\r\n\r\n");
      String headers = end < 0 ? answer : answer.substring(0, end);
      String type = "";
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
          type = line.substring(13).trim();
        }
      }
      return new Answer(status, type, end < 0 ? "" : answer.substring(end + 4));
    }
  }
}
