package org.libertas.ingest;

import static org.libertas.ingest.Triples.encode;
import static org.libertas.ingest.Triples.hash;
import static org.libertas.ingest.Triples.integer;
import static org.libertas.ingest.Triples.iri;
import static org.libertas.ingest.Triples.literal;

import java.util.Optional;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.libertas.ontology.Lbt;

/**
 * A recruiters file: per row, the recruiter (one node per name and country, shared by every
 * employer that names it) and its {@code lbt:RecruitmentLink} to the supplier.
 */
final class RecruiterMapper implements KindMapper {
  private final Cells cells;
  private final Triples out;

  RecruiterMapper(Cells cells, Triples out) {
    this.cells = cells;
    this.out = out;
  }

  @Override
  public void map(CsvTable.Row row) {
    String supplier = cells.supplierRef(row, "supplier_id");
    String name = cells.required(row, "recruiter_name", Cells.MAX_NAME);
    Optional<String> country =
        cells
            .optional(row, "recruiter_country")
            .flatMap(v -> cells.country(row, "recruiter_country", false));
    if (supplier == null || name == null) {
      return;
    }
    String key = hash(ReferenceCodes.key(name) + "|" + country.orElse(""));
    Node r = out.node("recruiter/" + key);
    Node link = out.node("recruitment/" + encode(supplier) + "/" + key);
    out.touch(supplier);
    out.add(r, RDF.type.asNode(), Lbt.Recruiter.asNode());
    out.add(r, Lbt.name.asNode(), literal(name));
    country.ifPresent(c -> out.add(r, Lbt.country.asNode(), iri(c)));
    cells
        .optional(row, "licence_number")
        .ifPresent(v -> out.add(r, Lbt.licenceNumber.asNode(), literal(v)));
    out.add(link, RDF.type.asNode(), Lbt.RecruitmentLink.asNode());
    out.add(link, Lbt.employer.asNode(), out.supplier(supplier));
    out.add(link, Lbt.recruiter.asNode(), r);
    out.add(link, Lbt.sourceLine.asNode(), integer(row.line()));
    cells
        .optional(row, "origin_country")
        .flatMap(v -> cells.country(row, "origin_country", false))
        .ifPresent(c -> out.add(link, Lbt.originCountry.asNode(), iri(c)));
    cells
        .optional(row, "workers_recruited")
        .ifPresent(
            v ->
                cells
                    .wholeNumber(row, "workers_recruited", v)
                    .ifPresent(n -> out.add(link, Lbt.workersRecruited.asNode(), integer(n))));
    cells
        .optional(row, "worker_paid_fees")
        .ifPresent(
            v ->
                cells
                    .bool(row, "worker_paid_fees", v)
                    .ifPresent(b -> out.add(link, Lbt.workerPaidFees.asNode(), Triples.bool(b))));
  }
}
