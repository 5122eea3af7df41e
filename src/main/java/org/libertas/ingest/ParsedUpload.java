package org.libertas.ingest;

import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Triple;
import org.libertas.errors.FieldError;

/**
 * A file that passed validation: the triples of its named graph, its row count, the warnings to
 * show the auditor, and the suppliers it touches (for rescoring).
 */
public record ParsedUpload(
    List<Triple> triples, int rows, List<FieldError> warnings, Set<String> supplierIds) {}
