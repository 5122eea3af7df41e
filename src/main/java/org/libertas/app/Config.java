package org.libertas.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the service, read once from {@code LIBERTAS_*} environment variables and
 * validated, grouped by what it configures. Documented in docs/configuration.md; a wrong value
 * stops start-up naming the variable. Every variable is read in {@link #fromEnv}, and nowhere else.
 *
 * @param adminKey bootstrap admin key; empty = generate one at first start and print it once
 * @param ngoPublishers tenants (NGOs) whose own admin may issue {@code ngo-editor} keys to their
 *     tenant: publishing the platform-wide ontology is otherwise the platform administrator's right
 */
public record Config(
    Http http,
    Threads threads,
    Stores stores,
    Optional<String> adminKey,
    List<String> ngoPublishers,
    OntologyFiles ontology,
    Uploads uploads,
    Sparql sparql,
    Webhooks webhooks,
    Cache cache) {

  public static final String PREFIX = "LIBERTAS_";

  /**
   * The HTTP API.
   *
   * @param rateLimitPerMinute requests a minute (and burst) per API key; 0 = unlimited
   * @param corsOrigins origins allowed to call from browsers; empty = no CORS
   * @param jsonMaxBytes largest body of an operation that takes JSON (uploads, ontology drafts and
   *     SPARQL queries have their own limits)
   * @param idleTimeoutSeconds a connection on which nothing is read or written this long is closed
   * @param bodyTimeoutMs the time every request body has to arrive, on top of its length at {@code
   *     bodyMinBytesPerSecond}; a body still arriving after that gets 408
   * @param bodyMinBytesPerSecond the slowest honest upload rate the body time limit allows for
   * @param maxAnonymousConnections open connections that have not yet carried an authenticated
   *     request; beyond it a request without a valid key gets 503
   */
  public record Http(
      String host,
      int port,
      int rateLimitPerMinute,
      List<String> corsOrigins,
      long jsonMaxBytes,
      int idleTimeoutSeconds,
      long bodyTimeoutMs,
      long bodyMinBytesPerSecond,
      int maxAnonymousConnections) {}

  /**
   * Threads: the event loops the HTTP API runs on (one API verticle each), and the one worker
   * executor that runs everything blocking (Jena, CSV parsing, scoring, hashing, rendering).
   */
  public record Threads(int eventLoops, int workers) {}

  /**
   * Where the data lives.
   *
   * @param dataDir TDB2, the embedded PostgreSQL and temporary upload files
   * @param pgUrl external PostgreSQL ({@code postgresql://user[:pw]@host:port/db}); empty =
   *     embedded
   * @param sparqlStore an external SPARQL 1.1 store instead of the embedded TDB2; empty = TDB2
   * @param queryTimeoutMs time limit of one of the service's own queries to the graph store (copies
   *     of a tenant's view, rules, look-ups): a guard against a stuck store, not a budget
   */
  public record Stores(
      Path dataDir, Optional<URI> pgUrl, Optional<SparqlStore> sparqlStore, long queryTimeoutMs) {}

  /**
   * The knowledge base.
   *
   * @param dir the bundled ontology directory; empty = the one in the jar
   * @param maxBytes largest ontology draft
   * @param proofSuppliers size of the generated graph a draft's added or changed rules are run on
   * @param ruleBudgetMs time each of those rules is allowed on it; slower refuses the draft
   */
  public record OntologyFiles(
      Optional<Path> dir, long maxBytes, int proofSuppliers, long ruleBudgetMs) {}

  /**
   * Upload limits and how long superseded uploads are kept.
   *
   * @param retentionDays how long the graphs of superseded uploads are kept (0 = purge at once)
   * @param parallelJobs upload jobs each instance runs at once, of different tenants (a tenant's
   *     own uploads always run one at a time, in order); also the size of the upload worker pool
   */
  public record Uploads(
      long maxBytes,
      int maxRows,
      int maxFieldChars,
      int maxErrors,
      int maxLinesPerField,
      int retentionDays,
      int parallelJobs) {}

  /**
   * The {@code /v1/sparql} endpoint.
   *
   * @param timeoutMs time limit of one query
   * @param maxRows most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned
   * @param maxQueryBytes longest query text parsed; longer gets 413
   * @param threads the endpoint's own worker pool: user queries never take the shared workers
   * @param perTenant queries of one tenant in flight (running or waiting) at once, on each
   *     instance; beyond it 429. Smaller than {@code threads}, so one tenant never holds them all
   * @param queue queries waiting for a thread, all tenants together; beyond it 503
   */
  public record Sparql(
      long timeoutMs, int maxRows, int maxQueryBytes, int threads, int perTenant, int queue) {}

  /**
   * Band-change webhooks.
   *
   * @param allowedHosts {@code host} or {@code host:port} a webhook may point at; empty = none
   * @param attempts deliveries tried per event and webhook (first try included)
   * @param backoffMs wait before the first retry; each later wait is four times longer
   * @param timeoutMs time limit of one delivery attempt
   */
  public record Webhooks(List<String> allowedHosts, int attempts, long backoffMs, long timeoutMs) {}

  /**
   * What each instance keeps in memory.
   *
   * @param entries most current scores, and most API keys, cached in front of PostgreSQL (dropped
   *     on change through PostgreSQL notifications); 0 = no cache
   * @param residentMaxTriples the bound of the run cache: most facts (triples of tenants' current
   *     views and screening graphs, plus one per supplier scored) of tenants' last runs kept in
   *     memory, so that the next upload's rescoring applies its change and reruns only what it
   *     touched; the least recently rescored tenants are evicted beyond it (their next run is a
   *     full one); 0 = none kept
   */
  public record Cache(int entries, long residentMaxTriples) {}

  /**
   * A remote SPARQL 1.1 store: where queries and updates go, and basic-auth credentials if any. The
   * password is never printed (see {@link #toString()}).
   */
  public record SparqlStore(
      URI queryUrl, URI updateUrl, Optional<String> user, Optional<String> password) {
    @Override
    public String toString() {
      return "SparqlStore[query="
          + queryUrl
          + ", update="
          + updateUrl
          + ", user="
          + user.orElse("-")
          + "]";
    }
  }

  public static Config fromEnv(Map<String, String> env) {
    var r = new Reader(env);
    int cores = Runtime.getRuntime().availableProcessors();
    return new Config(
        new Http(
            r.string("HTTP_HOST", "0.0.0.0"),
            r.integer("HTTP_PORT", 8080, 0, 65535),
            r.integer("RATE_LIMIT_PER_MINUTE", 600, 0, 1_000_000),
            r.list("CORS_ORIGINS"),
            r.longValue("HTTP_JSON_MAX_BYTES", 1_048_576, 1024, 64L * 1024 * 1024),
            r.integer("HTTP_IDLE_TIMEOUT_SECONDS", 60, 1, 86_400),
            r.longValue("HTTP_BODY_TIMEOUT_MS", 10_000, 100, 3_600_000),
            // 64 KiB/s (512 kbit/s): a 50 MiB upload has 10 s + 800 s.
            r.longValue("HTTP_BODY_MIN_BYTES_PER_SECOND", 65_536, 1_024, 1L << 30),
            r.integer("HTTP_MAX_ANONYMOUS_CONNECTIONS", 256, 1, 1_000_000)),
        new Threads(
            r.integer("EVENT_LOOPS", 2 * cores, 1, 1024),
            r.integer("WORKER_THREADS", Math.max(2, cores), 1, 256)),
        new Stores(
            Path.of(r.string("DATA_DIR", "./data")),
            r.optional("PG_URL").map(v -> r.pgUri("PG_URL", v)),
            r.sparqlStore(),
            r.longValue("STORE_QUERY_TIMEOUT_MS", 3_600_000, 1_000, 86_400_000)),
        r.optional("ADMIN_KEY").map(v -> r.adminKey("ADMIN_KEY", v)),
        r.list("NGO_PUBLISHER_TENANTS"),
        new OntologyFiles(
            r.optional("ONTOLOGY_DIR").map(Path::of),
            r.longValue("ONTOLOGY_MAX_BYTES", 20L * 1024 * 1024, 1024, 512L * 1024 * 1024),
            r.integer("ONTOLOGY_PROOF_SUPPLIERS", 10_000, 50, 1_000_000),
            r.longValue("ONTOLOGY_RULE_BUDGET_MS", 20_000, 10, 600_000)),
        new Uploads(
            r.longValue("UPLOAD_MAX_BYTES", 50L * 1024 * 1024, 1024, 512L * 1024 * 1024),
            r.integer("UPLOAD_MAX_ROWS", 500_000, 1, 50_000_000),
            r.integer("UPLOAD_MAX_FIELD_CHARS", 10_000, 16, 10_000_000),
            r.integer("UPLOAD_MAX_ERRORS", 1_000, 1, 1_000_000),
            r.integer("UPLOAD_MAX_LINES_PER_FIELD", 100, 1, 100_000),
            // 2557 days = 7 years, the usual retention of audit evidence.
            r.integer("RETENTION_DAYS", 2557, 0, 36_500),
            r.integer("UPLOAD_PARALLEL_JOBS", 2, 1, 32)),
        new Sparql(
            r.longValue("SPARQL_TIMEOUT_MS", 10_000, 100, 600_000),
            r.integer("SPARQL_MAX_ROWS", 10_000, 1, 1_000_000),
            r.integer("SPARQL_MAX_QUERY_BYTES", 1_048_576, 256, 67_108_864),
            r.sparqlThreads(),
            r.integer("SPARQL_PER_TENANT", 2, 1, 1_023),
            r.integer("SPARQL_QUEUE", 32, 0, 100_000)),
        new Webhooks(
            r.list("WEBHOOK_ALLOWED_HOSTS"),
            r.integer("WEBHOOK_ATTEMPTS", 4, 1, 10),
            r.longValue("WEBHOOK_BACKOFF_MS", 1_000, 1, 3_600_000),
            r.longValue("WEBHOOK_TIMEOUT_MS", 10_000, 100, 600_000)),
        new Cache(
            r.integer("CACHE_ENTRIES", 50_000, 0, 10_000_000),
            r.longValue("RESIDENT_MAX_TRIPLES", 6_000_000, 0, 2_000_000_000)));
  }

  private record Reader(Map<String, String> env) {
    Optional<String> optional(String name) {
      String v = env.get(PREFIX + name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A comma-separated list; blank items are dropped. */
    List<String> list(String name) {
      return optional(name).stream()
          .flatMap(v -> java.util.Arrays.stream(v.split(",")))
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .toList();
    }

    String string(String name, String def) {
      return optional(name).orElse(def);
    }

    long longValue(String name, long def, long min, long max) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return def;
      }
      long n;
      try {
        n = Long.parseLong(v.get());
      } catch (NumberFormatException e) {
        throw new ConfigException(PREFIX + name + " must be a whole number, got '" + v.get() + "'");
      }
      if (n < min || n > max) {
        throw new ConfigException(
            PREFIX + name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    }

    int integer(String name, int def, int min, int max) {
      return (int) longValue(name, def, min, max);
    }

    URI pgUri(String name, String v) {
      try {
        URI u = URI.create(v);
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
          throw new IllegalArgumentException();
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
          throw new IllegalArgumentException();
        }
        return u;
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            PREFIX
                + name
                + " must look like postgresql://user@host:5432/database, got '"
                + v
                + "'");
      }
    }

    /** The SPARQL pool, larger than one tenant's share of it. */
    int sparqlThreads() {
      int threads = integer("SPARQL_THREADS", 4, 2, 1_024);
      int perTenant = integer("SPARQL_PER_TENANT", 2, 1, 1_023);
      if (perTenant >= threads) {
        throw new ConfigException(
            PREFIX
                + "SPARQL_PER_TENANT ("
                + perTenant
                + ") must be smaller than "
                + PREFIX
                + "SPARQL_THREADS ("
                + threads
                + "): one tenant must never hold every SPARQL thread");
      }
      return threads;
    }

    /** Both endpoint URLs or neither; credentials only with them, a password only with a user. */
    Optional<SparqlStore> sparqlStore() {
      Optional<URI> query = optional("SPARQL_QUERY_URL").map(v -> httpUri("SPARQL_QUERY_URL", v));
      Optional<URI> update =
          optional("SPARQL_UPDATE_URL").map(v -> httpUri("SPARQL_UPDATE_URL", v));
      Optional<String> user = optional("SPARQL_USER");
      Optional<String> password = optional("SPARQL_PASSWORD");
      if (query.isPresent() != update.isPresent()) {
        throw new ConfigException(
            PREFIX
                + "SPARQL_QUERY_URL and "
                + PREFIX
                + "SPARQL_UPDATE_URL must be set together (or neither, for the embedded TDB2)");
      }
      if (query.isEmpty() && (user.isPresent() || password.isPresent())) {
        throw new ConfigException(
            PREFIX
                + "SPARQL_USER and "
                + PREFIX
                + "SPARQL_PASSWORD need "
                + PREFIX
                + "SPARQL_QUERY_URL");
      }
      if (password.isPresent() && user.isEmpty()) {
        throw new ConfigException(PREFIX + "SPARQL_PASSWORD needs " + PREFIX + "SPARQL_USER");
      }
      return query.map(q -> new SparqlStore(q, update.get(), user, password));
    }

    URI httpUri(String name, String v) {
      try {
        URI u = URI.create(v);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
            || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
        if (u.getUserInfo() != null) {
          throw new ConfigException(
              PREFIX
                  + name
                  + " must not carry credentials: use "
                  + PREFIX
                  + "SPARQL_USER and "
                  + PREFIX
                  + "SPARQL_PASSWORD");
        }
        return u;
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            PREFIX + name + " must look like http://host:3030/dataset/query, got '" + v + "'");
      }
    }

    String adminKey(String name, String v) {
      if (v.length() < 24) {
        throw new ConfigException(PREFIX + name + " must be at least 24 characters long");
      }
      return v;
    }
  }
}
