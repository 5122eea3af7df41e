package org.libertas.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/**
 * What one committed upload changed in its tenant's current view: enough to apply the same change
 * to a copy of the view held in memory ({@link CurrentView#applyInMemory}) and to know which
 * suppliers to re-evaluate.
 *
 * @param seq the upload's sequence number: the data version the view has once it is applied
 * @param kind the upload's kind; null for a workbook of several kinds (its data says which)
 * @param triples the upload's data triples (no provenance), as written to the store's view
 * @param supplierIds the suppliers the upload's rows name
 */
public record UploadDelta(
    long seq, CsvKind kind, String mode, List<Triple> triples, Set<String> supplierIds) {

  /**
   * The suppliers whose facts the upload may have changed, in the view with the upload applied:
   * those its rows name, and every employer of a recruiter it (re)defines, since recruiters are
   * shared (one node per name and country) and a row for one supplier can change another's.
   */
  public Set<String> affectedSuppliers(Graph view) {
    Set<String> out = new HashSet<>(supplierIds);
    for (Triple t : triples) {
      if (t.getPredicate().equals(RDF.type.asNode())
          && t.getObject().equals(Lbt.Recruiter.asNode())) {
        view.find(Node.ANY, Lbt.recruiter.asNode(), t.getSubject())
            .forEachRemaining(
                link ->
                    view.find(link.getSubject(), Lbt.employer.asNode(), Node.ANY)
                        .forEachRemaining(
                            e ->
                                view.find(e.getObject(), Lbt.supplierId.asNode(), Node.ANY)
                                    .forEachRemaining(
                                        id -> out.add(id.getObject().getLiteralLexicalForm()))));
      }
    }
    return out;
  }

  /** The subjects the upload (re)defines: a merge replaces each one's triples with the upload's. */
  public Set<Node> subjects() {
    Set<Node> out = new HashSet<>();
    triples.forEach(t -> out.add(t.getSubject()));
    return out;
  }

  /**
   * Whether the upload can change suppliers' facts or the links between them: whether its kind
   * defines suppliers or supply links (the others define findings, recruiters and their links); a
   * workbook does when it holds rows of suppliers, Open Supply Hub or relationships.
   */
  public boolean changesSupplyChain() {
    List<Node> defined = CurrentView.classes(kind, triples);
    return defined.contains(Lbt.Supplier.asNode()) || defined.contains(Lbt.SupplyLink.asNode());
  }

  /** A merge only adds or redefines what it names; a replace can remove anything of its kind. */
  public boolean merge() {
    return !"replace".equals(mode);
  }
}
