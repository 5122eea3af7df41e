package org.libertas.ingest;

import static org.libertas.ingest.Triples.hash;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;
import static org.libertas.ingest.Triples.literal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/**
 * An Open Supply Hub list: one supplier per facility, its id the {@code os_id} when given (checked
 * against Open Supply Hub's format, upper case without hyphens), else a stable id derived from
 * name, address and country; an unknown sector is left out (the list's sectors are free text), and
 * two rows of one facility are an error. The OS ID, LEI and D-U-N-S number are kept as a suppliers
 * file keeps them ({@link SupplierMapper#identifiers}).
 */
final class OpenSupplyHubMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;
  private final Map<String, Long> ids = new HashMap<>();

  OpenSupplyHubMapper(Cells cells, Triples out) {
    this.cells = cells;
    this.out = out;
  }

  @Override
  public void map(CsvTable.Row row) {
    String name = cells.required(row, "name", Cells.MAX_NAME);
    String address = cells.required(row, "address", 1000);
    String countryValue = cells.required(row, "country", Cells.MAX_NAME);
    Optional<String> country = Optional.empty();
    if (countryValue != null) {
      country = cells.codes().countryByCodeOrName(countryValue);
      if (country.isEmpty()) {
        cells.error(
            row.line(),
            "country",
            "unknown-country",
            "'" + countryValue + "' is neither an ISO 3166-1 code nor a country name");
      }
    }
    Optional<String> given = cells.optional(row, "os_id");
    Optional<String> osId = given.flatMap(v -> cells.osId(row, "os_id", v));
    if (name == null
        || address == null
        || country.isEmpty()
        || given.isPresent() != osId.isPresent()) {
      return;
    }
    String id =
        osId.orElseGet(
            () ->
                "OSH-"
                    + hash(
                        ReferenceCodes.key(name)
                            + "|"
                            + ReferenceCodes.key(address)
                            + "|"
                            + countryValue.toUpperCase(Locale.ROOT)));
    Long first = ids.putIfAbsent(id, row.line());
    if (first != null) {
      cells.error(
          row.line(),
          osId.isPresent() ? "os_id" : "name",
          "duplicate-key",
          "this row describes the same facility (" + id + ") as line " + first);
      return;
    }
    Node s = out.supplier(id);
    out.touch(id);
    out.add(s, RDF.type.asNode(), Lbt.Supplier.asNode());
    out.add(s, Lbt.supplierId.asNode(), literal(id));
    out.add(s, Lbt.name.asNode(), literal(name));
    out.add(s, Lbt.address.asNode(), literal(address));
    out.add(s, Lbt.country.asNode(), iri(country.get()));
    out.add(s, Lbt.sourceLine.asNode(), integer(row.line()));
    cells
        .optional(row, "sector")
        .flatMap(cells.codes()::sector)
        .ifPresent(x -> out.add(s, Lbt.sector.asNode(), iri(x)));
    cells
        .optional(row, "product_type")
        .ifPresent(
            v ->
                cells
                    .commodities(
                        row, "product_type", v, c -> out.add(s, Lbt.classifiedAs.asNode(), iri(c)))
                    .forEach(c -> out.add(s, Lbt.commodity.asNode(), iri(c))));
    cells
        .optional(row, "number_of_workers")
        .ifPresent(
            v ->
                cells
                    .wholeNumber(row, "number_of_workers", v.replaceAll("\\s*-.*$", ""))
                    .ifPresent(n -> out.add(s, Lbt.workerCount.asNode(), integer(n))));
    SupplierMapper.identifiers(cells, out, row, s);
    // The list has no registration number column: its LEI, else its D-U-N-S number, is the one
    // screening compares with the identifiers of listed entities.
    cells
        .optional(row, "lei_id")
        .flatMap(Identifiers::lei)
        .or(() -> cells.optional(row, "duns_id").flatMap(Identifiers::duns))
        .ifPresent(v -> out.add(s, Lbt.registrationId.asNode(), literal(v)));
  }
}
