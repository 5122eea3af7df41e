package org.libertas.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {
  static final List<String> ALLOWED = List.of("hooks.example.org", "10.0.0.5:8443");

  @Test
  void onlyHttpToAnAllowedHostAndPort() {
    assertThat(Alerts.allowed("https://hooks.example.org/x", ALLOWED)).isTrue();
    assertThat(Alerts.allowed("http://HOOKS.example.org:9000/x", ALLOWED)).isTrue();
    assertThat(Alerts.allowed("https://10.0.0.5:8443/x", ALLOWED)).isTrue();
    assertThat(Alerts.allowed("https://10.0.0.5/x", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("https://10.0.0.5:8444/x", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("https://hooks.example.org.evil.com/x", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("https://user@hooks.example.org/x", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("file:///etc/passwd", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("not a url", ALLOWED)).isFalse();
    assertThat(Alerts.allowed("https://hooks.example.org/x", List.of())).isFalse();
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2.
    assertThat(
            Alerts.signature(
                "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
