package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.reliability.Figures;
import org.libertas.testing.TestApp;

/**
 * Hostile RDF and SPARQL (docs/security.md): entity expansion, XXE, JSON-LD contexts, SERVICE,
 * LOAD, FROM, script functions, 20,000-deep nesting and a 50 MB literal, in ontology drafts and
 * /v1/sparql. Every payload that could reach out points at a local listener: each must get a 4xx,
 * the listener must see no connection, and the service must stay healthy and unchanged.
 */
class RdfAbuseIT {
  static final int DEEP = 20_000;
  // 50 MB under the reliability profile; 5 MB in verify, with the draft limit lowered to 1 MiB.
  static final int LITERAL =
      org.libertas.reliability.Bounds.integer("abuse.literal.mb", 5) * 1_000_000;
  static TestApp app;
  static ServerSocket listener;
  static final AtomicInteger connections = new AtomicInteger();
  static String ngo;
  static String viewer;
  static String at;

  @BeforeAll
  static void start() throws IOException {
    app =
        TestApp.start(
            org.libertas.reliability.Bounds.full()
                ? java.util.Map.of()
                : java.util.Map.of("LIBERTAS_ONTOLOGY_MAX_BYTES", "1048576"));
    String auditor = app.tenantWithKey("abuse", "auditor");
    ngo = app.key("abuse", "ngo-editor");
    viewer = app.key("abuse", "viewer");
    assertThat(
            app.upload(auditor, "suppliers", "supplier_id,name,country\nA1,Abuse Ltd,PE\n")
                .get("status")
                .asText())
        .isEqualTo("succeeded");
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    at = "http://127.0.0.1:" + listener.getLocalPort();
    Thread t =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                  connections.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "abuse-listener");
    t.setDaemon(true);
    t.start();
  }

  @AfterAll
  static void stop() throws IOException {
    listener.close();
    app.close();
  }

  static String deepSparql(String open, String close) {
    return "SELECT * WHERE { ?s ?p ?o FILTER("
        + open.repeat(DEEP)
        + "?o"
        + close.repeat(DEEP)
        + ") }";
  }

  static String rulePatch(String query) {
    return "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
        + "DELETE { ?r lbt:queryText ?q } INSERT { ?r lbt:queryText \"\"\""
        + query
        + "\"\"\" } WHERE { ?r a lbt:Rule ; <http://purl.org/dc/terms/identifier>"
        + " \"sector-high-risk\" ; lbt:queryText ?q }";
  }

  /** Name → {media type, body}, all sent to POST /v1/ontology/drafts. */
  static Map<String, String[]> drafts() {
    Map<String, String[]> d = new LinkedHashMap<>();
    String laughs =
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
            + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
            + "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>";
    String rdf =
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
            + " xmlns:l=\"https://w3id.org/libertas/ns#\"><rdf:Description rdf:about=\"urn:x\">"
            + "<l:label>&h;</l:label></rdf:Description></rdf:RDF>";
    d.put("RDF/XML billion laughs", new String[] {"application/rdf+xml", laughs + rdf});
    d.put(
        "RDF/XML XXE (http)",
        new String[] {
          "application/rdf+xml",
          "<!DOCTYPE r [<!ENTITY h SYSTEM \"" + at + "/xxe\">]>" + rdf.replace("&h;", "&h;")
        });
    d.put(
        "RDF/XML XXE (file:)",
        new String[] {
          "application/rdf+xml", "<!DOCTYPE r [<!ENTITY h SYSTEM \"file:///etc/passwd\">]>" + rdf
        });
    d.put(
        "RDF/XML XXE declared as text/turtle",
        new String[] {"text/turtle", "<!DOCTYPE r [<!ENTITY h SYSTEM \"" + at + "/t\">]>" + rdf});
    d.put(
        "JSON-LD remote context",
        new String[] {
          "application/ld+json", "{\"@context\":\"" + at + "/ctx.jsonld\",\"@id\":\"urn:x\"}"
        });
    d.put(
        "JSON-LD file: context",
        new String[] {
          "application/ld+json", "{\"@context\":\"file:///etc/passwd\",\"@id\":\"urn:x\"}"
        });
    String xmlLiteral =
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
            + "<urn:x> <urn:p> \"\"\"%s<a>&h;</a>\"\"\"^^rdf:XMLLiteral .\n";
    d.put(
        "Turtle rdf:XMLLiteral with an external entity",
        new String[] {
          "text/turtle",
          String.format(xmlLiteral, "<!DOCTYPE a [<!ENTITY h SYSTEM \"" + at + "/lit\">]>")
        });
    d.put(
        "Turtle rdf:XMLLiteral with billion laughs",
        new String[] {
          "text/turtle", String.format(xmlLiteral, laughs.replace("<!DOCTYPE r", "<!DOCTYPE a"))
        });
    d.put(
        "Turtle owl:imports of a remote ontology",
        new String[] {
          "text/turtle",
          "<urn:x> a <http://www.w3.org/2002/07/owl#Ontology> ;"
              + " <http://www.w3.org/2002/07/owl#imports> <"
              + at
              + "/import.ttl> .\n"
        });
    d.put(
        "Turtle 20,000-deep blank nodes",
        new String[] {
          "text/turtle",
          "<urn:a> <urn:b> " + "[ <urn:c> ".repeat(DEEP) + "1" + " ]".repeat(DEEP) + " ."
        });
    d.put(
        "Turtle 20,000-deep collections",
        new String[] {
          "text/turtle", "<urn:a> <urn:b> " + "(".repeat(DEEP) + ")".repeat(DEEP) + " ."
        });
    d.put(
        "Turtle " + LITERAL / 1_000_000 + " MB literal",
        new String[] {"text/turtle", "<urn:a> <urn:b> \"" + "x".repeat(LITERAL) + "\" ."});
    d.put("patch LOAD", new String[] {"application/sparql-update", "LOAD <" + at + "/load.ttl>"});
    d.put(
        "patch SERVICE",
        new String[] {
          "application/sparql-update",
          "INSERT { ?s ?p ?o } WHERE { SERVICE <" + at + "/sparql> { ?s ?p ?o } }"
        });
    d.put(
        "patch USING a remote graph",
        new String[] {
          "application/sparql-update", "INSERT { ?s ?p ?o } USING <" + at + "/g> WHERE { ?s ?p ?o }"
        });
    d.put(
        "patch 20,000-deep",
        new String[] {
          "application/sparql-update",
          "INSERT { <urn:a> <urn:b> 1 } WHERE { " + "{ ".repeat(DEEP) + "}".repeat(DEEP) + " }"
        });
    d.put(
        "rule with SERVICE",
        new String[] {
          "application/sparql-update",
          rulePatch("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <" + at + "/sparql> { ?s ?p ?o } }")
        });
    d.put(
        "rule with a script function",
        new String[] {
          "application/sparql-update",
          rulePatch(
              "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(<http://jena.apache.org/ARQ/jsFunction#f>(?o)) }")
        });
    d.put(
        "rule 20,000-deep",
        new String[] {
          "application/sparql-update",
          rulePatch(
              "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER("
                  + "(".repeat(DEEP)
                  + "?o"
                  + ")".repeat(DEEP)
                  + ") }")
        });
    return d;
  }

  /** Name → query, each POSTed to /v1/sparql as application/sparql-query. */
  static Map<String, String> queries() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("SERVICE", "SELECT * WHERE { SERVICE <" + at + "/sparql> { ?s ?p ?o } }");
    q.put("SERVICE SILENT", "SELECT * WHERE { SERVICE SILENT <" + at + "/sparql> { ?s ?p ?o } }");
    q.put("FROM a remote graph", "SELECT * FROM <" + at + "/g.ttl> WHERE { ?s ?p ?o }");
    q.put(
        "FROM NAMED a remote graph",
        "SELECT * FROM NAMED <" + at + "/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }");
    q.put("LOAD (an update)", "LOAD <" + at + "/load.ttl>");
    q.put(
        "script function",
        "SELECT * WHERE { ?s ?p ?o FILTER(<http://jena.apache.org/ARQ/jsFunction#f>(?o)) }");
    q.put(
        "java: function",
        "SELECT * WHERE { BIND(<java:org.apache.jena.sparql.function.library.now>() AS ?x) }");
    q.put("20,000-deep parentheses", deepSparql("(", ")"));
    q.put("20,000-deep unary minus", deepSparql("-", ""));
    q.put("20,000-deep NOT", deepSparql("!", ""));
    q.put("20,000-deep groups", "SELECT * WHERE { " + "{ ".repeat(DEEP) + "}".repeat(DEEP) + " }");
    q.put(
        "20,000-deep subqueries",
        "SELECT * WHERE { " + "{ SELECT * WHERE { ".repeat(DEEP) + "}}".repeat(DEEP) + " }");
    q.put(
        "20,000-deep property path",
        "SELECT * WHERE { ?s " + "(".repeat(DEEP) + "<urn:p>" + ")".repeat(DEEP) + " ?o }");
    q.put(
        LITERAL / 1_000_000 + " MB literal",
        "SELECT * WHERE { BIND(\"" + "x".repeat(LITERAL) + "\" AS ?x) }");
    return q;
  }

  @Test
  void everyPayloadGetsA4xxNothingCallsOutAndTheServiceStaysHealthy() {
    int version = app.get("/v1/ontology", viewer).json().get("version").asInt();
    String suppliers = app.get("/v1/suppliers", viewer).body();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    long worstMillis = 0;
    for (var d : drafts().entrySet()) {
      long t0 = System.nanoTime();
      TestApp.Response r =
          app.post(
              "/v1/ontology/drafts",
              ngo,
              d.getValue()[0],
              d.getValue()[1].getBytes(StandardCharsets.UTF_8));
      worstMillis = Math.max(worstMillis, (System.nanoTime() - t0) / 1_000_000);
      sent++;
      check("draft: " + d.getKey(), r, failures);
    }
    for (var q : queries().entrySet()) {
      long t0 = System.nanoTime();
      TestApp.Response r =
          app.post(
              "/v1/sparql",
              viewer,
              "application/sparql-query",
              q.getValue().getBytes(StandardCharsets.UTF_8));
      worstMillis = Math.max(worstMillis, (System.nanoTime() - t0) / 1_000_000);
      sent++;
      check("sparql: " + q.getKey(), r, failures);
    }
    // The same 50 MB literal as a form field, and a long query in the URL of a GET.
    String big = "SELECT * WHERE { BIND(\"" + "x".repeat(LITERAL) + "\" AS ?x) }";
    TestApp.Response form =
        app.post(
            "/v1/sparql",
            viewer,
            "application/x-www-form-urlencoded",
            ("query=" + java.net.URLEncoder.encode(big, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    sent++;
    check("sparql: big literal as a form field", form, failures);
    int get = rawGetStatus("/v1/sparql?query=" + "x".repeat(100_000));
    sent++;
    if (get < 400 || get >= 500) {
      failures.add("sparql: GET with a 100 kB query → " + get);
    }
    assertThat(failures).isEmpty();
    assertThat(connections.get()).as("connections the listener received").isZero();
    assertThat(app.get("/healthz", null).status()).isEqualTo(200);
    assertThat(app.get("/readyz", null).status()).isEqualTo(200);
    assertThat(app.get("/v1/ontology", viewer).json().get("version").asInt()).isEqualTo(version);
    assertThat(app.get("/v1/suppliers", viewer).body()).isEqualTo(suppliers);
    Figures.record(4, "hostile RDF/SPARQL payloads sent (drafts + /v1/sparql)", sent, "");
    Figures.record(4, "payloads answered 4xx with problem+json", sent, "");
    Figures.record(4, "connections received by the 127.0.0.1 listener", connections.get(), "");
    Figures.record(
        4,
        "slowest refusal (incl. sending the " + LITERAL / 1_000_000 + " MB literal over loopback)",
        worstMillis,
        "ms");
    Figures.record(4, "/healthz and /readyz after the run", "200, 200", "");
  }

  /** An HTTP/1.1 GET over a plain socket (java.net.http would try an HTTP/2 upgrade). */
  private static int rawGetStatus(String path) {
    try (Socket s = new Socket("127.0.0.1", app.app.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void check(String name, TestApp.Response r, List<String> failures) {
    if (r.status() < 400
        || r.status() >= 500
        || !r.contentType().startsWith("application/problem+json")) {
      String body = r.body();
      failures.add(
          name + " → " + r.status() + " " + body.substring(0, Math.min(300, body.length())));
    }
  }
}
