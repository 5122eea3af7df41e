package org.libertas.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The ontology versions' rows: {@code ontology_versions} (which versions exist, which graph holds
 * each, how far its rescoring got), {@code ontology_drafts} (submitted drafts with their report)
 * and {@code ontology_impacts} (whose band a version changed). The life cycle that decides when to
 * write them is the ontology's; this class only reads and writes rows.
 */
public final class OntologyVersionRows {
  private final Pool pool;

  public OntologyVersionRows(Pool pool) {
    this.pool = pool;
  }

  /** A version about to exist; {@code rescoring} is its state at birth. */
  public record NewVersion(
      int version,
      String sha256,
      String graphIri,
      String note,
      UUID draftId,
      UUID publishedBy,
      Integer rolledBackFrom,
      String rescoring) {}

  /** A version as listed. */
  public record Version(
      int version,
      String sha256,
      OffsetDateTime publishedAt,
      String note,
      UUID draftId,
      Integer rolledBackFrom,
      String rescoring) {}

  /** A draft as read back, without its content. */
  public record Draft(
      UUID id,
      String format,
      int baseVersion,
      boolean valid,
      JsonObject report,
      Integer publishedAs) {}

  /** What publishing a draft needs: its content and whether it may be published. */
  public record DraftContent(
      String format, int baseVersion, byte[] content, boolean valid, Integer publishedAs) {}

  /** One supplier whose band a version changed. */
  public record Impact(
      String tenantId,
      String supplierId,
      String bandBefore,
      String bandAfter,
      Integer scoreBefore,
      Integer scoreAfter) {}

  /** What start-up recovery reads: every version's graph, and whether the latest was cut short. */
  public record Recovery(Set<String> graphIris, boolean latestInterrupted) {}

  /** The highest version, if any exists. */
  public Future<Optional<Integer>> latest() {
    return pool.query("select max(version) from ontology_versions")
        .execute()
        .map(rs -> Optional.ofNullable(rs.iterator().next().getInteger(0)));
  }

  /** The hash of the bundled files the latest bundled version was made from. */
  public Future<Optional<String>> lastBundledSha256() {
    return pool.query(
            "select sha256 from ontology_versions where note = 'bundled' order by version desc limit 1")
        .execute()
        .map(
            rs ->
                rs.size() == 0
                    ? Optional.empty()
                    : Optional.ofNullable(rs.iterator().next().getString(0)));
  }

  /** The version's hash, if the version exists. */
  public Future<Optional<String>> sha256(int version) {
    return pool.preparedQuery("select sha256 from ontology_versions where version = $1")
        .execute(Tuple.of(version))
        .map(
            rs ->
                rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getString(0)));
  }

  /** The version's rescoring state, if the version exists. */
  public Future<Optional<String>> rescoring(int version) {
    return pool.preparedQuery("select rescoring from ontology_versions where version = $1")
        .execute(Tuple.of(version))
        .map(
            rs ->
                rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getString(0)));
  }

  /**
   * Marks {@code failed} the rescorings left {@code running} by versions a later one overtook, then
   * reads what recovery needs.
   */
  public Future<Recovery> recovery() {
    return pool.query(
            "update ontology_versions set rescoring = 'failed' where rescoring = 'running'"
                + " and version < (select max(version) from ontology_versions)")
        .execute()
        .compose(
            x ->
                pool.query(
                        "select graph_iri, rescoring, version = (select max(version) from"
                            + " ontology_versions) from ontology_versions")
                    .execute())
        .map(
            rs -> {
              Set<String> named = new HashSet<>();
              boolean interrupted = false;
              for (Row r : rs) {
                named.add(r.getString(0));
                interrupted |= r.getBoolean(2) && "running".equals(r.getString(1));
              }
              return new Recovery(named, interrupted);
            });
  }

  public Future<Void> insert(NewVersion v) {
    return pool.preparedQuery(
            "insert into ontology_versions (version, sha256, graph_iri, note, draft_id, published_by, rolled_back_from, rescoring)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(
            Tuple.from(
                new Object[] {
                  v.version(),
                  v.sha256(),
                  v.graphIri(),
                  v.note(),
                  v.draftId(),
                  v.publishedBy(),
                  v.rolledBackFrom(),
                  v.rescoring()
                }))
        .mapEmpty();
  }

  /** Sets a version's rescoring state: running, complete or failed. */
  public Future<Void> setRescoring(int version, String state) {
    return pool.preparedQuery("update ontology_versions set rescoring = $2 where version = $1")
        .execute(Tuple.of(version, state))
        .mapEmpty();
  }

  /** Every version, newest first. */
  public Future<List<Version>> versions() {
    return pool.query(
            "select version, sha256, published_at, note, draft_id, rolled_back_from, rescoring from ontology_versions order by version desc")
        .execute()
        .map(
            rs -> {
              List<Version> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Version(
                        r.getInteger("version"),
                        r.getString("sha256"),
                        r.getOffsetDateTime("published_at"),
                        r.getString("note"),
                        r.getUUID("draft_id"),
                        r.getInteger("rolled_back_from"),
                        r.getString("rescoring")));
              }
              return out;
            });
  }

  public Future<Void> insertDraft(
      UUID id,
      String format,
      int baseVersion,
      byte[] content,
      boolean valid,
      JsonObject report,
      UUID createdBy) {
    return pool.preparedQuery(
            "insert into ontology_drafts (id, format, base_version, content, valid, report, created_by) values ($1, $2, $3, $4, $5, $6, $7)")
        .execute(
            Tuple.from(
                new Object[] {
                  id, format, baseVersion, Buffer.buffer(content), valid, report, createdBy
                }))
        .mapEmpty();
  }

  public Future<Optional<Draft>> draft(UUID id) {
    return pool.preparedQuery(
            "select id, format, base_version, valid, report, published_as from ontology_drafts where id = $1")
        .execute(Tuple.of(id))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              Row r = rs.iterator().next();
              return Optional.of(
                  new Draft(
                      r.getUUID(0),
                      r.getString(1),
                      r.getInteger(2),
                      r.getBoolean(3),
                      (JsonObject) r.getJson(4),
                      r.getInteger(5)));
            });
  }

  public Future<Optional<DraftContent>> draftContent(UUID id) {
    return pool.preparedQuery(
            "select format, base_version, content, valid, published_as from ontology_drafts where id = $1")
        .execute(Tuple.of(id))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              Row r = rs.iterator().next();
              return Optional.of(
                  new DraftContent(
                      r.getString("format"),
                      r.getInteger("base_version"),
                      r.getBuffer("content").getBytes(),
                      r.getBoolean("valid"),
                      r.getInteger("published_as")));
            });
  }

  public Future<Void> markPublished(UUID draftId, int version) {
    return pool.preparedQuery("update ontology_drafts set published_as = $2 where id = $1")
        .execute(Tuple.of(draftId, version))
        .mapEmpty();
  }

  /** Every tenant's id, in order: whom a new version rescores. */
  public Future<List<String>> tenantIds() {
    return pool.query("select id from tenants order by id")
        .execute()
        .map(
            rs -> {
              List<String> out = new ArrayList<>();
              rs.forEach(r -> out.add(r.getString(0)));
              return out;
            });
  }

  /** Records band changes; changes already recorded (a redone rescoring) are kept. */
  public Future<Void> insertImpacts(int version, String tenantId, List<BandChange> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (BandChange c : changes) {
      rows.add(
          Tuple.from(
              new Object[] {
                version,
                tenantId,
                c.supplierId(),
                c.bandBefore(),
                c.bandAfter(),
                c.scoreBefore(),
                c.scoreAfter()
              }));
    }
    return pool.preparedQuery(
            "insert into ontology_impacts (version, tenant_id, supplier_id, band_before, band_after, score_before, score_after)"
                + " values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing")
        .executeBatch(rows)
        .mapEmpty();
  }

  /** Every band change of a version, by tenant and supplier. */
  public Future<List<Impact>> impacts(int version) {
    return pool.preparedQuery(
            "select tenant_id, supplier_id, band_before, band_after, score_before, score_after from ontology_impacts"
                + " where version = $1 order by tenant_id, supplier_id")
        .execute(Tuple.of(version))
        .map(
            rows -> {
              List<Impact> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Impact(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getInteger(4),
                        r.getInteger(5)));
              }
              return out;
            });
  }
}
