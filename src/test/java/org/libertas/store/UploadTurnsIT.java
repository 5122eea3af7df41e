package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestPostgres;

/**
 * The upload queue's claim on a real PostgreSQL, with no runner taking jobs: tenants are served in
 * turn (not in arrival order), a tenant never has two jobs at once, its own jobs stay in order, and
 * claims racing each other (as several instances or slots do) never break either rule.
 */
class UploadTurnsIT {
  Vertx vertx;
  Postgres pg;
  Uploads uploads;
  final UUID instance = UUID.randomUUID();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    pg =
        Postgres.start(
            vertx,
            Optional.of(TestPostgres.freshDatabase()),
            Files.createTempDirectory("libertas-turns"),
            8);
    uploads = new Uploads(pg.pool());
    for (String t : List.of("alpha", "beta", "gamma")) {
      await(
          pg.pool()
              .preparedQuery("insert into tenants (id, name) values ($1, $1)")
              .execute(io.vertx.sqlclient.Tuple.of(t)));
    }
  }

  @AfterEach
  void stop() throws Exception {
    pg.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void tenantsAreServedInTurnNotInArrivalOrder() {
    UUID a1 = enqueue("alpha");
    UUID a2 = enqueue("alpha");
    enqueue("alpha");
    UUID b1 = enqueue("beta");
    UUID g1 = enqueue("gamma");

    assertThat(claim()).contains(a1);
    finish(a1);
    // In arrival order a2 would come next; alpha was just served, beta and gamma never were.
    assertThat(claim()).contains(b1);
    assertThat(claim()).contains(g1);
    finish(b1);
    finish(g1);
    assertThat(claim()).contains(a2);
    // alpha's third waits for its second: one job per tenant at a time, in order.
    assertThat(claim()).isEmpty();
  }

  @Test
  void racingClaimsNeverGiveATenantTwoJobsAtOnce() {
    List<UUID> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (String t : List.of("alpha", "beta", "gamma")) {
        queued.add(enqueue(t));
      }
    }
    List<Future<Optional<Uploads.Job>>> racing = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      racing.add(uploads.claim(instance));
    }
    List<Uploads.Job> claimed = new ArrayList<>();
    for (var f : racing) {
      await(f).ifPresent(claimed::add);
    }
    assertThat(claimed)
        .extracting(Uploads.Job::tenantId)
        .containsOnlyOnce("alpha", "beta", "gamma");
    // Each tenant's first job, the oldest of its three.
    assertThat(claimed)
        .extracting(Uploads.Job::id)
        .containsExactlyInAnyOrder(queued.get(0), queued.get(1), queued.get(2));
  }

  private UUID enqueue(String tenant) {
    UUID id = UUID.randomUUID();
    byte[] body = "supplier_id,name,country\nS1,One,PE\n".getBytes(StandardCharsets.UTF_8);
    await(
        uploads.enqueue(
            new Uploads.NewUpload(
                id,
                tenant,
                "suppliers",
                "merge",
                true,
                "f.csv",
                "sha-" + id,
                null,
                "csv",
                null,
                java.util.Map.of(),
                body,
                id.toString(),
                null,
                false)));
    return id;
  }

  private Optional<UUID> claim() {
    return await(uploads.claim(instance)).map(Uploads.Job::id);
  }

  private void finish(UUID id) {
    await(uploads.finish(id, "succeeded", List.of(), List.of()));
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("PostgreSQL did not answer in 30 s", e);
    }
  }
}
