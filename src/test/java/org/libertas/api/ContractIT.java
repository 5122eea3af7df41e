package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
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
  void readinessReportsBothStores() {
    TestApp.Response r = app.get("/readyz", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("checks").get("graph").asText()).isEqualTo("ok");
    assertThat(r.json().get("checks").get("postgres").asText()).isEqualTo("ok");
  }
}
