package org.libertas.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;

/**
 * The .xlsx template of a kind: a first sheet named after the kind with its header row (required
 * columns first), and a second sheet {@value #ALLOWED} listing, for each coded column of the kind,
 * the codes the active ontology accepts beside their English label. The codes are read from the
 * ontology as {@link ReferenceCodes} reads them (ISO codes of countries and regions, the slugs of
 * sectors, commodities and indicators, the notations of severities and statuses); a cell also
 * accepts the labels, in en/fr/es.
 */
public final class SheetTemplate {
  /** The name of the second sheet. */
  public static final String ALLOWED = "allowed values";

  private SheetTemplate() {}

  /** The workbook's bytes. */
  public static byte[] of(CsvKind kind, Ontology ontology) {
    List<String> columns = new ArrayList<>(kind.required());
    columns.addAll(kind.optional());
    Map<String, Map<String, String>> coded = new LinkedHashMap<>();
    Map<String, Map<String, String>> cache = new LinkedHashMap<>();
    for (String c : columns) {
      String vocabulary = vocabularyOf(c);
      if (vocabulary != null) {
        coded.put(c, cache.computeIfAbsent(vocabulary, v -> values(v, ontology)));
      }
    }
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      CellStyle bold = wb.createCellStyle();
      Font font = wb.createFont();
      font.setBold(true);
      bold.setFont(font);
      Sheet data = wb.createSheet(kind.code());
      Row header = data.createRow(0);
      for (int i = 0; i < columns.size(); i++) {
        header.createCell(i).setCellValue(columns.get(i));
        header.getCell(i).setCellStyle(bold);
        data.setColumnWidth(i, Math.max(12, columns.get(i).length() + 2) * 256);
      }
      data.createFreezePane(0, 1);
      Sheet allowed = wb.createSheet(ALLOWED);
      Row names = allowed.createRow(0);
      int col = 0;
      int rows = coded.values().stream().mapToInt(Map::size).max().orElse(0);
      List<Row> body = new ArrayList<>(rows);
      for (int r = 0; r < rows; r++) {
        body.add(allowed.createRow(r + 1));
      }
      for (Map.Entry<String, Map<String, String>> e : coded.entrySet()) {
        names.createCell(col).setCellValue(e.getKey());
        names.getCell(col).setCellStyle(bold);
        names.createCell(col + 1).setCellValue(e.getKey() + " (label)");
        names.getCell(col + 1).setCellStyle(bold);
        int r = 0;
        for (Map.Entry<String, String> v : e.getValue().entrySet()) {
          body.get(r).createCell(col).setCellValue(v.getKey());
          body.get(r).createCell(col + 1).setCellValue(v.getValue());
          r++;
        }
        allowed.setColumnWidth(col, 20 * 256);
        allowed.setColumnWidth(col + 1, 40 * 256);
        col += 2;
      }
      allowed.createFreezePane(0, 1);
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Which vocabulary a column's cells take, or null for a free column. */
  static String vocabularyOf(String column) {
    return switch (column) {
      case "country", "recruiter_country", "origin_country" -> "country";
      case "region" -> "region";
      case "sector" -> "sector";
      case "commodities", "commodity", "product_type" -> "commodity";
      case "indicator" -> "indicator";
      case "severity" -> "severity";
      case "status" -> "status";
      case "worker_paid_fees" -> "boolean";
      default -> null;
    };
  }

  /** Code → English label, sorted by code. */
  static Map<String, String> values(String vocabulary, Ontology ontology) {
    Model m = ontology.model();
    Map<String, String> out = new TreeMap<>();
    switch (vocabulary) {
      case "country" ->
          m.listSubjectsWithProperty(Lbt.iso2)
              .forEachRemaining(
                  c ->
                      out.put(
                          c.getProperty(Lbt.iso2).getString().toUpperCase(Locale.ROOT),
                          label(ontology, c)));
      case "region" ->
          m.listSubjectsWithProperty(RDF.type, m.createResource(Lbt.NS + "Region"))
              .forEachRemaining(
                  r -> {
                    if (r.hasProperty(Lbt.code)) {
                      out.put(
                          r.getProperty(Lbt.code).getString().toUpperCase(Locale.ROOT),
                          label(ontology, r));
                    }
                  });
      case "sector" -> byNamespace(m, Lbt.SECTOR, ontology, out);
      case "commodity" -> byNamespace(m, Lbt.COMMODITY, ontology, out);
      case "indicator" -> byNamespace(m, Lbt.INDICATOR, ontology, out);
      case "severity", "status" -> {
        String prefix = vocabulary.equals("severity") ? "Severity" : "Status";
        m.listSubjectsWithProperty(Lbt.multiplier)
            .forEachRemaining(
                r -> {
                  if (r.isURIResource() && r.getLocalName().startsWith(prefix)) {
                    String code =
                        r.hasProperty(SKOS.notation)
                            ? r.getProperty(SKOS.notation).getString()
                            : r.getLocalName().substring(prefix.length()).toLowerCase(Locale.ROOT);
                    out.put(code, label(ontology, r));
                  }
                });
      }
      case "boolean" -> {
        // Not from the ontology: the yes/no words the cell parser knows (Cells).
        out.put("true", "yes (also yes, y, 1, oui, vrai, sí, verdadero)");
        out.put("false", "no (also no, n, 0, non, faux, falso)");
      }
      default -> throw new IllegalArgumentException(vocabulary);
    }
    return out;
  }

  private static void byNamespace(Model m, String ns, Ontology ontology, Map<String, String> out) {
    m.listSubjects()
        .forEachRemaining(
            s -> {
              if (s.isURIResource() && s.getURI().startsWith(ns)) {
                String slug = s.getURI().substring(ns.length());
                if (!slug.isEmpty() && !slug.contains("/") && !slug.contains("#")) {
                  out.put(slug, label(ontology, s));
                }
              }
            });
  }

  private static String label(Ontology ontology, Resource r) {
    String l = ontology.label(r.getURI(), "en");
    return l == null ? "" : l;
  }
}
