package org.libertas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.libertas.app.Config;
import org.libertas.app.Libertas;

/**
 * A real Libertas for a test class: real HTTP server on port 0, real TDB2 in a temporary directory,
 * a fresh database on the test PostgreSQL. Plus a small HTTP client for black-box calls.
 */
public final class TestApp implements AutoCloseable {
  public static final String ADMIN_KEY = "test-platform-admin-key-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final Libertas app;
  public final Path dataDir;
  public final URI database;
  private TestStore store;
  private Map<String, String> env;

  /**
   * The environment this service was started with (its data directory, database and graph store),
   * to start another service on the same stores after closing this one ({@link #app}.close()).
   */
  public Map<String, String> env() {
    return env;
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestApp(Libertas app, Path dataDir, URI database) {
    this.app = app;
    this.dataDir = dataDir;
    this.database = database;
  }

  public static TestApp start() {
    return start(Map.of());
  }

  public static TestApp start(Map<String, String> env) {
    return start(env, java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #start(Map)}, connecting to PostgreSQL through {@code via} the fresh database's URI
   * (a test proxy in front of the server, say); {@link #database} stays the direct one.
   */
  public static TestApp start(Map<String, String> env, java.util.function.UnaryOperator<URI> via) {
    try {
      Path dir = Files.createTempDirectory("libertas-test");
      URI db = TestPostgres.freshDatabase();
      Map<String, String> all = new java.util.HashMap<>(env);
      all.putIfAbsent("LIBERTAS_ADMIN_KEY", ADMIN_KEY);
      all.putIfAbsent("LIBERTAS_HTTP_HOST", "127.0.0.1");
      all.putIfAbsent("LIBERTAS_WORKER_THREADS", "4");
      // Tests poll upload status fast; the rate limit has its own test.
      all.putIfAbsent("LIBERTAS_RATE_LIMIT_PER_MINUTE", "0");
      // A draft that changes a rule is proven on a generated graph: small in tests (10k by
      // default).
      all.putIfAbsent("LIBERTAS_ONTOLOGY_PROOF_SUPPLIERS", "300");
      all.put("LIBERTAS_DATA_DIR", dir.toString());
      all.put("LIBERTAS_HTTP_PORT", "0");
      all.put("LIBERTAS_PG_URL", via.apply(db).toString());
      TestStore store = TestStore.start();
      all.putAll(store.env());
      try {
        TestApp t = new TestApp(Libertas.start(Config.fromEnv(all)), dir, db);
        t.store = store;
        t.env = Map.copyOf(all);
        return t;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String base() {
    return clientBase != null ? clientBase : "http://127.0.0.1:" + app.port();
  }

  private String clientBase;

  /**
   * Only the client, for a service this class did not start (one on a port chosen before it
   * listens): {@link #app} is null, {@link #close} does nothing.
   */
  public static TestApp client(String base) {
    TestApp t = new TestApp(null, null, null);
    t.clientBase = base;
    return t;
  }

  /** A response with its body parsed when it is JSON. */
  public record Response(
      int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  public Response get(String path, String key) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), key);
  }

  public Response post(String path, String key, String contentType, byte[] body) {
    var b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b, key);
  }

  public Response postJson(String path, String key, String json) {
    return post(path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Posts a multipart form: the file in the part {@code file} (with its name), and text fields (in
   * their order) before it.
   */
  public Response postMultipart(
      String path, String key, String fileName, byte[] file, Map<String, String> fields) {
    String boundary = "libertas-test-boundary";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return post(path, key, "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  public Response postCsv(String path, String key, String csv) {
    return post(path, key, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  public Response putJson(String path, String key, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)),
        key);
  }

  public Response send(HttpRequest.Builder b, String key) {
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.body(),
          r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a tenant and returns a key of the given role for it. */
  public String tenantWithKey(String tenant, String role) {
    Response t =
        postJson(
            "/v1/tenants",
            ADMIN_KEY,
            "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + " Ltd\"}");
    if (t.status() != 201 && t.status() != 409) {
      throw new AssertionError("tenant not created: " + t.body());
    }
    return key(tenant, role);
  }

  public String key(String tenant, String role) {
    Response k =
        postJson("/v1/tenants/" + tenant + "/keys", ADMIN_KEY, "{\"role\":\"" + role + "\"}");
    if (k.status() != 201) {
      throw new AssertionError("key not issued: " + k.body());
    }
    return k.json().get("key").asText();
  }

  /** Uploads a CSV and waits for the job to end; returns the final upload document. */
  public JsonNode upload(String key, String kind, String csv) {
    Response r = postCsv("/v1/uploads?kind=" + kind, key, csv);
    if (r.status() != 202) {
      throw new AssertionError("upload refused: " + r.status() + " " + r.body());
    }
    return awaitUpload(key, r.header("Location"));
  }

  public JsonNode awaitUpload(String key, String location) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode u = get(location, key).json();
      String status = u.path("status").asText();
      if (status.equals("succeeded") || status.equals("failed")) {
        return u;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("upload did not finish: " + location);
  }

  /** Waits until the rescoring after an ontology publication or rollback has ended. */
  public JsonNode awaitImpact(String key, int version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode impact = get("/v1/ontology/versions/" + version + "/impact", key).json();
      if (!impact.get("rescoring").asText().equals("running")) {
        return impact;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("rescoring of ontology version " + version + " did not finish");
  }

  @Override
  public void close() {
    if (app == null) {
      return;
    }
    app.close();
    store.close();
  }
}
