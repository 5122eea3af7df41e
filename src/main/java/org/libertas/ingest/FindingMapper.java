package org.libertas.ingest;

import static org.libertas.ingest.Triples.encode;
import static org.libertas.ingest.Triples.hash;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;
import static org.libertas.ingest.Triples.literal;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/**
 * A findings file: one {@code lbt:AuditFinding} per row, identified by what it says (supplier,
 * indicator, date, evidence, auditor), so the same finding uploaded twice is one node.
 */
final class FindingMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;

  FindingMapper(Cells cells, Triples out) {
    this.cells = cells;
    this.out = out;
  }

  @Override
  public void map(CsvTable.Row row) {
    String supplier = cells.supplierRef(row, "supplier_id");
    String indicatorValue = cells.required(row, "indicator", Cells.MAX_NAME);
    Optional<String> indicator =
        indicatorValue == null
            ? Optional.empty()
            : cells.lookup(
                row,
                "indicator",
                indicatorValue,
                cells.codes()::indicator,
                "unknown-indicator",
                "an ILO indicator code or its label in en/fr/es (e.g. debt-bondage, « Servitude pour dettes »)");
    Optional<LocalDate> observed =
        cells.optional(row, "observed_on").flatMap(v -> cells.date(row, "observed_on", v));
    Optional<String> severity =
        cells
            .optional(row, "severity")
            .flatMap(
                v ->
                    cells.lookup(
                        row,
                        "severity",
                        v,
                        cells.codes()::severity,
                        "bad-severity",
                        "low, medium or high (faible/moyenne/élevée, baja/media/alta)"));
    Optional<String> status =
        cells
            .optional(row, "status")
            .flatMap(
                v ->
                    cells.lookup(
                        row,
                        "status",
                        v,
                        cells.codes()::status,
                        "bad-status",
                        "open or remediated (ouvert/remédié, abierto/remediado)"));
    if (supplier == null || indicator.isEmpty()) {
      return;
    }
    String content =
        String.join(
            "|",
            supplier,
            indicator.get(),
            observed.map(Object::toString).orElse(""),
            cells.cell(row, "evidence"),
            cells.cell(row, "auditor"));
    Node f = out.node("finding/" + encode(supplier) + "/" + hash(content));
    out.touch(supplier);
    out.add(f, RDF.type.asNode(), Lbt.AuditFinding.asNode());
    out.add(f, Lbt.supplier.asNode(), out.supplier(supplier));
    out.add(f, Lbt.indicator.asNode(), iri(indicator.get()));
    out.add(f, Lbt.sourceLine.asNode(), integer(row.line()));
    observed.ifPresent(d -> out.add(f, Lbt.observedOn.asNode(), Triples.date(d)));
    severity.ifPresent(v -> out.add(f, Lbt.severity.asNode(), iri(v)));
    status.ifPresent(v -> out.add(f, Lbt.status.asNode(), iri(v)));
    cells.optional(row, "auditor").ifPresent(v -> out.add(f, Lbt.auditor.asNode(), literal(v)));
    cells
        .optional(row, "evidence")
        .ifPresent(v -> out.add(f, Lbt.evidenceText.asNode(), literal(v)));
  }
}
