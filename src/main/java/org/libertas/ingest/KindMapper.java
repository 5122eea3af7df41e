package org.libertas.ingest;

/**
 * Maps the rows of one kind of file: each row's cells, read through {@link Cells} (which records
 * what it refuses), become triples in {@link Triples}. One instance maps one file, so a mapper may
 * remember what earlier rows of the file held.
 */
interface KindMapper {
  /** Maps one row whose column count fits the header and whose key no earlier row repeats. */
  void map(CsvTable.Row row);

  /** The mapper of a kind, for one file. */
  static KindMapper of(CsvKind kind, Cells cells, Triples out) {
    return switch (kind) {
      case SUPPLIERS -> new SupplierMapper(cells, out);
      case RELATIONSHIPS -> new RelationshipMapper(cells, out);
      case RECRUITERS -> new RecruiterMapper(cells, out);
      case FINDINGS -> new FindingMapper(cells, out);
      case OPENSUPPLYHUB -> new OpenSupplyHubMapper(cells, out);
    };
  }
}
