package org.libertas.ingest;

import static org.libertas.ingest.Triples.encode;
import static org.libertas.ingest.Triples.hash;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;
import static org.libertas.ingest.Triples.literal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/**
 * A findings file: one {@code lbt:AuditFinding} per row, identified by its {@code finding_id} when
 * the auditor gives one, else by supplier, indicator and observation date (DESIGN §7). A later
 * upload of the same finding (a follow-up audit marking it remediated) therefore redefines the same
 * node in the current view instead of adding a second one; its earlier states stay in the earlier
 * uploads' graphs, with their provenance. Two rows of one file naming the same finding are an
 * error.
 */
final class FindingMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;
  private final Map<String, Long> seen = new HashMap<>();

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
    Optional<String> findingId = cells.optional(row, "finding_id");
    if (findingId.isPresent() && findingId.get().length() > Cells.MAX_NAME) {
      cells.error(
          row.line(),
          "finding_id",
          "field-too-long",
          "a finding id has at most " + Cells.MAX_NAME + " characters");
      return;
    }
    if (supplier == null || indicator.isEmpty()) {
      return;
    }
    String identity =
        findingId
            .map(id -> "id/" + encode(id))
            .orElseGet(
                () ->
                    encode(supplier)
                        + "/"
                        + hash(
                            String.join(
                                "|", indicator.get(), observed.map(Object::toString).orElse(""))));
    Long first = seen.putIfAbsent(identity, row.line());
    if (first != null) {
      cells.error(
          row.line(),
          findingId.isPresent() ? "finding_id" : "indicator",
          "duplicate-finding",
          findingId.isPresent()
              ? "this row repeats finding_id '" + findingId.get() + "' of line " + first
              : "this row repeats the finding of line "
                  + first
                  + " (same supplier_id, indicator and observed_on): give each finding its own"
                  + " finding_id, or merge the two rows");
      return;
    }
    Node f = out.node("finding/" + identity);
    out.touch(supplier);
    out.add(f, RDF.type.asNode(), Lbt.AuditFinding.asNode());
    out.add(f, Lbt.supplier.asNode(), out.supplier(supplier));
    out.add(f, Lbt.indicator.asNode(), iri(indicator.get()));
    out.add(f, Lbt.sourceLine.asNode(), integer(row.line()));
    observed.ifPresent(d -> out.add(f, Lbt.observedOn.asNode(), Triples.date(d)));
    severity.ifPresent(v -> out.add(f, Lbt.severity.asNode(), iri(v)));
    status.ifPresent(v -> out.add(f, Lbt.status.asNode(), iri(v)));
    findingId.ifPresent(v -> out.add(f, Lbt.findingId.asNode(), literal(v)));
    cells.optional(row, "auditor").ifPresent(v -> out.add(f, Lbt.auditor.asNode(), literal(v)));
    cells
        .optional(row, "evidence")
        .ifPresent(v -> out.add(f, Lbt.evidenceText.asNode(), literal(v)));
  }
}
