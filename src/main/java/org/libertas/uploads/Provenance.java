package org.libertas.uploads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;
import org.libertas.store.Uploads;

/**
 * What an upload's named graph says about itself (PROV-O and DCTERMS): who sent which file, when,
 * its hash, row count, kind and mode. Written once with the data and never edited, so a graph
 * explains itself after its row is gone.
 */
final class Provenance {
  private static final String PROV = "http://www.w3.org/ns/prov#";

  private Provenance() {}

  /** The provenance triples of the job's graph, the graph's IRI their subject. */
  static List<Triple> of(Uploads.Job job, String graph, int rows, Instant generatedAt) {
    About g = new About(NodeFactory.createURI(graph));
    g.iri(RDF.type.getURI(), PROV + "Entity");
    g.text(DCTerms.creator.getURI(), job.tenantId());
    if (job.keyId() != null) {
      g.iri(PROV + "wasAttributedTo", "urn:libertas:key:" + job.keyId());
    }
    g.typed(PROV + "generatedAtTime", generatedAt.toString(), XSDDatatype.XSDdateTime);
    if (job.fileName() != null) {
      g.text(DCTerms.source.getURI(), job.fileName());
    }
    g.text(Lbt.NS + "sha256", job.sha256());
    g.typed(Lbt.NS + "rowCount", Integer.toString(rows), XSDDatatype.XSDinteger);
    g.text(Lbt.NS + "uploadKind", job.kind());
    g.text(Lbt.NS + "uploadMode", job.mode());
    return List.copyOf(g.triples);
  }

  /** Statements about one subject, in the order they are made. */
  private record About(Node subject, List<Triple> triples) {
    About(Node subject) {
      this(subject, new ArrayList<>());
    }

    void iri(String predicate, String object) {
      add(predicate, NodeFactory.createURI(object));
    }

    void text(String predicate, String object) {
      add(predicate, NodeFactory.createLiteralString(object));
    }

    void typed(String predicate, String lexical, XSDDatatype type) {
      add(predicate, NodeFactory.createLiteralDT(lexical, type));
    }

    private void add(String predicate, Node object) {
      triples.add(Triple.create(subject, NodeFactory.createURI(predicate), object));
    }
  }
}
