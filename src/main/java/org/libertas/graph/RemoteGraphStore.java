package org.libertas.graph;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.http.auth.AuthLib;
import org.apache.jena.query.ParameterizedSparqlString;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdfconnection.RDFConnection;
import org.apache.jena.rdfconnection.RDFConnectionRemote;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTP;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.modify.request.QuadDataAcc;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDrop;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.update.UpdateRequest;
import org.apache.jena.vocabulary.RDF;

/**
 * {@link GraphStore} on any SPARQL 1.1 query and update endpoint (Fuseki, GraphDB, Virtuoso,
 * Oxigraph…), through Jena's HTTP client.
 *
 * <p>Atomicity: every logical write is <em>one</em> SPARQL Update request, which a SPARQL 1.1 store
 * runs in one transaction. A {@link #write} first runs the caller's work against a local buffer —
 * its reads go to the endpoint and see the buffered changes on top — and only then sends the net
 * change (drops, subject deletions, insertions) as one request; if the work throws, nothing is
 * sent. The reads inside a write are not isolated from other clients of the endpoint: writers of
 * the same tenant are serialised across instances by the caller (a PostgreSQL advisory lock, see
 * {@code store.TenantLocks}), and within this instance by a lock here.
 *
 * <p>Reads scope the dataset with FROM (and, for {@link #read}, FROM NAMED) clauses, so a query
 * reaches only the graphs the caller names — never the endpoint's default graph or other named
 * graphs. Blank nodes are not supported as subjects of {@link GraphWriter#deleteSubject} (upload
 * data has none).
 */
public final class RemoteGraphStore implements GraphStore {
  /** Named in FROM / FROM NAMED when the caller names no graph, so the dataset is empty. */
  static final String NO_GRAPH = GraphNames.BASE + "none";

  private static final Query ALL = QueryFactory.create("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }");
  private static final String SUBJECTS_OF_TYPE = "SELECT DISTINCT ?s WHERE { ?s a ?type }";
  private static final Query GRAPH_NAMES =
      QueryFactory.create("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }");
  private static final String GRAPH_TYPES =
      "application/rdf+thrift, application/n-triples;q=0.9, text/turtle;q=0.8,"
          + " application/rdf+xml;q=0.5";
  private static final String RESULT_TYPES =
      "application/sparql-results+thrift, application/sparql-results+json;q=0.9,"
          + " application/sparql-results+xml;q=0.8";
  // Subjects per DELETE … WHERE { VALUES … }: keeps each operation a reasonable size.
  private static final int DELETE_BATCH = 500;

  private final String queryUrl;
  private final HttpClient http;
  private final RDFConnection updates;
  private final long queryTimeoutMillis;
  // Writes of this instance go out one at a time, in arrival order, like TDB2's single writer.
  private final ReentrantLock writer = new ReentrantLock(true);
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "libertas-sparql-deadlines");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param user with password, HTTP basic (or digest) credentials answered when the endpoint asks
   */
  public RemoteGraphStore(
      URI queryUrl,
      URI updateUrl,
      Optional<String> user,
      Optional<String> password,
      long queryTimeoutMillis) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL);
    user.ifPresent(u -> b.authenticator(AuthLib.authenticator(u, password.orElse(""))));
    this.http = b.build();
    this.queryUrl = queryUrl.toString();
    this.queryTimeoutMillis = queryTimeoutMillis;
    this.updates =
        RDFConnectionRemote.newBuilder()
            .queryEndpoint(queryUrl.toString())
            .updateEndpoint(updateUrl.toString())
            .httpClient(http)
            // Updates are built with Jena's update API; parsing megabytes again is waste.
            .parseCheckSPARQL(false)
            // The update as the request body (application/sparql-update), not a URL-encoded form.
            .updateSendMode(org.apache.jena.sparql.exec.http.UpdateSendMode.asPost)
            .build();
  }

  @Override
  public void writeGraph(String graphIri, Consumer<StreamRDF> producer) {
    Graph g = GraphFactory.createDefaultGraph();
    StreamRDF sink = StreamRDFLib.graph(g);
    sink.start();
    producer.accept(sink);
    sink.finish();
    Buffer buffer = new Buffer();
    buffer.clear(graphIri);
    g.find().forEachRemaining(t -> buffer.add(graphIri, t));
    send(buffer.update());
  }

  @Override
  public void write(Consumer<GraphWriter> work) {
    writer.lock();
    try {
      Buffer buffer = new Buffer();
      work.accept(buffer);
      send(buffer.update());
    } finally {
      writer.unlock();
    }
  }

  @Override
  public void dropGraphs(Collection<String> graphIris) {
    if (graphIris.isEmpty()) {
      return;
    }
    Buffer buffer = new Buffer();
    graphIris.forEach(buffer::clear);
    send(buffer.update());
  }

  private void send(UpdateRequest update) {
    if (update.getOperations().isEmpty()) {
      return;
    }
    writer.lock();
    try {
      updates.update(update);
    } finally {
      writer.unlock();
    }
  }

  @Override
  public Set<String> graphNames(String prefix) {
    Query q = GRAPH_NAMES.cloneQuery();
    return run(
        q,
        queryTimeoutMillis,
        qe -> {
          Set<String> names = new TreeSet<>();
          ResultSet rs = qe.execSelect();
          rs.forEachRemaining(
              row -> {
                var g = row.get("g");
                if (g != null && g.isURIResource() && g.asResource().getURI().startsWith(prefix)) {
                  names.add(g.asResource().getURI());
                }
              });
          return names;
        });
  }

  @Override
  public Model construct(Query query, Collection<String> defaultGraphs) {
    return run(
        scoped(query, defaultGraphs, List.of()),
        queryTimeoutMillis,
        qe -> {
          Model out = ModelFactory.createDefaultModel();
          out.add(qe.execConstruct());
          return out;
        });
  }

  @Override
  public <T> T select(Query query, Collection<String> defaultGraphs, Function<ResultSet, T> fn) {
    return run(
        scoped(query, defaultGraphs, List.of()),
        queryTimeoutMillis,
        qe -> fn.apply(qe.execSelect()));
  }

  @Override
  public <T> T read(
      Query query, Collection<String> graphs, long timeoutMillis, Function<QueryExecution, T> fn) {
    return run(scoped(query, graphs, graphs), timeoutMillis, fn);
  }

  /**
   * A copy of the query whose dataset is exactly the given graphs: their union as default graph
   * (FROM) and, when asked, the same graphs as the only named graphs (FROM NAMED). An empty list
   * names a graph that never exists, so the query sees nothing rather than the whole store.
   */
  static Query scoped(Query query, Collection<String> defaultGraphs, Collection<String> named) {
    Query q = query.cloneQuery();
    if (q.hasDatasetDescription()) {
      throw new IllegalArgumentException("the query names its own dataset (FROM / FROM NAMED)");
    }
    (defaultGraphs.isEmpty() ? List.of(NO_GRAPH) : defaultGraphs).forEach(q::addGraphURI);
    // Without FROM NAMED, a dataset given by FROM alone has no named graphs (SPARQL 1.1, 13.2);
    // read() names them explicitly because its queries may use GRAPH.
    named.forEach(q::addNamedGraphURI);
    if (q.getNamedGraphURIs().isEmpty()) {
      q.addNamedGraphURI(NO_GRAPH);
    }
    return q;
  }

  /**
   * Runs one query with a time limit that covers the whole execution: the endpoint is asked to stop
   * at the limit (Fuseki's {@code timeout} parameter, in seconds) and the client aborts the HTTP
   * exchange when the limit passes, whichever comes first; either way the caller sees a {@link
   * QueryCancelledException}.
   */
  private <T> T run(Query query, long timeoutMillis, Function<QueryExecution, T> fn) {
    AtomicBoolean expired = new AtomicBoolean();
    try (QueryExecution qe =
        QueryExecutionHTTP.service(queryUrl)
            .httpClient(http)
            .query(query)
            // Whole seconds: Fuseki reads the parameter as seconds; the client deadline is exact.
            .param("timeout", Long.toString(Math.max(1, (timeoutMillis + 999) / 1000)))
            .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .build()) {
      ScheduledFuture<?> deadline =
          deadlines.schedule(
              () -> {
                expired.set(true);
                qe.abort();
              },
              timeoutMillis,
              TimeUnit.MILLISECONDS);
      try {
        return fn.apply(qe);
      } finally {
        deadline.cancel(false);
      }
    } catch (RuntimeException e) {
      if (expired.get() || timedOut(e)) {
        QueryCancelledException c = new QueryCancelledException();
        c.initCause(e);
        throw c;
      }
      throw e;
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryCancelledException
          || t instanceof java.net.http.HttpTimeoutException
          // Fuseki answers 503 when its own query timeout fires.
          || (t instanceof org.apache.jena.atlas.web.HttpException h && h.getStatusCode() == 503)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean ping() {
    try {
      return run(QueryFactory.create("ASK { }"), 5_000, QueryExecution::execAsk);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    updates.close();
  }

  /**
   * The changes of one write, kept per graph as their net effect on the graph as stored: whether it
   * is dropped first, which subjects lose their stored triples, and what is inserted afterwards.
   * Reads answer from the store through that overlay, so the work sees its own writes.
   */
  private final class Buffer implements GraphWriter {
    private final Map<String, Change> changes = new LinkedHashMap<>();

    Change graph(String iri) {
      return changes.computeIfAbsent(iri, Change::new);
    }

    @Override
    public void add(String graphIri, Triple triple) {
      graph(graphIri).added.add(triple);
    }

    @Override
    public void deleteSubject(String graphIri, Node subject) {
      if (!subject.isURI()) {
        throw new IllegalArgumentException("only IRIs can be deleted as subjects: " + subject);
      }
      Change c = graph(graphIri);
      c.added.remove(subject, Node.ANY, Node.ANY);
      if (!c.cleared) {
        c.deleted.add(subject);
      }
    }

    @Override
    public Set<Node> subjectsOfType(String graphIri, Node type) {
      Change c = changes.get(graphIri);
      Set<Node> out = new LinkedHashSet<>();
      if (c == null || !c.cleared) {
        ParameterizedSparqlString q = new ParameterizedSparqlString(SUBJECTS_OF_TYPE);
        q.setParam("type", type);
        select(
            q.asQuery(),
            List.of(graphIri),
            rs -> {
              rs.forEachRemaining(row -> out.add(row.get("s").asNode()));
              return null;
            });
        if (c != null) {
          out.removeAll(c.deleted);
        }
      }
      if (c != null) {
        c.added
            .find(Node.ANY, RDF.type.asNode(), type)
            .forEachRemaining(t -> out.add(t.getSubject()));
      }
      return out;
    }

    @Override
    public List<Triple> triples(String graphIri) {
      Change c = changes.get(graphIri);
      List<Triple> out = new ArrayList<>();
      if (c == null || !c.cleared) {
        construct(ALL, List.of(graphIri))
            .getGraph()
            .find()
            .forEachRemaining(
                t -> {
                  if (c == null || !c.deleted.contains(t.getSubject())) {
                    out.add(t);
                  }
                });
      }
      if (c != null) {
        Set<Triple> seen = new HashSet<>(out);
        c.added
            .find()
            .forEachRemaining(
                t -> {
                  if (seen.add(t)) {
                    out.add(t);
                  }
                });
      }
      return out;
    }

    @Override
    public void clear(String graphIri) {
      Change c = graph(graphIri);
      c.cleared = true;
      c.deleted.clear();
      c.added.clear();
    }

    /**
     * The whole write as one SPARQL Update request (no operations when nothing changes), built from
     * Jena's update operations: terms are written by Jena's serializer, never pasted in.
     */
    UpdateRequest update() {
      UpdateRequest u = new UpdateRequest();
      for (Change c : changes.values()) {
        Node g = NodeFactory.createURI(c.iri);
        if (c.cleared) {
          u.add(new UpdateDrop(g, true));
        }
        List<Node> deleted = new ArrayList<>(c.deleted);
        for (int i = 0; i < deleted.size(); i += DELETE_BATCH) {
          u.add(deleteSubjects(g, deleted.subList(i, Math.min(deleted.size(), i + DELETE_BATCH))));
        }
        if (!c.added.isEmpty()) {
          QuadDataAcc quads = new QuadDataAcc();
          c.added.find().forEachRemaining(t -> quads.addQuad(Quad.create(g, t)));
          u.add(new UpdateDataInsert(quads));
        }
      }
      return u;
    }
  }

  private static final Var S = Var.alloc("s");
  private static final Var P = Var.alloc("p");
  private static final Var O = Var.alloc("o");

  /**
   * {@code DELETE { GRAPH g { ?s ?p ?o } } WHERE { VALUES ?s { …subjects } GRAPH g { ?s ?p ?o } }}.
   */
  static UpdateModify deleteSubjects(Node g, List<Node> subjects) {
    UpdateModify m = new UpdateModify();
    m.getDeleteAcc().addQuad(new Quad(g, S, P, O));
    m.setHasInsertClause(false);
    ElementData values = new ElementData();
    values.add(S);
    subjects.forEach(s -> values.add(BindingFactory.binding(S, s)));
    ElementPathBlock spo = new ElementPathBlock();
    spo.addTriple(Triple.create(S, P, O));
    ElementGroup where = new ElementGroup();
    where.addElement(values);
    where.addElement(new ElementNamedGraph(g, spo));
    m.setElement(where);
    return m;
  }

  /** One graph's pending change. */
  private static final class Change {
    final String iri;
    boolean cleared;
    final Set<Node> deleted = new LinkedHashSet<>();
    final Graph added = GraphFactory.createDefaultGraph();

    Change(String iri) {
      this.iri = iri;
    }
  }
}
