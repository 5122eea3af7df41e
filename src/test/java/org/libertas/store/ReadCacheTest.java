package org.libertas.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadCacheTest {
  @Test
  void servesNothingUntilTheFeedListensAndNothingAfterItStops() {
    ReadCache<String> c = new ReadCache<>(10, 60_000);
    c.put("t", "k", "v", c.ticket("t"));
    assertThat(c.get("t", "k")).isNull();
    c.enable();
    c.put("t", "k", "v", c.ticket("t"));
    assertThat(c.get("t", "k")).isEqualTo("v");
    c.disable();
    assertThat(c.get("t", "k")).isNull();
  }

  @Test
  void aReadStartedBeforeAnInvalidationIsNotStored() {
    ReadCache<String> c = new ReadCache<>(10, 60_000);
    c.enable();
    ReadCache.Ticket early = c.ticket("t");
    c.invalidate("t");
    c.put("t", "k", "old", early);
    assertThat(c.get("t", "k")).isNull();
    ReadCache.Ticket beforeAll = c.ticket("u");
    c.invalidateAll();
    c.put("u", "k", "old", beforeAll);
    assertThat(c.get("u", "k")).isNull();
  }

  @Test
  void invalidatingOneTenantLeavesTheOthers() {
    ReadCache<String> c = new ReadCache<>(10, 60_000);
    c.enable();
    c.put("t", "k", "1", c.ticket("t"));
    c.put("u", "k", "2", c.ticket("u"));
    c.invalidate("t");
    assertThat(c.get("t", "k")).isNull();
    assertThat(c.get("u", "k")).isEqualTo("2");
  }

  @Test
  void entriesExpireAndTheBoundEmptiesTheCache() throws Exception {
    ReadCache<String> shortLived = new ReadCache<>(10, 1);
    shortLived.enable();
    shortLived.put("t", "k", "v", shortLived.ticket("t"));
    Thread.sleep(5);
    assertThat(shortLived.get("t", "k")).isNull();

    ReadCache<String> small = new ReadCache<>(2, 60_000);
    small.enable();
    small.put("t", "a", "1", small.ticket("t"));
    small.put("t", "b", "2", small.ticket("t"));
    assertThat(small.get("t", "b")).isEqualTo("2");
    small.put("t", "c", "3", small.ticket("t"));
    assertThat(small.get("t", "a")).isNull();
    assertThat(small.get("t", "c")).isNull();

    ReadCache<String> none = new ReadCache<>(0, 60_000);
    none.enable();
    none.put("t", "a", "1", none.ticket("t"));
    assertThat(none.get("t", "a")).isNull();
  }
}
