package org.libertas.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The file kinds auditors upload, with the columns each requires and allows (docs/api.md). */
public enum CsvKind {
  SUPPLIERS(
      List.of("supplier_id", "name", "country"),
      List.of(
          "region",
          "sector",
          "commodities",
          "worker_count",
          "migrant_worker_share",
          "registration_id",
          "address",
          "os_id",
          "lei_id",
          "duns_id"),
      List.of("supplier_id")),
  RELATIONSHIPS(
      List.of("buyer_id", "supplier_id"),
      List.of("commodity", "annual_volume", "since"),
      List.of("buyer_id", "supplier_id", "commodity")),
  RECRUITERS(
      List.of("supplier_id", "recruiter_name"),
      List.of(
          "recruiter_country",
          "licence_number",
          "origin_country",
          "workers_recruited",
          "worker_paid_fees"),
      List.of("supplier_id", "recruiter_name", "recruiter_country")),
  FINDINGS(
      List.of("supplier_id", "indicator"),
      List.of("finding_id", "observed_on", "severity", "status", "auditor", "evidence"),
      List.of()),
  OPENSUPPLYHUB(
      List.of("name", "address", "country"),
      List.of(
          "sector",
          "product_type",
          "facility_type",
          "processing_type",
          "number_of_workers",
          "parent_company",
          "parent_company_os_id",
          "lat",
          "lng",
          "duns_id",
          "lei_id",
          "os_id"),
      List.of());

  private final List<String> required;
  private final List<String> optional;
  private final List<String> key;

  CsvKind(List<String> required, List<String> optional, List<String> key) {
    this.required = required;
    this.optional = optional;
    this.key = key;
  }

  public String code() {
    return name().toLowerCase();
  }

  public List<String> required() {
    return required;
  }

  public List<String> optional() {
    return optional;
  }

  /** Columns that identify a row; two rows with the same key in one file are an error. */
  public List<String> key() {
    return key;
  }

  public boolean knows(String column) {
    return required.contains(column) || optional.contains(column);
  }

  public static Optional<CsvKind> fromCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(CsvKind::code).toList();
  }
}
