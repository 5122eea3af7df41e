package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * PostgreSQL advisory locks shared by every instance on the database: one per tenant, held around
 * whatever reads then writes a tenant's graphs or scores (an upload's load, a view rebuild, a
 * rescoring), so two instances never interleave on one tenant; and one per instance, held for the
 * instance's life, so that start-up can tell a job claimed by a live instance from one left by a
 * dead one.
 *
 * <p>The locks live on their own small pool: a lock holder's work runs on the main pool, so waiting
 * for a lock never starves the work of the holder. Locks are keyed by {@code hashtext}, 32 bits:
 * two tenants that collide only wait for each other.
 */
public final class Locks implements AutoCloseable {
  private static final int TENANT = 0x4c425401;
  private static final int INSTANCE = 0x4c425402;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Locks.class);

  private final Vertx vertx;
  private final Pool pool;
  private final UUID instance;
  private volatile SqlConnection held;
  private volatile boolean closed;

  private Locks(Vertx vertx, Pool pool, UUID instance) {
    this.vertx = vertx;
    this.pool = pool;
    this.instance = instance;
  }

  /** Opens the lock pool and takes this instance's own lock (a new id each start). */
  public static Future<Locks> open(Vertx vertx, PgConnectOptions options) {
    return open(vertx, options, 5);
  }

  /**
   * As {@link #open(Vertx, PgConnectOptions)}, with {@code size} connections: one is this
   * instance's own lock, each lock held (an upload job loading, a rescoring) takes one more.
   */
  public static Future<Locks> open(Vertx vertx, PgConnectOptions options, int size) {
    Pool pool =
        PgBuilder.pool()
            // A task may wait for a connection as long as other tenants' locks are held.
            .with(
                new PoolOptions()
                    .setMaxSize(size)
                    .setName("libertas-locks")
                    .setConnectionTimeout(10)
                    .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MINUTES))
            .connectingTo(options)
            .using(vertx)
            .build();
    Locks locks = new Locks(vertx, pool, UUID.randomUUID());
    return locks.takeInstanceLock().map(locks).onFailure(e -> pool.close());
  }

  /**
   * Takes this instance's lock on a connection of its own, and takes it again whenever that
   * connection drops (PostgreSQL restarted, a proxy cut it): a lock held on a dead connection is no
   * lock, and other instances would take this one's jobs for orphans.
   */
  private Future<Void> takeInstanceLock() {
    return pool.getConnection()
        .compose(
            c ->
                c.preparedQuery("select pg_advisory_lock($1, hashtext($2))")
                    .execute(Tuple.of(INSTANCE, instance.toString()))
                    .map(
                        x -> {
                          held = c;
                          c.closeHandler(v -> lost());
                          return (Void) null;
                        })
                    .onFailure(e -> c.close()));
  }

  private void lost() {
    if (!closed) {
      LOG.warn("the connection holding this instance's lock dropped; taking the lock again");
      retake();
    }
  }

  private void retake() {
    vertx.setTimer(
        1_000,
        t -> {
          if (!closed) {
            takeInstanceLock()
                .onSuccess(v -> LOG.info("this instance's lock is held again"))
                .onFailure(e -> retake());
          }
        });
  }

  /** This instance's id, recorded on the jobs it claims. */
  public UUID instance() {
    return instance;
  }

  /** Whether the instance that claimed a job is still running (a null claimer never is). */
  public Future<Boolean> alive(UUID claimer) {
    if (claimer == null) {
      return Future.succeededFuture(false);
    }
    if (claimer.equals(instance)) {
      return Future.succeededFuture(true);
    }
    return pool.withConnection(
        c ->
            c.preparedQuery("select pg_try_advisory_lock($1, hashtext($2))")
                .execute(Tuple.of(INSTANCE, claimer.toString()))
                .compose(
                    rs -> {
                      if (!rs.iterator().next().getBoolean(0)) {
                        return Future.succeededFuture(true);
                      }
                      return c.preparedQuery("select pg_advisory_unlock($1, hashtext($2))")
                          .execute(Tuple.of(INSTANCE, claimer.toString()))
                          .map(x -> false);
                    }));
  }

  /** Runs work holding the tenant's lock; waits while another instance (or task) holds it. */
  public <T> Future<T> withTenant(String tenantId, Supplier<Future<T>> work) {
    return pool.withConnection(
        c ->
            c.preparedQuery("select pg_advisory_lock($1, hashtext($2))")
                .execute(Tuple.of(TENANT, tenantId))
                .compose(
                    x -> {
                      Future<T> f;
                      try {
                        f = work.get();
                      } catch (RuntimeException e) {
                        f = Future.failedFuture(e);
                      }
                      return f.transform(
                          r ->
                              c.preparedQuery("select pg_advisory_unlock($1, hashtext($2))")
                                  .execute(Tuple.of(TENANT, tenantId))
                                  .transform(
                                      u ->
                                          r.succeeded()
                                              ? Future.succeededFuture(r.result())
                                              : Future.<T>failedFuture(r.cause())));
                    }));
  }

  @Override
  public void close() {
    closed = true;
    SqlConnection c = held;
    if (c != null) {
      c.close();
    }
    pool.close();
  }
}
