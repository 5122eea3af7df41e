package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** Routes and openapi.yaml agree: every operation answers on its path, nothing else does. */
class ContractIT {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyOperationOfTheContractIsRoutedAndGuardedAsDeclared() {
    Contract contract = Contract.load();
    assertThat(contract.operations()).hasSizeGreaterThan(8);
    for (Contract.Operation op : contract.operations().values()) {
      String path = op.path().replaceAll("\\{[^}]+}", "x");
      var req =
          HttpRequest.newBuilder(URI.create(app.base() + path))
              .method(op.method().name(), HttpRequest.BodyPublishers.noBody());
      TestApp.Response r = app.send(req, null);
      if (op.isPublic()) {
        assertThat(r.status()).as(op.id()).isIn(200, 503);
      } else {
        assertThat(r.status()).as(op.id() + " without a key").isEqualTo(401);
        assertThat(op.roles())
            .as(op.id())
            .isNotEmpty()
            .isSubsetOf("admin", "compliance", "auditor", "ngo-editor", "viewer");
      }
    }
  }

  @Test
  void aClientAskingForAnH2cUpgradeIsAnsweredInHttp11() throws Exception {
    // The JDK client asks to upgrade every new clear-text connection to HTTP/2 (h2c).
    var client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .build();
    for (int i = 0; i < 5; i++) {
      var r =
          client.send(
              HttpRequest.newBuilder(URI.create(app.base() + "/openapi.yaml")).GET().build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
      assertThat(r.body()).isEqualTo(Contract.load().text());
    }
  }

  @Test
  void theServedContractIsTheOneRoutesAreBuiltFrom() {
    TestApp.Response r = app.get("/openapi.yaml", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/yaml");
    assertThat(r.body()).isEqualTo(Contract.load().text());
  }

  @Test
  void aHandlerMissingFromTheContractOrTheReverseStopsStartUp() {
    Contract contract = Contract.load();
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
      contract.operations().keySet().forEach(id -> handlers.put(id, ctx -> ctx.end()));
      handlers.remove("getSupplierRisk");
      assertThatThrownBy(() -> Api.router(vertx, contract, null, 1024, "target/x", handlers))
          .hasMessageContaining("getSupplierRisk");
      handlers.put("getSupplierRisk", ctx -> ctx.end());
      handlers.put("undocumented", ctx -> ctx.end());
      assertThatThrownBy(() -> Api.router(vertx, contract, null, 1024, "target/x", handlers))
          .hasMessageContaining("undocumented");
    } finally {
      vertx.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationDocumentsAnExample() throws Exception {
    JsonObject doc =
        new JsonObject(
            new ObjectMapper(new YAMLFactory()).readValue(Contract.load().text(), Map.class));
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    List<String> missing = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    int checked = 0;
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        String id = op.getString("operationId");
        Map<String, JsonObject> contents = new java.util.LinkedHashMap<>();
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          body.getJsonObject("content")
              .forEach(e -> contents.put("request " + e.getKey(), (JsonObject) e.getValue()));
        }
        for (String code : List.of("200", "201", "202")) {
          JsonObject r = op.getJsonObject("responses").getJsonObject(code);
          if (r != null && r.getJsonObject("content") != null) {
            r.getJsonObject("content")
                .forEach(e -> contents.put(code + " " + e.getKey(), (JsonObject) e.getValue()));
          }
        }
        for (Map.Entry<String, JsonObject> e : contents.entrySet()) {
          String where = id + " " + e.getKey();
          JsonObject media = e.getValue();
          List<Object> examples = new ArrayList<>();
          if (media.containsKey("example")) {
            examples.add(media.getValue("example"));
          }
          JsonObject named = media.getJsonObject("examples");
          if (named != null) {
            named.forEach(x -> examples.add(((JsonObject) x.getValue()).getValue("value")));
          }
          if (examples.isEmpty()) {
            missing.add(where);
            continue;
          }
          if (!e.getKey().endsWith(" application/json")) {
            continue;
          }
          Validator validator =
              Validator.create(
                  JsonSchema.of(
                      (JsonObject)
                          Contract.inline(
                              media.getJsonObject("schema", new JsonObject()), schemas)),
                  new JsonSchemaOptions()
                      .setDraft(Draft.DRAFT202012)
                      .setBaseUri("https://w3id.org/libertas/api/")
                      .setOutputFormat(OutputFormat.Basic));
          for (Object example : examples) {
            checked++;
            OutputUnit result = validator.validate(example);
            if (!Boolean.TRUE.equals(result.getValid())) {
              invalid.add(where + ": " + result.getErrors());
            }
          }
        }
      }
    }
    assertThat(missing).as("operations and media types without an example").isEmpty();
    assertThat(invalid).as("JSON examples that do not follow their schema").isEmpty();
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void readinessReportsBothStores() {
    TestApp.Response r = app.get("/readyz", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("checks").get("graph").asText()).isEqualTo("ok");
    assertThat(r.json().get("checks").get("postgres").asText()).isEqualTo("ok");
  }
}
