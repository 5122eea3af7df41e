package org.libertas.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Requests to a Libertas under test (in this JVM or a child process), built one way. */
public final class TestHttp {
  private TestHttp() {}

  /**
   * A request to {@code base + path} with a 60 s time limit; {@code key}, {@code type} and {@code
   * body} may be null (no Authorization, no Content-Type, no body).
   */
  public static HttpRequest.Builder request(
      String base, String method, String path, String key, String type, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    return b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }
}
