package org.libertas.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.libertas.store.Tenants;
import org.libertas.store.Uploads;

/**
 * {@code serve --demo}: tenant {@value #TENANT}, the sample data loaded through the same upload
 * jobs auditors use, and a key printed with a curl command that works as printed.
 */
public final class Demo {
  public static final String TENANT = "demo";
  static final List<String> FILES = List.of("suppliers", "relationships", "recruiters", "findings");

  private Demo() {}

  /**
   * Loads the sample data unless the tenant already has it; returns an admin key for the tenant.
   */
  public static String load(Libertas app) {
    Tenants tenants = app.tenants();
    Uploads uploads = new Uploads(app.postgres().pool());
    boolean fresh = Libertas.await(tenants.find(TENANT)).isEmpty();
    Libertas.await(tenants.ensure(TENANT, "Demo company"));
    String key = Libertas.await(tenants.issueKey(TENANT, "admin", null)).key();
    if (fresh) {
      for (String kind : FILES) {
        byte[] bytes = read("/sample-data/" + kind + ".csv");
        UUID id = UUID.randomUUID();
        Libertas.await(
            uploads.enqueue(
                new Uploads.NewUpload(
                    id,
                    TENANT,
                    kind,
                    "merge",
                    false,
                    kind + ".csv",
                    org.apache.commons.codec.digest.DigestUtils.sha256Hex(bytes),
                    "UTF-8",
                    "csv",
                    null,
                    java.util.Map.of(),
                    bytes,
                    "demo-" + kind,
                    null,
                    false)));
      }
      app.kickJobs();
      waitForQueue(app, uploads);
    }
    return key;
  }

  private static void waitForQueue(Libertas app, Uploads uploads) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      Long pending =
          Libertas.await(
              app.postgres()
                  .pool()
                  .preparedQuery(
                      "select count(*) from uploads where tenant_id = $1 and status not in ('succeeded', 'failed')")
                  .execute(io.vertx.sqlclient.Tuple.of(TENANT))
                  .map(rs -> rs.iterator().next().getLong(0)));
      if (pending == 0) {
        Long failed =
            Libertas.await(
                app.postgres()
                    .pool()
                    .preparedQuery(
                        "select count(*) from uploads where tenant_id = $1 and status = 'failed'")
                    .execute(io.vertx.sqlclient.Tuple.of(TENANT))
                    .map(rs -> rs.iterator().next().getLong(0)));
        if (failed > 0) {
          String first =
              Libertas.await(
                  app.postgres()
                      .pool()
                      .preparedQuery(
                          "select u.file_name, e.line, e.column_name, e.code, e.message from upload_errors e join uploads u on u.id = e.upload_id"
                              + " where u.tenant_id = $1 and e.severity = 'error' order by u.seq, e.ordinal limit 5")
                      .execute(io.vertx.sqlclient.Tuple.of(TENANT))
                      .map(
                          rs -> {
                            StringBuilder sb = new StringBuilder();
                            rs.forEach(
                                r ->
                                    sb.append("\n  ")
                                        .append(r.getString(0))
                                        .append(" line ")
                                        .append(r.getLong(1))
                                        .append(" [")
                                        .append(r.getString(2))
                                        .append("] ")
                                        .append(r.getString(3))
                                        .append(": ")
                                        .append(r.getString(4)));
                            return sb.toString();
                          }));
          throw new IllegalStateException(failed + " sample file(s) failed to load:" + first);
        }
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("the sample data did not load within 5 minutes");
  }

  private static byte[] read(String resource) {
    try (InputStream in = Demo.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource + " in the application");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
