package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/** /metrics is public Prometheus text that counts what the service did. */
class MetricsIT {
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
  void countsRequestsUploadsAndRescorings() {
    String key = app.tenantWithKey("acme", "auditor");
    app.upload(key, "suppliers", "supplier_id,name,country\nA1,Acme Mine,PE\n");
    app.get("/v1/suppliers", key);
    app.get("/v1/suppliers/nope/risk", key);
    app.get("/healthz", null);

    TestApp.Response r = app.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body())
        .contains(
            "libertas_http_requests_seconds_count{operation=\"listSuppliers\",status=\"200\"} 1")
        .contains("operation=\"getSupplierRisk\",status=\"404\"")
        .contains("operation=\"health\",status=\"200\"")
        .contains("libertas_http_requests_seconds_sum")
        .contains("libertas_upload_jobs{status=\"succeeded\"} 1")
        .contains("libertas_upload_jobs{status=\"failed\"} 0")
        .contains("libertas_rescoring_seconds_count");
    assertThat(r.body()).doesNotContain("libertas_rescoring_seconds_count 0");
  }
}
