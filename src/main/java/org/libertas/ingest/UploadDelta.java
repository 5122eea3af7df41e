package org.libertas.ingest;

import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Triple;

/**
 * What one committed upload changed in its tenant's current view: enough to apply the same change
 * to a copy of the view held in memory ({@link CurrentView#applyInMemory}) and to know which
 * suppliers to re-evaluate.
 *
 * @param seq the upload's sequence number: the data version the view has once it is applied
 * @param triples the upload's data triples (no provenance), as written to the store's view
 * @param supplierIds the suppliers the upload's rows name
 */
public record UploadDelta(
    long seq, CsvKind kind, String mode, List<Triple> triples, Set<String> supplierIds) {

  /** A merge only adds or redefines what it names; a replace can remove anything of its kind. */
  public boolean merge() {
    return !"replace".equals(mode);
  }
}
