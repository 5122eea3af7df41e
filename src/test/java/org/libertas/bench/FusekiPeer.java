package org.libertas.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.libertas.ontology.OntologyLoader;

/**
 * The peer of {@code GET /v1/suppliers/{id}/risk}: an embedded Fuseki (jena-fuseki-main) on
 * 127.0.0.1, port 0, holding the same scored data in memory (the tenant's triples, its screening
 * matches, the ontology, and every assessment as RDF from scores.nt), answering the same question
 * as one SPARQL SELECT. Prints {@code READY <port>} and serves until standard input says quit.
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
    Dataset ds = DatasetFactory.createTxnMem();
    var g = ds.getDefaultModel();
    RDFDataMgr.read(g, dir.resolve("data.nt").toString());
    RDFDataMgr.read(g, dir.resolve("matches.nt").toString());
    RDFDataMgr.read(g, dir.resolve("scores.nt").toString());
    g.add(OntologyLoader.load(OntologyLoader.bundledDirectory(), 1).model());
    FusekiServer server =
        FusekiServer.create().loopback(true).port(0).add("/ds", ds, false).build().start();
    System.out.println(
        "READY "
            + server.getHttpPort()
            + " "
            + BenchRows.JSON.writeValueAsString(
                BenchRows.JSON
                    .createObjectNode()
                    .put("triples", g.size())
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
