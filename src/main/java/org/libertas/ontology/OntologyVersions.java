package org.libertas.ontology;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
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
import org.libertas.store.AuditLog;
import org.libertas.store.BandChange;
import org.libertas.store.OntologyVersionRows;
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

  private final OntologyVersionRows rows;
  private final AuditLog audit;
  private final GraphStore graph;
  private final WorkerExecutor workers;
  private final DraftValidator validator;
  private final AtomicReference<Ontology> active = new AtomicReference<>();
  private Rescorer rescoring;
  private final List<Published> published = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Rescores one tenant after a publish and tells whose band changed. */
  public interface Rescorer {
    Future<List<BandChange>> rescore(String tenantId);
  }

  /**
   * Told once per tenant a publication, rollback or start-up republication rescored, after its
   * impact is recorded: the version, why ({@code publish}, {@code rollback}, {@code start-up}) and
   * that tenant's band changes (possibly none). Must not block.
   */
  public interface Published {
    void rescored(int version, String cause, String tenantId, List<BandChange> changes);
  }

  /** Adds a listener told of each tenant a new version rescored (the webhooks). */
  public void onPublished(Published listener) {
    published.add(listener);
  }

  /**
   * @param regression runs the ontology's regression cases (under {@code tests/} of the bundled
   *     directory) against a draft; the reasoning package provides it
   * @param proof runs the rules a draft adds or changes on a graph of realistic size, within a
   *     budget each (the rescoring package provides it)
   */
  public OntologyVersions(
      Pool pool,
      GraphStore graph,
      WorkerExecutor workers,
      Path bundledDir,
      long maxDraftBytes,
      java.util.function.Function<Ontology, List<DraftReport.Issue>> regression,
      RuleProof proof) {
    this.rows = new OntologyVersionRows(pool);
    this.audit = new AuditLog(pool);
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
    this.validator = new DraftValidator(metaShapes, regression, maxDraftBytes, proof);
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
              return rows.lastBundledSha256()
                  .compose(
                      last -> {
                        String lastBundled = last.orElse(null);
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
    return rows.recovery()
        .compose(
            found -> {
              java.util.Set<String> named = found.graphIris();
              boolean redo = found.latestInterrupted();
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
    return rows.latest();
  }

  /** A published version, read back from the graph store. */
  public Future<Ontology> load(int version) {
    return rows.sha256(version)
        .compose(
            sha -> {
              if (sha.isEmpty()) {
                throw new org.libertas.errors.NotFoundException("no ontology version " + version);
              }
              return workers.executeBlocking(
                  () -> {
                    Model m = graph.construct(WHOLE_GRAPH, List.of(GraphNames.ontology(version)));
                    return OntologyLoader.fromModel(m, version, sha.get());
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
                rows.insert(
                    new OntologyVersionRows.NewVersion(
                        version,
                        o.sha256() == null ? "-" : o.sha256(),
                        iri,
                        note,
                        draft,
                        by,
                        rolledBackFrom,
                        rescoringState)))
        .map(
            x -> {
              active.set(o);
              return version;
            });
  }

  public Future<OntologyVersionRows.Draft> submit(
      DraftValidator.Format format, byte[] body, UUID by) {
    Ontology base = active.get();
    UUID id = UUID.randomUUID();
    return workers
        .executeBlocking(
            () -> validator.validate(format, body, base.model(), base.version() + 1).report(),
            false)
        .compose(
            report -> {
              JsonObject json = new JsonObject(Json.encode(report));
              return rows.insertDraft(
                      id, format.mediaType, base.version(), body, report.valid(), json, by)
                  .map(
                      x ->
                          new OntologyVersionRows.Draft(
                              id, format.mediaType, base.version(), report.valid(), json, null));
            });
  }

  public Future<OntologyVersionRows.Draft> draft(UUID id) {
    return rows.draft(id)
        .map(found -> found.orElseThrow(() -> new NotFoundException("no draft '" + id + "'")));
  }

  /**
   * Publishes a valid draft made against the active version: validated again (the same text gives
   * the same candidate), installed as the next version, activated, every tenant rescored.
   */
  public Future<Integer> publish(UUID draftId, UUID by) {
    return rows.draftContent(draftId)
        .compose(
            found -> {
              OntologyVersionRows.DraftContent r =
                  found.orElseThrow(() -> new NotFoundException("no draft '" + draftId + "'"));
              Ontology base = active.get();
              if (r.publishedAs() != null) {
                throw new ConflictException(
                    "draft " + draftId + " was already published as version " + r.publishedAs());
              }
              if (!r.valid()) {
                throw new ConflictException(
                    "draft "
                        + draftId
                        + " did not pass validation; read its report and submit a corrected draft");
              }
              if (r.baseVersion() != base.version()) {
                throw new ConflictException(
                    "draft "
                        + draftId
                        + " was made against version "
                        + r.baseVersion()
                        + " but version "
                        + base.version()
                        + " is now active: submit it again");
              }
              DraftValidator.Format format = DraftValidator.Format.of(r.format());
              byte[] body = r.content();
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
                  .compose(v -> rows.markPublished(draftId, v).map(v));
            })
        .onSuccess(v -> rescoreAll(v, by, "publish"));
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
        .onSuccess(v -> rescoreAll(v, by, "rollback"));
  }

  /**
   * After start-up republished the bundle (or found a publication's rescoring cut short): rescore
   * everyone, telling {@code progress} how far it is (the service already answers from the scores
   * last committed).
   */
  public Future<Void> rescoreAllNow(org.libertas.store.RecoveryProgress progress) {
    return rescoreAll(active.get().version(), null, "start-up", progress);
  }

  private Future<Void> rescoreAll(int version, UUID by, String cause) {
    return rescoreAll(version, by, cause, null);
  }

  /** Rescores every tenant with the new version and records the band changes. */
  private Future<Void> rescoreAll(
      int version, UUID by, String cause, org.libertas.store.RecoveryProgress progress) {
    return rows.setRescoring(version, "running")
        .compose(x -> rows.tenantIds())
        .compose(
            tenants -> {
              if (progress != null) {
                progress.rescoring(tenants.size());
              }
              Future<Void> chain = Future.succeededFuture();
              for (String tenant : tenants) {
                chain =
                    chain
                        .compose(
                            x ->
                                rescoring
                                    .rescore(tenant)
                                    .compose(
                                        changes ->
                                            rows.insertImpacts(version, tenant, changes)
                                                .compose(
                                                    y ->
                                                        auditRescored(
                                                            version, by, cause, tenant, changes))
                                                .onSuccess(
                                                    y ->
                                                        published.forEach(
                                                            l ->
                                                                l.rescored(
                                                                    version, cause, tenant,
                                                                    changes)))))
                        .onSuccess(
                            y -> {
                              if (progress != null) {
                                progress.tenantRescored();
                              }
                            });
              }
              return chain;
            })
        .compose(x -> rows.setRescoring(version, "complete"))
        .onFailure(
            e -> {
              LOG.error("rescoring after publishing ontology version {} failed", version, e);
              rows.setRescoring(version, "failed");
            });
  }

  /**
   * Written to the audit trail of every tenant a version rescores: the ontology is platform-wide,
   * so a publication made elsewhere changes this tenant's scores, and its own trail says who, which
   * version, why and whose band moved.
   */
  private Future<Void> auditRescored(
      int version, UUID by, String cause, String tenant, List<BandChange> changes) {
    JsonArray moved = new JsonArray();
    changes.forEach(
        c ->
            moved.add(
                new JsonObject()
                    .put("supplierId", c.supplierId())
                    .put("bandBefore", c.bandBefore())
                    .put("bandAfter", c.bandAfter())));
    return audit.append(
        tenant,
        by,
        "ontology.rescored",
        "ontology-version:" + version,
        null,
        new JsonObject().put("version", version).put("cause", cause).put("bandChanges", moved));
  }

  /** A version as listed, and whether it is the active one. */
  public record Listed(OntologyVersionRows.Version row, boolean active) {}

  /** Every version, newest first. */
  public Future<List<Listed>> versions() {
    return rows.versions()
        .map(
            all -> {
              int activeVersion = active.get().version();
              return all.stream().map(r -> new Listed(r, r.version() == activeVersion)).toList();
            });
  }

  /**
   * Whose band a version changed: the caller's own suppliers in full; other tenants only as a
   * count, because an NGO editor must not learn another company's suppliers.
   */
  public record Impact(
      int version,
      String rescoring,
      List<OntologyVersionRows.Impact> changes,
      int otherTenantsChanges) {}

  public Future<Impact> impact(int version, String tenant) {
    return rows.rescoring(version)
        .compose(
            state -> {
              if (state.isEmpty()) {
                throw new NotFoundException("no ontology version " + version);
              }
              return rows.impacts(version)
                  .map(
                      all -> {
                        List<OntologyVersionRows.Impact> own = new ArrayList<>();
                        int others = 0;
                        for (OntologyVersionRows.Impact i : all) {
                          if (i.tenantId().equals(tenant)) {
                            own.add(i);
                          } else {
                            others++;
                          }
                        }
                        return new Impact(version, state.get(), own, others);
                      });
            });
  }

  /** Triples added and removed between two versions, compared on a worker. */
  public Future<OntologyViews.Diff> diff(int version, int against) {
    return load(version)
        .compose(
            a ->
                load(against)
                    .compose(b -> workers.executeBlocking(() -> OntologyViews.diff(a, b), false)));
  }

  /** Reads the active version on a worker: Jena models are never walked on an event loop. */
  public <T> Future<T> view(java.util.function.Function<Ontology, T> read) {
    Ontology o = active.get();
    return workers.executeBlocking(() -> read.apply(o), false);
  }
}
