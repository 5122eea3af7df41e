package org.libertas.ingest;

import static org.libertas.ingest.Triples.decimal;
import static org.libertas.ingest.Triples.encode;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;

import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/** A relationships file: one {@code lbt:SupplyLink} per buyer and supplier, both known. */
final class RelationshipMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;

  RelationshipMapper(Cells cells, Triples out) {
    this.cells = cells;
    this.out = out;
  }

  @Override
  public void map(CsvTable.Row row) {
    String buyer = cells.supplierRef(row, "buyer_id");
    String supplier = cells.supplierRef(row, "supplier_id");
    if (buyer != null && buyer.equals(supplier)) {
      cells.error(row.line(), "supplier_id", "self-link", "a supplier cannot supply itself");
      return;
    }
    if (buyer == null || supplier == null) {
      return;
    }
    Node l = out.node("link/" + encode(buyer) + "/" + encode(supplier));
    out.touch(buyer);
    out.touch(supplier); // a link's commodity is the supplier's (commodity rules)
    out.add(l, RDF.type.asNode(), Lbt.SupplyLink.asNode());
    out.add(l, Lbt.buyer.asNode(), out.supplier(buyer));
    out.add(l, Lbt.supplier.asNode(), out.supplier(supplier));
    out.add(l, Lbt.sourceLine.asNode(), integer(row.line()));
    cells
        .optional(row, "commodity")
        .ifPresent(
            v ->
                cells
                    .commodities(
                        row, "commodity", v, c -> out.add(l, Lbt.classifiedAs.asNode(), iri(c)))
                    .forEach(c -> out.add(l, Lbt.commodity.asNode(), iri(c))));
    cells
        .optional(row, "annual_volume")
        .ifPresent(
            v ->
                cells
                    .number(row, "annual_volume", v)
                    .ifPresent(d -> out.add(l, Lbt.annualVolume.asNode(), decimal(d))));
    cells
        .optional(row, "since")
        .ifPresent(
            v ->
                cells
                    .date(row, "since", v)
                    .ifPresent(d -> out.add(l, Lbt.since.asNode(), Triples.date(d))));
  }
}
