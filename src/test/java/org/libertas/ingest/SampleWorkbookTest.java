package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Triple;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.OntologyLoader;

/**
 * sample-data/erp-vendors.xlsx, the README's worked example of an ERP export: its own headers, ISIC
 * Rev.4 sector codes and HS 2022 product codes. It maps without an error, every code reaches the
 * sector and commodity it names, and the one free-text sector loads with a warning. Rewrite the
 * workbook with {@code -Dsample.update=true}.
 */
class SampleWorkbookTest {
  static final Path FILE = Path.of("sample-data/erp-vendors.xlsx");

  static final String[][] ROWS = {
    {
      "Supplier ID",
      "Supplier Name",
      "Country",
      "ISIC Rev.4",
      "HS codes",
      "Headcount",
      "Site address"
    },
    {"V-1001", "Minera Aurífera Tambopata SAC", "PE", "0729", "7108.12", "85", "Puerto Maldonado"},
    {
      "V-1002",
      "Sahara Knit Garments Ltd",
      "BD",
      "1410",
      "6109.10; 6110.20",
      "2400",
      "Ashulia, Dhaka"
    },
    {"V-1003", "Xinjiang Dongfang Silicon Co", "CN", "2011", "2804.61", "1300", "Shihezi"},
    {"V-1004", "Andaman Reefer Fishing Co", "TH", "0311", "0306.17", "140", "Ranong"},
    {"V-1005", "Kota Glove Industries Sdn Bhd", "MY", "2219", "4015.19", "3100", "Klang, Selangor"},
    {"V-1006", "Lima Code Works SAC", "PE", "6201", "", "45", "Miraflores, Lima"},
    {"V-1007", "Cooperativa Cacaotera del Sur", "CI", "0127", "1801", "600", "Soubré"},
    {"V-1008", "Atelier Brodé Sarl", "MA", "hand embroidery", "", "30", "Fès"},
  };

  @Test
  void theSampleWorkbookLoadsAndEveryCodeMapsToItsSectorAndCommodity() throws IOException {
    if (Boolean.getBoolean("sample.update") || !Files.exists(FILE)) {
      write();
    }
    var o = OntologyLoader.load(Path.of("ontology"), 1);
    CsvTable table = SheetTable.read(Files.readAllBytes(FILE), null, MappingGoldenTest.LIMITS);
    ParsedUpload parsed =
        new RowMapper(CsvKind.SUPPLIERS, table, ReferenceCodes.of(o), "sample", id -> false, 50)
            .map();
    assertThat(parsed.rows()).isEqualTo(ROWS.length - 1);
    Set<String> facts = new HashSet<>();
    for (Triple t : parsed.triples()) {
      if (t.getPredicate().equals(Lbt.sector.asNode())
          || t.getPredicate().equals(Lbt.commodity.asNode())) {
        String s = t.getSubject().getURI();
        String o2 = t.getObject().getURI();
        facts.add(
            s.substring(s.lastIndexOf('/') + 1) + " " + o2.substring(o2.lastIndexOf('/') + 1));
      }
    }
    assertThat(facts)
        .contains(
            "V-1001 mining",
            "V-1001 gold",
            "V-1002 textiles-garments",
            "V-1003 polysilicon",
            "V-1004 fishing",
            "V-1004 shrimp",
            "V-1005 rubber-gloves",
            "V-1007 agriculture",
            "V-1007 cocoa");
    List<String> warnings =
        parsed.warnings().stream().map(w -> w.line() + " " + w.column() + " " + w.code()).toList();
    assertThat(warnings).containsExactly("9 ISIC Rev.4 unknown-sector");
  }

  private static void write() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet s = wb.createSheet("Vendors");
      for (int r = 0; r < ROWS.length; r++) {
        Row row = s.createRow(r);
        for (int c = 0; c < ROWS[r].length; c++) {
          String v = ROWS[r][c];
          if (r > 0 && c == 5) {
            row.createCell(c).setCellValue(Double.parseDouble(v)); // headcount, as a number
          } else {
            row.createCell(c).setCellValue(v);
          }
        }
      }
      wb.write(out);
      Files.write(FILE, out.toByteArray());
    }
  }
}
