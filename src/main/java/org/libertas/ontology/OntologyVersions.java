package org.libertas.ontology;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.system.StreamRDFOps;
import org.libertas.errors.ConflictException;
import org.libertas.errors.NotFoundException;
import org.libertas.graph.GraphNames;
import org.libertas.graph.GraphStore;
import org.libertas.store.BandChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ontology's life cycle: the bundled ontology is version 1; NGO editors submit drafts, which
 * are validated and kept with their report; publishing makes an immutable new version, activates it
 * and rescores every tenant, recording whose band changed; rollback publishes an older version
 * again. The graph of each version lives in the graph store; PostgreSQL says which is active.
 */
public final class OntologyVersions {
  private static final Logger LOG = LoggerFactory.getLogger(OntologyVersions.class);
  private static final Query WHOLE_GRAPH = QueryFactory.create("CONSTRUCT WHERE { ?s ?p ?o }");

  private final Pool pool;
  private final GraphStore graph;
  private final WorkerExecutor workers;
  private final DraftValidator validator;
  private final AtomicReference<Ontology> active = new AtomicReference<>();
  private Rescorer rescoring;

  /** Rescores one tenant after a publish and tells whose band changed. */
  public interface Rescorer {
    Future<List<BandChange>> rescore(String tenantId);
  }

  /**
   * @param regression runs the ontology's regression cases (under {@code tests/} of the bundled
   *     directory) against a draft; the reasoning package provides it
   */
  public OntologyVersions(
      Pool pool,
      GraphStore graph,
      WorkerExecutor workers,
      Path bundledDir,
      long maxDraftBytes,
      java.util.function.Function<Ontology, List<DraftReport.Issue>> regression) {
    this.pool = pool;
    this.graph = graph;
    this.workers = workers;
    Model metaShapes;
    try (java.io.InputStream in =
        java.nio.file.Files.newInputStream(bundledDir.resolve("shapes/ontology-shapes.ttl"))) {
      metaShapes =
          org.apache.jena.riot.RDFParser.source(in)
              .lang(org.apache.jena.riot.Lang.TURTLE)
              .toModel();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.validator = new DraftValidator(metaShapes, regression, maxDraftBytes);
  }

  /**
   * Set once wiring is complete (rescoring needs the active ontology, publishing needs rescoring).
   */
  public void rescoreWith(Rescorer rescoring) {
    this.rescoring = rescoring;
  }

  public Ontology active() {
    return active.get();
  }

  /**
   * At start-up: install the bundled ontology as version 1 on a fresh system; otherwise activate
   * the latest version. When the bundled files changed since they were last installed, they are
   * published as a new version (versions are never edited in place).
   */
  public Future<Boolean> bootstrap(Ontology bundled) {
    return latest()
        .compose(
            latest -> {
              if (latest.isEmpty()) {
                return install(bundled, 1, null, null, null, "bundled").map(v -> false);
              }
              return pool.query(
                      "select sha256 from ontology_versions where note = 'bundled' order by version desc limit 1")
                  .execute()
                  .compose(
                      rs -> {
                        String lastBundled =
                            rs.size() == 0 ? null : rs.iterator().next().getString(0);
                        if (!bundled.sha256().equals(lastBundled)) {
                          int next = latest.get() + 1;
                          LOG.info(
                              "the bundled ontology changed: publishing it as version {}", next);
                          Ontology renumbered =
                              OntologyLoader.fromModel(bundled.model(), next, bundled.sha256());
                          return install(renumbered, next, null, null, null, "bundled")
                              .map(v -> true);
                        }
                        return load(latest.get())
                            .map(
                                o -> {
                                  active.set(o);
                                  return false;
                                });
                      });
            });
  }

  /**
   * Crash recovery at start-up, after {@link #bootstrap}. A publication killed between writing its
   * graph and committing its row leaves a graph no row names: it is dropped. A rescoring killed
   * half-way leaves its row {@code running}: for the latest version the caller redoes it (impact
   * rows already recorded are kept); an older one was overtaken by a later publication and is
   * marked {@code failed}.
   *
   * @return whether the latest version's rescoring was interrupted
   */
  public Future<Boolean> recover() {
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
        .compose(
            rs -> {
              java.util.Set<String> named = new java.util.HashSet<>();
              boolean interrupted = false;
              for (Row r : rs) {
                named.add(r.getString(0));
                interrupted |= r.getBoolean(2) && "running".equals(r.getString(1));
              }
              boolean redo = interrupted;
              return workers.executeBlocking(
                  () -> {
                    java.util.Set<String> orphans =
                        new java.util.TreeSet<>(graph.graphNames(GraphNames.BASE + "ontology:"));
                    orphans.removeAll(named);
                    if (!orphans.isEmpty()) {
                      LOG.warn("dropping ontology graphs no version names: {}", orphans);
                      graph.dropGraphs(orphans);
                    }
                    return redo;
                  },
                  false);
            });
  }

  /** Another instance may have published: activate the latest version if it is not ours. */
  public Future<Void> refresh() {
    return latest()
        .compose(
            v -> {
              Ontology current = active.get();
              if (v.isEmpty() || (current != null && current.version() == v.get())) {
                return Future.succeededFuture();
              }
              return load(v.get())
                  .map(
                      o -> {
                        active.set(o);
                        LOG.info("activated ontology version {} published elsewhere", o.version());
                        return null;
                      });
            });
  }

  private Future<Optional<Integer>> latest() {
    return pool.query("select max(version) from ontology_versions")
        .execute()
        .map(rs -> Optional.ofNullable(rs.iterator().next().getInteger(0)));
  }

  /** A published version, read back from the graph store. */
  public Future<Ontology> load(int version) {
    return pool.preparedQuery("select sha256 from ontology_versions where version = $1")
        .execute(Tuple.of(version))
        .compose(
            rs -> {
              if (rs.size() == 0) {
                throw new org.libertas.errors.NotFoundException("no ontology version " + version);
              }
              return workers.executeBlocking(
                  () -> {
                    Model m = graph.construct(WHOLE_GRAPH, List.of(GraphNames.ontology(version)));
                    return OntologyLoader.fromModel(m, version, rs.iterator().next().getString(0));
                  },
                  false);
            });
  }

  /**
   * Writes the version's graph, then the row that makes it exist, then activates it. Every version
   * but the first is born {@code running}: it is rescored next, and a reader polling its impact
   * must never see {@code complete} before that rescoring has run (nor may a crash in between go
   * unnoticed by {@link #recover}).
   */
  private Future<Integer> install(
      Ontology o, int version, UUID draft, UUID by, Integer rolledBackFrom, String note) {
    String rescoringState = version == 1 ? "complete" : "running";
    String iri = GraphNames.ontology(version);
    return workers
        .executeBlocking(
            () -> {
              graph.writeGraph(
                  iri, sink -> StreamRDFOps.sendGraphToStream(o.model().getGraph(), sink));
              return null;
            },
            false)
        .compose(
            x ->
                pool.preparedQuery(
                        "insert into ontology_versions (version, sha256, graph_iri, note, draft_id, published_by, rolled_back_from, rescoring)"
                            + " values ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .execute(
                        Tuple.from(
                            new Object[] {
                              version,
                              o.sha256() == null ? "-" : o.sha256(),
                              iri,
                              note,
                              draft,
                              by,
                              rolledBackFrom,
                              rescoringState
                            })))
        .map(
            x -> {
              active.set(o);
              return version;
            });
  }

  /** A submitted draft and what validating it found. */
  public record Draft(
      UUID id,
      String format,
      int baseVersion,
      boolean valid,
      JsonObject report,
      Integer publishedAs) {}

  public Future<Draft> submit(DraftValidator.Format format, byte[] body, UUID by) {
    Ontology base = active.get();
    UUID id = UUID.randomUUID();
    return workers
        .executeBlocking(
            () -> validator.validate(format, body, base.model(), base.version() + 1).report(),
            false)
        .compose(
            report -> {
              JsonObject json = new JsonObject(Json.encode(report));
              return pool.preparedQuery(
                      "insert into ontology_drafts (id, format, base_version, content, valid, report, created_by) values ($1, $2, $3, $4, $5, $6, $7)")
                  .execute(
                      Tuple.from(
                          new Object[] {
                            id,
                            format.mediaType,
                            base.version(),
                            Buffer.buffer(body),
                            report.valid(),
                            json,
                            by
                          }))
                  .map(
                      x ->
                          new Draft(
                              id, format.mediaType, base.version(), report.valid(), json, null));
            });
  }

  public Future<Draft> draft(UUID id) {
    return pool.preparedQuery(
            "select id, format, base_version, valid, report, published_as from ontology_drafts where id = $1")
        .execute(Tuple.of(id))
        .map(
            rs -> {
              if (rs.size() == 0) {
                throw new NotFoundException("no draft '" + id + "'");
              }
              Row r = rs.iterator().next();
              return new Draft(
                  r.getUUID(0),
                  r.getString(1),
                  r.getInteger(2),
                  r.getBoolean(3),
                  (JsonObject) r.getJson(4),
                  r.getInteger(5));
            });
  }

  /**
   * Publishes a valid draft made against the active version: validated again (the same text gives
   * the same candidate), installed as the next version, activated, every tenant rescored.
   */
  public Future<Integer> publish(UUID draftId, UUID by) {
    return pool.preparedQuery(
            "select format, base_version, content, valid, published_as from ontology_drafts where id = $1")
        .execute(Tuple.of(draftId))
        .compose(
            rs -> {
              if (rs.size() == 0) {
                throw new NotFoundException("no draft '" + draftId + "'");
              }
              Row r = rs.iterator().next();
              Ontology base = active.get();
              if (r.getInteger("published_as") != null) {
                throw new ConflictException(
                    "draft "
                        + draftId
                        + " was already published as version "
                        + r.getInteger("published_as"));
              }
              if (!r.getBoolean("valid")) {
                throw new ConflictException(
                    "draft "
                        + draftId
                        + " did not pass validation; read its report and submit a corrected draft");
              }
              if (r.getInteger("base_version") != base.version()) {
                throw new ConflictException(
                    "draft "
                        + draftId
                        + " was made against version "
                        + r.getInteger("base_version")
                        + " but version "
                        + base.version()
                        + " is now active: submit it again");
              }
              DraftValidator.Format format = DraftValidator.Format.of(r.getString("format"));
              byte[] body = r.getBuffer("content").getBytes();
              int version = base.version() + 1;
              return workers
                  .executeBlocking(
                      () ->
                          OntologyLoader.fromModel(
                              validator.rebuild(format, body, base.model()),
                              version,
                              org.apache.commons.codec.digest.DigestUtils.sha256Hex(body)),
                      false)
                  .compose(o -> install(o, version, draftId, by, null, null))
                  .compose(
                      v ->
                          pool.preparedQuery(
                                  "update ontology_drafts set published_as = $2 where id = $1")
                              .execute(Tuple.of(draftId, v))
                              .map(v));
            })
        .onSuccess(v -> rescoreAll(v));
  }

  /** Publishes the content of an earlier version again, as a new version. */
  public Future<Integer> rollback(int to, UUID by) {
    return latest()
        .compose(
            latest -> {
              if (latest.isEmpty() || to < 1 || to > latest.get()) {
                throw new NotFoundException("no ontology version " + to);
              }
              if (to == active.get().version()) {
                throw new ConflictException("version " + to + " is already active");
              }
              int version = latest.get() + 1;
              return load(to)
                  .compose(
                      old ->
                          install(
                              OntologyLoader.fromModel(old.model(), version, old.sha256()),
                              version,
                              null,
                              by,
                              to,
                              "rollback to " + to));
            })
        .onSuccess(this::rescoreAll);
  }

  /** After start-up republished the bundle: rescore everyone before serving. */
  public Future<Void> rescoreAllNow() {
    return rescoreAll(active.get().version());
  }

  /** Rescores every tenant with the new version and records the band changes. */
  private Future<Void> rescoreAll(int version) {
    return pool.preparedQuery(
            "update ontology_versions set rescoring = 'running' where version = $1")
        .execute(Tuple.of(version))
        .compose(x -> pool.query("select id from tenants order by id").execute())
        .compose(
            rs -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row t : rs) {
                String tenant = t.getString(0);
                chain =
                    chain.compose(
                        x ->
                            rescoring
                                .rescore(tenant)
                                .compose(changes -> recordImpact(version, tenant, changes)));
              }
              return chain;
            })
        .compose(
            x ->
                pool.preparedQuery(
                        "update ontology_versions set rescoring = 'complete' where version = $1")
                    .execute(Tuple.of(version)))
        .<Void>mapEmpty()
        .onFailure(
            e -> {
              LOG.error("rescoring after publishing ontology version {} failed", version, e);
              pool.preparedQuery(
                      "update ontology_versions set rescoring = 'failed' where version = $1")
                  .execute(Tuple.of(version));
            });
  }

  private Future<Void> recordImpact(int version, String tenant, List<BandChange> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (BandChange c : changes) {
      rows.add(
          Tuple.from(
              new Object[] {
                version,
                tenant,
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

  public Future<JsonArray> versions() {
    return pool.query(
            "select version, sha256, published_at, note, draft_id, rolled_back_from, rescoring from ontology_versions order by version desc")
        .execute()
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              int activeVersion = active.get().version();
              for (Row r : rs) {
                out.add(
                    new JsonObject()
                        .put("version", r.getInteger("version"))
                        .put("active", r.getInteger("version") == activeVersion)
                        .put("sha256", r.getString("sha256"))
                        .put("publishedAt", r.getOffsetDateTime("published_at").toString())
                        .put("note", r.getString("note"))
                        .put(
                            "draftId",
                            r.getUUID("draft_id") == null ? null : r.getUUID("draft_id").toString())
                        .put("rolledBackFrom", r.getInteger("rolled_back_from"))
                        .put("rescoring", r.getString("rescoring")));
              }
              return out;
            });
  }

  /**
   * Whose band a version changed: the caller's own suppliers in full; other tenants only as counts,
   * because an NGO editor must not learn another company's suppliers.
   */
  public Future<JsonObject> impact(int version, String tenant) {
    return pool.preparedQuery("select rescoring from ontology_versions where version = $1")
        .execute(Tuple.of(version))
        .compose(
            rs -> {
              if (rs.size() == 0) {
                throw new NotFoundException("no ontology version " + version);
              }
              String state = rs.iterator().next().getString(0);
              return pool.preparedQuery(
                      "select tenant_id, supplier_id, band_before, band_after, score_before, score_after from ontology_impacts"
                          + " where version = $1 order by tenant_id, supplier_id")
                  .execute(Tuple.of(version))
                  .map(
                      rows -> {
                        JsonArray own = new JsonArray();
                        int others = 0;
                        for (Row r : rows) {
                          if (r.getString(0).equals(tenant)) {
                            own.add(
                                new JsonObject()
                                    .put("supplierId", r.getString(1))
                                    .put("bandBefore", r.getString(2))
                                    .put("bandAfter", r.getString(3))
                                    .put("scoreBefore", r.getInteger(4))
                                    .put("scoreAfter", r.getInteger(5)));
                          } else {
                            others++;
                          }
                        }
                        return new JsonObject()
                            .put("version", version)
                            .put("rescoring", state)
                            .put("changes", own)
                            .put("otherTenantsChanges", others);
                      });
            });
  }

  /** Triples added and removed between two versions (blank-node structures compared as counts). */
  public Future<JsonObject> diff(int version, int against) {
    return load(version)
        .compose(
            a ->
                load(against)
                    .compose(
                        b ->
                            workers.executeBlocking(
                                () -> {
                                  Model added = a.model().difference(b.model());
                                  Model removed = b.model().difference(a.model());
                                  return new JsonObject()
                                      .put("version", version)
                                      .put("against", against)
                                      .put("added", groundTriples(added))
                                      .put("removed", groundTriples(removed));
                                },
                                false)));
  }

  private static JsonArray groundTriples(Model m) {
    JsonArray out = new JsonArray();
    m.listStatements()
        .forEachRemaining(
            s -> {
              if (!s.getSubject().isAnon() && !s.getObject().isAnon() && out.size() < 1000) {
                out.add(org.apache.jena.sparql.util.FmtUtils.stringForTriple(s.asTriple()));
              }
            });
    List<Object> sorted = new ArrayList<>(out.getList());
    sorted.sort(null);
    return new JsonArray(sorted);
  }
}
