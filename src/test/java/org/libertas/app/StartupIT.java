package org.libertas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start-up and shutdown as an operator sees them: the embedded stores, and a refused config. */
class StartupIT {

  @Test
  void anInvalidVariableStopsTheProcessWithAOneLineReason() throws Exception {
    Path dir = Files.createTempDirectory("libertas-badcfg");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve");
    pb.environment().put("LIBERTAS_HTTP_PORT", "not-a-port");
    pb.environment().put("LIBERTAS_DATA_DIR", dir.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("LIBERTAS_HTTP_PORT");
    assertThat(out.lines().count()).as(out).isEqualTo(1);
  }

  @Test
  void embeddedStoresStartKeepDataAcrossRestartsAndLeaveNoServerBehind() throws Exception {
    Path dir = Files.createTempDirectory("libertas-embedded");
    Config config =
        Config.fromEnv(
            Map.of(
                "LIBERTAS_ADMIN_KEY", "embedded-admin-key-0123456789abcdef",
                "LIBERTAS_HTTP_HOST", "127.0.0.1",
                "LIBERTAS_HTTP_PORT", "0",
                "LIBERTAS_DATA_DIR", dir.toString()));
    try (Libertas app = Libertas.start(config)) {
      assertThat(app.postgres().embedded()).isTrue();
      assertThat(get(app.port(), "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + app.port() + "/v1/tenants"))
                      .header("Authorization", "Bearer embedded-admin-key-0123456789abcdef")
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"id\":\"kept\",\"name\":\"Kept\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
    }
    assertThat(postgresProcessesUnder(dir)).isEmpty();
    assertThat(dir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();

    try (Libertas again = Libertas.start(config)) {
      assertThat(Libertas.await(again.tenants().find("kept"))).isPresent();
    }
    assertThat(postgresProcessesUnder(dir)).isEmpty();
  }

  private static List<String> postgresProcessesUnder(Path dir) {
    return ProcessHandle.allProcesses()
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains("postgres") && c.contains(dir.toString()))
        .toList();
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
