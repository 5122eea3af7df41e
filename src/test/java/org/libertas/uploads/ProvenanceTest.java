package org.libertas.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.out.NodeFmtLib;
import org.junit.jupiter.api.Test;
import org.libertas.store.Uploads;

/** What an upload's graph says about itself, statement by statement and in order. */
class ProvenanceTest {
  static final String G = "urn:libertas:tenant:t:upload:1";
  static final Instant AT = Instant.parse("2026-12-02T10:15:30Z");

  @Test
  void aKeyedUploadOfANamedFileSaysWhoSentWhatWhen() {
    UUID key = UUID.fromString("00000000-0000-0000-0000-000000000007");
    assertThat(nt(Provenance.of(job(key, "suppliers.csv"), G, 12, AT)))
        .containsExactly(
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity>",
            "<http://purl.org/dc/terms/creator> \"t\"",
            "<http://www.w3.org/ns/prov#wasAttributedTo> <urn:libertas:key:" + key + ">",
            "<http://www.w3.org/ns/prov#generatedAtTime>"
                + " \"2026-12-02T10:15:30Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime>",
            "<http://purl.org/dc/terms/source> \"suppliers.csv\"",
            "<https://w3id.org/libertas/ns#sha256> \"abc\"",
            "<https://w3id.org/libertas/ns#rowCount>"
                + " \"12\"^^<http://www.w3.org/2001/XMLSchema#integer>",
            "<https://w3id.org/libertas/ns#uploadKind> \"suppliers\"",
            "<https://w3id.org/libertas/ns#uploadMode> \"merge\"");
  }

  @Test
  void withoutKeyOrFileNameThoseStatementsAreLeftOut() {
    List<String> p = nt(Provenance.of(job(null, null), G, 0, AT));
    assertThat(p).hasSize(7);
    assertThat(p).noneMatch(s -> s.contains("wasAttributedTo") || s.contains("terms/source"));
  }

  /** Predicate and object of each triple, after checking the graph is the subject of all. */
  private static List<String> nt(List<Triple> triples) {
    assertThat(triples).allMatch(t -> t.getSubject().getURI().equals(G));
    return triples.stream()
        .map(t -> NodeFmtLib.strNT(t.getPredicate()) + " " + NodeFmtLib.strNT(t.getObject()))
        .toList();
  }

  private static Uploads.Job job(UUID key, String fileName) {
    return new Uploads.Job(
        UUID.randomUUID(),
        1,
        "t",
        "suppliers",
        "merge",
        false,
        "loading",
        null,
        fileName,
        "abc",
        null,
        "csv",
        null,
        java.util.Map.of(),
        null,
        null,
        0,
        key,
        null,
        null,
        false);
  }
}
