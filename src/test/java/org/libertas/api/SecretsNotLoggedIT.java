package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.libertas.reliability.Figures;
import org.libertas.testing.TestApp;
import org.slf4j.LoggerFactory;

/**
 * Secrets never reach the log (docs/security.md): every line logged while keys are issued, used,
 * mistyped, revoked and sent in odd places must contain neither the admin key nor any API key.
 */
class SecretsNotLoggedIT {
  @Test
  void noKeyIsEverLogged() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(ctx);
    captured.start();
    root.addAppender(captured);
    List<String> secrets = new ArrayList<>(List.of(TestApp.ADMIN_KEY));
    try (TestApp app = TestApp.start()) {
      String auditor = app.tenantWithKey("sec", "auditor");
      String viewer = app.key("sec", "viewer");
      String admin = app.key("sec", "admin");
      secrets.addAll(List.of(auditor, viewer, admin));
      app.upload(auditor, "suppliers", "supplier_id,name,country\nS1,One,PE\n");
      app.upload(auditor, "suppliers", "supplier_id,name,country\nS1,One,XX\n"); // fails
      app.get("/v1/suppliers", viewer);
      app.get("/v1/suppliers", auditor.substring(0, auditor.length() - 2) + "zz"); // 401
      app.get("/v1/audit", viewer); // 403
      app.get("/v1/suppliers?key=" + viewer, viewer); // a key in the query string
      app.postJson(
          "/v1/tenants/sec/keys", admin, "{\"role\":\"viewer\",\"note\":\"" + admin + "\"}");
      app.post(
          "/v1/sparql",
          viewer,
          "application/sparql-query",
          ("SELECT * WHERE { ?s ?p \"" + viewer + "\" ").getBytes(StandardCharsets.UTF_8));
      String keyId =
          app.get("/v1/tenants/sec/keys", admin).json().get("items").get(0).get("id").asText();
      app.send(
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(app.base() + "/v1/tenants/sec/keys/" + keyId))
              .DELETE(),
          admin);
    } finally {
      root.detachAppender(captured);
    }
    int lines = 0;
    for (ILoggingEvent e : captured.list) {
      String text =
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      for (String s : secrets) {
        assertThat(text).as("a logged line").doesNotContain(s);
      }
      lines++;
    }
    assertThat(lines).isGreaterThan(20);
    Figures.record(
        0,
        "secrets checked against every logged line: keys / lines",
        secrets.size() + " / " + lines,
        "");
  }
}
