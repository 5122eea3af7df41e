package org.libertas.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;

/**
 * A prospective supplier described in JSON, mapped to RDF by the very {@link RowMapper} that maps
 * auditors' CSV files — same codes, same checks, same triples — with errors pointed back at the
 * JSON fields.
 */
public final class ProspectMapper {
  /** The body of POST /v1/assessments. */
  public record Prospect(
      String name,
      String country,
      String region,
      String sector,
      List<String> commodities,
      Integer workerCount,
      Double migrantWorkerShare,
      List<Recruiter> recruiters,
      List<Finding> findings,
      List<String> suppliers) {}

  public record Recruiter(
      String name, String country, String licenceNumber, Boolean workerPaidFees) {}

  public record Finding(String indicator, String severity, String status, String observedOn) {}

  private static final Map<String, String> SUPPLIER_FIELDS =
      fields(
          "name",
          "/name",
          "country",
          "/country",
          "region",
          "/region",
          "sector",
          "/sector",
          "commodities",
          "/commodities",
          "worker_count",
          "/workerCount",
          "migrant_worker_share",
          "/migrantWorkerShare");
  private static final Map<String, String> RECRUITER_FIELDS =
      fields(
          "recruiter_name",
          "/name",
          "recruiter_country",
          "/country",
          "licence_number",
          "/licenceNumber",
          "worker_paid_fees",
          "/workerPaidFees");
  private static final Map<String, String> FINDING_FIELDS =
      fields(
          "indicator",
          "/indicator",
          "severity",
          "/severity",
          "status",
          "/status",
          "observed_on",
          "/observedOn");

  private ProspectMapper() {}

  /** The prospect's graph, its supplier minted under {@code id} in the tenant's namespace. */
  public static Model toModel(Prospect p, String id, String tenant, ReferenceCodes codes) {
    Model m = ModelFactory.createDefaultModel();
    List<FieldError> errors = new ArrayList<>();
    String row =
        String.join(
            "\u0000",
            id,
            nz(p.name()),
            nz(p.country()),
            nz(p.region()),
            nz(p.sector()),
            p.commodities() == null ? "" : String.join("|", p.commodities()),
            p.workerCount() == null ? "" : p.workerCount().toString(),
            p.migrantWorkerShare() == null ? "" : p.migrantWorkerShare().toString());
    map(
        m,
        CsvKind.SUPPLIERS,
        List.of(
            "supplier_id",
            "name",
            "country",
            "region",
            "sector",
            "commodities",
            "worker_count",
            "migrant_worker_share"),
        List.of(row),
        id,
        tenant,
        codes,
        "",
        SUPPLIER_FIELDS,
        errors);
    if (p.recruiters() != null && !p.recruiters().isEmpty()) {
      List<String> rows = new ArrayList<>();
      for (Recruiter r : p.recruiters()) {
        rows.add(
            String.join(
                "\u0000",
                id,
                nz(r.name()),
                nz(r.country()),
                nz(r.licenceNumber()),
                r.workerPaidFees() == null ? "" : r.workerPaidFees().toString()));
      }
      map(
          m,
          CsvKind.RECRUITERS,
          List.of(
              "supplier_id",
              "recruiter_name",
              "recruiter_country",
              "licence_number",
              "worker_paid_fees"),
          rows,
          id,
          tenant,
          codes,
          "/recruiters",
          RECRUITER_FIELDS,
          errors);
    }
    if (p.findings() != null && !p.findings().isEmpty()) {
      List<String> rows = new ArrayList<>();
      for (Finding f : p.findings()) {
        rows.add(
            String.join(
                "\u0000",
                id,
                nz(f.indicator()),
                nz(f.severity()),
                nz(f.status()),
                nz(f.observedOn())));
      }
      map(
          m,
          CsvKind.FINDINGS,
          List.of("supplier_id", "indicator", "severity", "status", "observed_on"),
          rows,
          id,
          tenant,
          codes,
          "/findings",
          FINDING_FIELDS,
          errors);
    }
    if (!errors.isEmpty()) {
      throw new BadRequestException("the prospect cannot be assessed as described", errors);
    }
    return m;
  }

  private static void map(
      Model m,
      CsvKind kind,
      List<String> header,
      List<String> rows,
      String id,
      String tenant,
      ReferenceCodes codes,
      String listPointer,
      Map<String, String> fields,
      List<FieldError> errors) {
    List<CsvTable.Row> table = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      table.add(new CsvTable.Row(i + 2, rows.get(i).split("\u0000", -1)));
    }
    try {
      ParsedUpload parsed =
          new RowMapper(
                  kind,
                  new CsvTable(header, table, ',', StandardCharsets.UTF_8, List.of()),
                  codes,
                  tenant,
                  id::equals,
                  100)
              .map();
      parsed.triples().forEach(t -> m.getGraph().add(t));
    } catch (ValidationException e) {
      for (FieldError fe : e.errors()) {
        String item = listPointer.isEmpty() ? "" : listPointer + "/" + (fe.line() - 2);
        String field =
            fe.column() == null ? "" : fields.getOrDefault(fe.column(), "/" + fe.column());
        errors.add(FieldError.field(item + field, fe.code(), fe.message()));
      }
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(m);
  }
}
