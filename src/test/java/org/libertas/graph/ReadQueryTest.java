package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.jena.query.Query;
import org.junit.jupiter.api.Test;
import org.libertas.errors.BadRequestException;

/** What the read-only SPARQL endpoint accepts and refuses, before anything runs. */
class ReadQueryTest {

  private static BadRequestException refused(String q) {
    try {
      ReadQuery.parse(q);
    } catch (BadRequestException e) {
      return e;
    }
    throw new AssertionError("accepted: " + q);
  }

  @Test
  void theFourQueryFormsAreAccepted() {
    assertThat(ReadQuery.parse("SELECT * WHERE { ?s ?p ?o } LIMIT 1").isSelectType()).isTrue();
    assertThat(ReadQuery.parse("ASK { ?s ?p ?o }").isAskType()).isTrue();
    assertThat(ReadQuery.parse("CONSTRUCT WHERE { ?s ?p ?o }").isConstructType()).isTrue();
    assertThat(ReadQuery.parse("DESCRIBE <urn:x>").isDescribeType()).isTrue();
    Query q =
        ReadQuery.parse(
            "SELECT (STRLEN(?o) AS ?n) (<http://www.w3.org/2001/XMLSchema#integer>(\"1\") AS ?i)"
                + " WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } ORDER BY DESC(?n)");
    assertThat(q).isNotNull();
  }

  @Test
  void anUpdateIsRefusedWithItsPosition() {
    BadRequestException e = refused("PREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }");
    assertThat(e.getMessage()).contains("read-only");
    assertThat(e.errors().get(0).code()).isEqualTo("update-refused");
    assertThat(e.errors().get(0).line()).isEqualTo(2);
    assertThat(e.errors().get(0).column()).isEqualTo("1");
    assertThat(refused("DROP ALL").errors().get(0).code()).isEqualTo("update-refused");
  }

  @Test
  void aSyntaxErrorSaysWhere() {
    BadRequestException e = refused("SELECT * WHERE {\n  ?s ?p \n}");
    assertThat(e.errors().get(0).code()).isEqualTo("parse-error");
    assertThat(e.errors().get(0).line()).isEqualTo(3);
  }

  @Test
  void serviceFromAndExtensionsAreRefused() {
    assertThat(
            refused("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
                .getMessage())
        .contains("SERVICE");
    assertThat(
            refused("SELECT * FROM <urn:libertas:tenant:other:upload:1> WHERE { ?s ?p ?o }")
                .errors()
                .get(0)
                .code())
        .isEqualTo("dataset-refused");
    assertThat(refused("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }").getMessage())
        .contains("FROM");
    assertThat(
            refused("SELECT * WHERE { ?s ?p ?o FILTER(<java:org.example.Evil>(?o)) }").getMessage())
        .contains("java:org.example.Evil");
    assertThat(refused("SELECT ?s WHERE { ?s ?p ?o } ORDER BY <urn:fn>(?o)").getMessage())
        .contains("urn:fn");
    assertThat(refused("SELECT (<urn:fn>(?o) AS ?x) WHERE { ?s ?p ?o }").getMessage())
        .contains("urn:fn");
    assertThat(
            refused(
                    "SELECT ?w WHERE { ?s ?p ?o . ?w <http://jena.apache.org/ARQ/property#strSplit> (?o \" \") }")
                .getMessage())
        .contains("property function");
    assertThat(
            refused("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { ?s ?q ?v FILTER(<urn:f>(?v)) } }")
                .getMessage())
        .contains("urn:f");
  }

  @Test
  void resultFormatsFollowTheQueryForm() {
    assertThat(ReadQuery.mediaTypes(ReadQuery.parse("ASK {}")).get(0))
        .isEqualTo("application/sparql-results+json");
    assertThat(ReadQuery.mediaTypes(ReadQuery.parse("CONSTRUCT WHERE { ?s ?p ?o }")).get(0))
        .isEqualTo("text/turtle");
    assertThatThrownBy(() -> ReadQuery.parse("  ")).isInstanceOf(BadRequestException.class);
  }
}
