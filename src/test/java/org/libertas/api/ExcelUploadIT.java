package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.ingest.SheetTable;
import org.libertas.testing.TestApp;

/**
 * Excel workbooks through the real HTTP API: a suppliers workbook sent as the body, a findings
 * workbook as a multipart file with a sheet named, both scored; a bad workbook refused with its
 * line and column; the .xlsx template with the allowed values of its coded columns.
 */
class ExcelUploadIT {
  static TestApp app;
  static String auditor;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    auditor = app.tenantWithKey("excel", "auditor");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A workbook of one or more sheets: name, then rows (a LocalDate cell gets a date format). */
  static byte[] workbook(Object... sheetsAndRows) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("d mmm yyyy"));
      for (int i = 0; i < sheetsAndRows.length; i += 2) {
        Sheet s = wb.createSheet((String) sheetsAndRows[i]);
        Object[][] rows = (Object[][]) sheetsAndRows[i + 1];
        for (int r = 0; r < rows.length; r++) {
          Row row = s.createRow(r);
          for (int c = 0; c < rows[r].length; c++) {
            Object v = rows[r][c];
            Cell cell = row.createCell(c);
            if (v instanceof String str && str.startsWith("=")) {
              cell.setCellFormula(str.substring(1)); // no cached value
            } else if (v instanceof String str) {
              cell.setCellValue(str);
            } else if (v instanceof Number n) {
              cell.setCellValue(n.doubleValue());
            } else if (v instanceof LocalDate d) {
              cell.setCellValue(d);
              cell.setCellStyle(date);
            }
          }
        }
      }
      wb.write(out);
      return out.toByteArray();
    }
  }

  static TestApp.Response multipart(String path, String fileName, byte[] file) {
    return app.postMultipart(path, auditor, fileName, file, java.util.Map.of());
  }

  static JsonNode accepted(TestApp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return app.awaitUpload(auditor, r.header("Location"));
  }

  @Test
  void suppliersAndFindingsWorkbooksLoadAndAreScored() throws IOException {
    byte[] suppliers =
        workbook(
            "Suppliers",
            new Object[][] {
              {"Supplier_ID", "Name", "Country", "Sector", "Worker_Count", "Migrant_Worker_Share"},
              {20931, "Mekong Seafood Ltd", "TH", "seafood-processing", 850, 0.62},
              {"S-PE-7", "Oro Andino SAC", "PE", "artisanal-mining", 120, 0.1}
            });
    JsonNode up =
        accepted(app.post("/v1/uploads?kind=suppliers", auditor, SheetTable.MEDIA_TYPE, suppliers));
    assertThat(up.get("status").asText()).as(up.toString()).isEqualTo("succeeded");
    assertThat(up.get("format").asText()).isEqualTo("xlsx");
    assertThat(up.get("rowsProcessed").asInt()).isEqualTo(2);

    // The id 20931 stays 20931 (never 20931.0); the row's numbers are numbers.
    TestApp.Response risk = app.get("/v1/suppliers/20931/risk", auditor);
    assertThat(risk.status()).as(risk.body()).isEqualTo(200);
    int before = risk.json().get("score").asInt();

    byte[] findings =
        workbook(
            "Cover",
            new Object[][] {{"Audit of March 2026"}},
            "Findings",
            new Object[][] {
              {"supplier_id", "indicator", "observed_on", "severity", "status", "auditor"},
              {20931, "debt-bondage", LocalDate.of(2026, 3, 12), "high", "open", "Mekong Audit"}
            });
    JsonNode f =
        accepted(multipart("/v1/uploads?kind=findings&sheet=findings", "audit.xlsx", findings));
    assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("succeeded");
    assertThat(f.get("fileName").asText()).isEqualTo("audit.xlsx");
    assertThat(f.get("sheet").asText()).isEqualTo("findings");
    JsonNode after = app.get("/v1/suppliers/20931/risk", auditor).json();
    List<String> rules = new ArrayList<>();
    after.get("factors").forEach(x -> rules.add(x.get("rule").asText()));
    assertThat(rules).as(after.toString()).anyMatch(r -> r.contains("finding"));
    assertThat(after.get("score").asInt()).isGreaterThan(before);
  }

  @Test
  void aBadWorkbookIsAProblemWithLineAndColumn() throws IOException {
    // The header is checked before queueing: a missing column, at once.
    byte[] noCountry =
        workbook("s", new Object[][] {{"supplier_id", "name"}, {"X1", "No Country Ltd"}});
    TestApp.Response r =
        app.post("/v1/uploads?kind=suppliers", auditor, SheetTable.MEDIA_TYPE, noCountry);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode e = r.json().get("errors").get(0);
    assertThat(e.get("line").asInt()).isEqualTo(1);
    assertThat(e.get("column").asText()).isEqualTo("country");

    // A formula without a cached value, and a bad country: the job fails naming both cells.
    byte[] bad =
        workbook(
            "s",
            new Object[][] {
              {"supplier_id", "name", "country", "worker_count"},
              {"X2", "Fine Ltd", "FR", 10},
              {"X3", "Formula Ltd", "FR", "=B2*2"},
            });
    JsonNode job = accepted(multipart("/v1/uploads?kind=suppliers", "bad.xlsx", bad));
    assertThat(job.get("status").asText()).isEqualTo("failed");
    JsonNode err = job.get("errors").get(0);
    assertThat(err.get("line").asInt()).isEqualTo(3);
    assertThat(err.get("column").asText()).isEqualTo("worker_count");
    assertThat(err.get("code").asText()).isEqualTo("formula-without-value");
    assertThat(app.get("/v1/suppliers/X2/risk", auditor).status()).isEqualTo(404);

    // An unknown sheet names the sheets; a renamed PDF names the format expected.
    TestApp.Response sheet =
        app.post(
            "/v1/uploads?kind=suppliers&sheet=nope", auditor, SheetTable.MEDIA_TYPE, noCountry);
    assertThat(sheet.status()).isEqualTo(422);
    assertThat(sheet.json().get("errors").get(0).get("code").asText()).isEqualTo("unknown-sheet");
    assertThat(sheet.body()).contains("'s'");
    TestApp.Response pdf =
        multipart(
            "/v1/uploads?kind=suppliers",
            "suppliers.xlsx",
            "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(pdf.status()).as(pdf.body()).isEqualTo(415);
    assertThat(pdf.contentType()).startsWith("application/problem+json");
    assertThat(pdf.json().get("errors").get(0).get("code").asText()).isEqualTo("not-a-workbook");
    assertThat(pdf.body()).contains(".xlsx");
  }

  @Test
  void theXlsxTemplateListsTheAllowedValuesOfItsCodedColumns() throws Exception {
    for (String[] c :
        new String[][] {
          {"suppliers", "sector", "mining"}, {"findings", "indicator", "debt-bondage"}
        }) {
      HttpResponse<byte[]> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(app.base() + "/v1/uploads/templates/" + c[0] + "?format=xlsx"))
                  .header("Authorization", "Bearer " + auditor)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith(SheetTable.MEDIA_TYPE);
      try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
        Row header = wb.getSheetAt(0).getRow(0);
        assertThat(header.getCell(0).getStringCellValue()).isEqualTo("supplier_id");
        Sheet allowed = wb.getSheet("allowed values");
        assertThat(allowed).isNotNull();
        int col = -1;
        for (Cell h : allowed.getRow(0)) {
          if (h.getStringCellValue().equals(c[1])) {
            col = h.getColumnIndex();
          }
        }
        assertThat(col).as(c[1]).isNotNegative();
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= allowed.getLastRowNum(); i++) {
          Cell v = allowed.getRow(i).getCell(col);
          if (v != null) {
            values.add(v.getStringCellValue());
          }
        }
        assertThat(values).contains(c[2]);
      }
      // The workbook a template gives reads back to its own header.
      assertThat(
              SheetTable.readHeader(
                  r.body(), null, new org.libertas.ingest.CsvLimits(1 << 22, 10, 100, 1, 1)))
          .contains("supplier_id");
    }
    // CSV stays the default.
    TestApp.Response csv = app.get("/v1/uploads/templates/findings", auditor);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.body()).startsWith("supplier_id,indicator");
  }
}
