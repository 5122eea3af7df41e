package org.libertas.ingest;

import static org.libertas.ingest.Triples.decimal;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;
import static org.libertas.ingest.Triples.literal;

import java.util.Optional;
import java.util.function.Consumer;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/** A suppliers file: one {@code lbt:Supplier} per row, its id the row's {@code supplier_id}. */
final class SupplierMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;

  SupplierMapper(Cells cells, Triples out) {
    this.cells = cells;
    this.out = out;
  }

  @Override
  public void map(CsvTable.Row row) {
    String id = cells.required(row, "supplier_id", Cells.MAX_NAME);
    String name = cells.required(row, "name", Cells.MAX_NAME);
    Optional<String> country = cells.country(row, "country", true);
    if (id == null) {
      return;
    }
    Node s = out.supplier(id);
    Consumer<String> code = c -> out.add(s, Lbt.classifiedAs.asNode(), iri(c));
    out.touch(id);
    out.add(s, RDF.type.asNode(), Lbt.Supplier.asNode());
    out.add(s, Lbt.supplierId.asNode(), literal(id));
    if (name != null) {
      out.add(s, Lbt.name.asNode(), literal(name));
    }
    out.add(s, Lbt.sourceLine.asNode(), integer(row.line()));
    country.ifPresent(c -> out.add(s, Lbt.country.asNode(), iri(c)));
    cells
        .optional(row, "region")
        .ifPresent(
            v ->
                cells
                    .region(row, v, country)
                    .ifPresent(r -> out.add(s, Lbt.region.asNode(), iri(r))));
    cells
        .optional(row, "sector")
        .ifPresent(v -> out.add(s, Lbt.sector.asNode(), iri(cells.sector(row, "sector", v, code))));
    cells
        .optional(row, "commodities")
        .ifPresent(
            v ->
                cells
                    .commodities(row, "commodities", v, code)
                    .forEach(c -> out.add(s, Lbt.commodity.asNode(), iri(c))));
    cells
        .optional(row, "worker_count")
        .ifPresent(
            v ->
                cells
                    .wholeNumber(row, "worker_count", v)
                    .ifPresent(n -> out.add(s, Lbt.workerCount.asNode(), integer(n))));
    cells
        .optional(row, "migrant_worker_share")
        .ifPresent(
            v ->
                cells
                    .share(row, "migrant_worker_share", v)
                    .ifPresent(d -> out.add(s, Lbt.migrantWorkerShare.asNode(), decimal(d))));
    cells
        .optional(row, "registration_id")
        .ifPresent(v -> out.add(s, Lbt.registrationId.asNode(), literal(v)));
    cells.optional(row, "address").ifPresent(v -> out.add(s, Lbt.address.asNode(), literal(v)));
    identifiers(cells, out, row, s);
  }

  /**
   * The Open Supply Hub, GLEIF and Dun &amp; Bradstreet identifiers of a row, each checked against
   * its publisher's format and kept in the form searches use (suppliers and Open Supply Hub lists
   * alike).
   */
  static void identifiers(Cells cells, Triples out, CsvTable.Row row, Node s) {
    cells
        .optional(row, "os_id")
        .flatMap(v -> cells.osId(row, "os_id", v))
        .ifPresent(v -> out.add(s, Lbt.osId.asNode(), literal(v)));
    cells
        .optional(row, "lei_id")
        .flatMap(v -> cells.lei(row, "lei_id", v))
        .ifPresent(v -> out.add(s, Lbt.leiId.asNode(), literal(v)));
    cells
        .optional(row, "duns_id")
        .flatMap(v -> cells.duns(row, "duns_id", v))
        .ifPresent(v -> out.add(s, Lbt.dunsId.asNode(), literal(v)));
  }
}
