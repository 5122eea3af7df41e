package org.libertas.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.libertas.ontology.OntologyLoader;

/**
 * The peer of {@code GET /v1/suppliers/{id}/risk}: an embedded Fuseki (jena-fuseki-main) on
 * 127.0.0.1, port 0, holding the same scored data (the tenant's triples, its screening matches, the
 * ontology, and every assessment as RDF from scores.nt), answering the same question as one SPARQL
 * SELECT. Prints {@code READY <port>} and serves until standard input says quit.
 *
 * <p>The data is held in memory, Fuseki's fastest form, when its files take at most an eighth of
 * the heap; above that (100k suppliers: 3 M data triples and 2 M of assessments, which an in-memory
 * dataset cannot hold in the 2 GB the Libertas server gets), in TDB2, loaded by tdb2.tdbloader
 * before the clock starts — the form Fuseki is deployed in at that size.
 */
public final class FusekiPeer {
  /** Score, band, recommendation and factors (family, rule, strength, contribution, evidence). */
  static final String QUERY =
      """
      PREFIX lbt: <https://w3id.org/libertas/ns#>
      SELECT ?name ?score ?band ?recommendation ?hardStop ?family ?rule ?strength ?contribution ?evidence
      WHERE {
        ?s lbt:supplierId "%s" ; lbt:assessment ?a .
        OPTIONAL { ?s lbt:name ?name }
        ?a lbt:score ?score ; lbt:band ?band ; lbt:recommendation ?recommendation ; lbt:hardStop ?hardStop .
        OPTIONAL {
          ?a lbt:factor ?f . ?f lbt:family ?family ; lbt:strength ?strength ; lbt:contribution ?contribution .
          OPTIONAL { ?f lbt:rule ?rule }
          OPTIONAL { ?f lbt:evidence ?evidence }
        }
      }
      """;

  private FusekiPeer() {}

  /** The query URL for one supplier. */
  static String url(int port, String supplierId) {
    return "http://127.0.0.1:"
        + port
        + "/ds/query?query="
        + URLEncoder.encode(String.format(QUERY, supplierId), StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<Path> files =
        List.of(dir.resolve("data.nt"), dir.resolve("matches.nt"), dir.resolve("scores.nt"));
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    Model ontology = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1).model();
    Dataset ds;
    String form;
    if (bytes <= Runtime.getRuntime().maxMemory() / 8) {
      ds = DatasetFactory.createTxnMem();
      for (Path f : files) {
        RDFDataMgr.read(ds.getDefaultModel(), f.toString());
      }
      ds.getDefaultModel().add(ontology);
      form = "memory";
    } else {
      Path tdb = Files.createTempDirectory("bench-fuseki-tdb2");
      Path ont = tdb.resolveSibling(tdb.getFileName() + "-ontology.nt");
      try (var out = Files.newOutputStream(ont)) {
        RDFDataMgr.write(out, ontology, Lang.NTRIPLES);
      }
      List<String> load = new ArrayList<>(List.of("--loc", tdb.toString()));
      files.forEach(f -> load.add(f.toString()));
      load.add(ont.toString());
      BenchRows.tdbloader(load.toArray(new String[0]));
      ds = TDB2Factory.connectDataset(tdb.toString());
      form = "tdb2";
    }
    Dataset served = ds;
    long triples = Txn.calculateRead(served, () -> served.getDefaultModel().size());
    FusekiServer server =
        FusekiServer.create().loopback(true).port(0).add("/ds", served, false).build().start();
    System.out.println(
        "READY "
            + server.getHttpPort()
            + " "
            + BenchRows.JSON.writeValueAsString(
                BenchRows.JSON
                    .createObjectNode()
                    .put("triples", triples)
                    .put("store", form)
                    .put("heapAfterGcBytes", BenchRows.usedAfterGc())
                    .put("maxHeapBytes", Runtime.getRuntime().maxMemory())));
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      // keep serving
    }
    server.stop();
    System.exit(0);
  }
}
