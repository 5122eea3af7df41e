package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Listens to PostgreSQL's notifications of changed rows that instances cache (migration V8: any
 * change to {@code supplier_scores}, {@code score_state} or {@code api_keys}, by anyone) and drops
 * what the caches hold. The caches serve only while the listening connection is up: when it drops
 * they are emptied and bypassed until it is back (re-listening empties them again, since
 * notifications sent meanwhile were lost).
 */
public final class ChangeFeed implements AutoCloseable {
  private final PgSubscriber subscriber;
  private final ReadCache<?> scores;
  private final ReadCache<?> keys;

  private ChangeFeed(PgSubscriber subscriber, ReadCache<?> scores, ReadCache<?> keys) {
    this.subscriber = subscriber;
    this.scores = scores;
    this.keys = keys;
  }

  /** Starts listening; the caches serve once the first LISTEN has succeeded. */
  public static Future<ChangeFeed> start(
      Vertx vertx, PgConnectOptions options, ReadCache<?> scores, ReadCache<?> keys) {
    PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
    ChangeFeed feed = new ChangeFeed(s, scores, keys);
    s.channel("libertas_scores")
        .subscribeHandler(v -> scores.enable())
        .handler(scores::invalidate)
        .endHandler(v -> scores.disable());
    s.channel("libertas_keys")
        .subscribeHandler(v -> keys.enable())
        .handler(x -> keys.invalidateAll())
        .endHandler(v -> keys.disable());
    s.closeHandler(
        v -> {
          scores.disable();
          keys.disable();
        });
    return s.connect().map(feed);
  }

  @Override
  public void close() {
    scores.disable();
    keys.disable();
    subscriber.close();
  }
}
