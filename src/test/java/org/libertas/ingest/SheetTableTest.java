package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;

/**
 * {@link SheetTable} on workbooks this test writes with POI: cell types as a CSV export would write
 * them, sheets by name, the limits, the zip-bomb guard, files that are not workbooks, and 100k rows
 * within a stated heap.
 */
class SheetTableTest {
  static final CsvLimits LIMITS = new CsvLimits(1 << 20, 1_000, 200, 5, 50);

  /** A workbook written by POI's object model (shared strings), sheets filled by the callbacks. */
  @SafeVarargs
  static byte[] xlsx(Consumer<Workbook>... fill) {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (Consumer<Workbook> f : fill) {
        f.accept(wb);
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Consumer<Workbook> sheet(String name, Object[]... rows) {
    return wb -> {
      Sheet s = wb.createSheet(name);
      for (int r = 0; r < rows.length; r++) {
        if (rows[r] == null) {
          continue; // a row never written: blank
        }
        Row row = s.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          Object v = rows[r][c];
          if (v == null) {
            continue;
          }
          Cell cell = row.createCell(c);
          if (v instanceof String str) {
            cell.setCellValue(str);
          } else if (v instanceof Number n) {
            cell.setCellValue(n.doubleValue());
          } else if (v instanceof Boolean b) {
            cell.setCellValue(b);
          }
        }
      }
    };
  }

  static List<String> cells(CsvTable t, int row) {
    return Arrays.asList(t.rows().get(row).cells());
  }

  static LibertasException refusal(Runnable r) {
    try {
      r.run();
    } catch (LibertasException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void cellsReadAsACsvExportWouldWriteThem() {
    byte[] file =
        xlsx(
            wb -> {
              Sheet s = wb.createSheet("Suppliers");
              CellStyle date = wb.createCellStyle();
              date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
              CellStyle dateTime = wb.createCellStyle();
              dateTime.setDataFormat(
                  wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
              CellStyle thousands = wb.createCellStyle();
              thousands.setDataFormat(
                  wb.getCreationHelper().createDataFormat().getFormat("#,##0.00"));
              CellStyle percent = wb.createCellStyle();
              percent.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("0%"));
              Row h = s.createRow(0);
              String[] header = {
                " Supplier_ID ",
                "NAME",
                "observed_on",
                "seen_at",
                "worker_count",
                "share",
                "paid",
                "volume",
                "formula_text",
                "formula_number"
              };
              for (int c = 0; c < header.length; c++) {
                h.createCell(c).setCellValue(header[c]);
              }
              Row r = s.createRow(1);
              r.createCell(0).setCellValue(20931);
              r.createCell(1).setCellValue("Mekong Fish Co.");
              Cell d = r.createCell(2);
              d.setCellValue(LocalDate.of(2026, 3, 12));
              d.setCellStyle(date);
              Cell dt = r.createCell(3);
              dt.setCellValue(LocalDateTime.of(2026, 3, 12, 8, 30, 15));
              dt.setCellStyle(dateTime);
              Cell n = r.createCell(4);
              n.setCellValue(1234567.5);
              n.setCellStyle(thousands);
              Cell p = r.createCell(5);
              p.setCellValue(0.08);
              p.setCellStyle(percent);
              r.createCell(6).setCellValue(true);
              r.createCell(7).setCellValue(0.000015);
              r.createCell(8).setCellFormula("CONCATENATE(\"S-\",\"TH\")");
              r.createCell(9).setCellFormula("0.1+0.2");
              wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
              Row r2 = s.createRow(2);
              r2.createCell(0).setCellValue("S-2");
              r2.createCell(6).setCellValue(false);
              r2.createCell(4).setCellValue(-3);
            });
    CsvTable t = SheetTable.read(file, null, LIMITS);
    // Header cells as written, trimmed: RowMapper folds them (Columns), as for CSV.
    assertThat(t.header())
        .containsExactly(
            "Supplier_ID",
            "NAME",
            "observed_on",
            "seen_at",
            "worker_count",
            "share",
            "paid",
            "volume",
            "formula_text",
            "formula_number");
    assertThat(cells(t, 0))
        .containsExactly(
            "20931",
            "Mekong Fish Co.",
            "2026-03-12",
            "2026-03-12T08:30:15",
            "1234567.5",
            "0.08",
            "true",
            "0.000015",
            "S-TH",
            "0.3");
    // A row shorter than the header is padded; missing cells are empty.
    assertThat(cells(t, 1)).containsExactly("S-2", "", "", "", "-3", "", "false", "", "", "");
    assertThat(t.rows().get(0).line()).isEqualTo(2);
    assertThat(t.delimiter()).isEqualTo(',');
    assertThat(t.charset()).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void inlineStringsAsSxssfWritesThemReadLikeSharedOnes() throws IOException {
    byte[] file;
    try (SXSSFWorkbook wb = new SXSSFWorkbook(10);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet s = wb.createSheet("data");
      Row h = s.createRow(0);
      h.createCell(0).setCellValue("supplier_id");
      h.createCell(1).setCellValue("name");
      Row r = s.createRow(1);
      r.createCell(0).setCellValue("S-1");
      r.createCell(1).setCellValue("Ünïcödé Ltd");
      wb.write(out);
      file = out.toByteArray();
    }
    assertThat(new String(unzip(file, "xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8))
        .contains("inlineStr");
    CsvTable t = SheetTable.read(file, null, LIMITS);
    assertThat(cells(t, 0)).containsExactly("S-1", "Ünïcödé Ltd");
  }

  @Test
  void lineNumbersAreTheSheetsRowsAndBlankRowsAreSkipped() {
    byte[] file =
        xlsx(
            sheet(
                "s",
                null,
                new Object[] {"supplier_id", "name"},
                new Object[] {"A", "Alpha"},
                null,
                new Object[] {"", " "},
                new Object[] {"B", "Beta"}));
    CsvTable t = SheetTable.read(file, null, LIMITS);
    assertThat(t.header()).containsExactly("supplier_id", "name");
    assertThat(t.rows()).extracting(CsvTable.Row::line).containsExactly(3L, 6L);
    assertThat(cells(t, 1)).containsExactly("B", "Beta");
  }

  @Test
  void aFormulaWithoutACachedValueIsAnErrorOnItsCell() {
    byte[] file =
        xlsx(
            wb -> {
              Sheet s = wb.createSheet("s");
              Row h = s.createRow(0);
              h.createCell(0).setCellValue("supplier_id");
              h.createCell(1).setCellValue("worker_count");
              Row r = s.createRow(1);
              r.createCell(0).setCellValue("A");
              r.createCell(1).setCellFormula("10*20"); // never evaluated: no cached value
            });
    LibertasException e = refusal(() -> SheetTable.read(file, null, LIMITS));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors())
        .containsExactly(
            new FieldError(
                2, "worker_count", "formula-without-value", e.errors().get(0).message()));
    assertThat(e.errors().get(0).message()).contains("B2");
  }

  @Test
  void aSecondSheetIsChosenByNameCaseInsensitively() {
    byte[] file =
        xlsx(
            sheet("Cover", new Object[] {"read me"}, new Object[] {"x"}),
            sheet(
                "Findings 2026",
                new Object[] {"supplier_id", "indicator"},
                new Object[] {"A", "debt-bondage"}));
    assertThat(SheetTable.read(file, null, LIMITS).header()).containsExactly("read me");
    CsvTable t = SheetTable.read(file, "findings 2026", LIMITS);
    assertThat(t.header()).containsExactly("supplier_id", "indicator");
    assertThat(cells(t, 0)).containsExactly("A", "debt-bondage");
    assertThat(SheetTable.readHeader(file, "FINDINGS 2026", LIMITS))
        .containsExactly("supplier_id", "indicator");
  }

  @Test
  void anUnknownSheetIsRefusedNamingTheSheetsTheWorkbookHas() {
    byte[] file = xlsx(sheet("Cover", new Object[] {"a"}), sheet("Data", new Object[] {"b"}));
    LibertasException e = refusal(() -> SheetTable.read(file, "suppliers", LIMITS));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors().get(0).code()).isEqualTo("unknown-sheet");
    assertThat(e.errors().get(0).column()).isEqualTo("sheet");
    assertThat(e.getMessage()).contains("'suppliers'").contains("'Cover'").contains("'Data'");
  }

  @Test
  void tooManyRowsIs413() {
    Object[][] rows = new Object[12][];
    rows[0] = new Object[] {"supplier_id"};
    for (int i = 1; i < rows.length; i++) {
      rows[i] = new Object[] {"S" + i};
    }
    byte[] file = xlsx(sheet("s", rows));
    CsvLimits ten = new CsvLimits(1 << 20, 10, 200, 5, 50);
    LibertasException e = refusal(() -> SheetTable.read(file, null, ten));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.errors().get(0).code()).isEqualTo("too-many-rows");
    assertThat(SheetTable.read(file, null, LIMITS).rows()).hasSize(11);
  }

  @Test
  void aFieldTooLongIsRefusedWithItsLineAndColumn() {
    byte[] file =
        xlsx(
            sheet(
                "s",
                new Object[] {"supplier_id", "evidence"},
                new Object[] {"A", "short"},
                new Object[] {"B", "x".repeat(201)}));
    LibertasException e = refusal(() -> SheetTable.read(file, null, LIMITS));
    assertThat(e.status()).isEqualTo(422);
    FieldError err = e.errors().get(0);
    assertThat(err.line()).isEqualTo(3);
    assertThat(err.column()).isEqualTo("evidence");
    assertThat(err.code()).isEqualTo("field-too-long");
  }

  @Test
  void aCellBeyondTheCellCapIsRefused() {
    byte[] file =
        xlsx(
            wb -> {
              Sheet s = wb.createSheet("s");
              s.createRow(0).createCell(0).setCellValue("supplier_id");
              Row r = s.createRow(1);
              r.createCell(0).setCellValue("A");
              r.createCell(SheetTable.MAX_CELLS_PER_ROW + 5).setCellValue("far away");
            });
    LibertasException e = refusal(() -> SheetTable.read(file, null, LIMITS));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors().get(0).code()).isEqualTo("too-many-cells");
    assertThat(e.errors().get(0).line()).isEqualTo(2);
  }

  @Test
  void anEmptySheetOrOneWithOnlyAHeaderIsRefused() {
    assertThat(
            refusal(() -> SheetTable.read(xlsx(sheet("s")), null, LIMITS)).errors().get(0).code())
        .isEqualTo("empty-sheet");
    LibertasException e =
        refusal(
            () -> SheetTable.read(xlsx(sheet("s", new Object[] {"supplier_id"})), null, LIMITS));
    assertThat(e.errors().get(0).code()).isEqualTo("no-rows");
  }

  /**
   * A sheet whose XML is 512 MiB of spaces, deflated to well under a megabyte: refused with 413
   * while inflating, after a small fraction of the limit (ten times the 1 MiB byte limit).
   */
  @Test
  void aZipBombIsRefusedWith413BeforeItInflatesPastTheLimit() throws IOException {
    byte[] good = xlsx(sheet("s", new Object[] {"supplier_id"}, new Object[] {"A"}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(good));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        if (e.getName().equals("xl/worksheets/sheet1.xml")) {
          zip.write(
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet"
                      + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
                  .getBytes(StandardCharsets.UTF_8));
          byte[] spaces = new byte[1 << 20];
          Arrays.fill(spaces, (byte) ' ');
          for (int i = 0; i < 512; i++) {
            zip.write(spaces);
          }
          zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        } else {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    byte[] bomb = out.toByteArray();
    assertThat((long) bomb.length).isLessThan(LIMITS.maxBytes());
    for (Runnable read :
        List.<Runnable>of(
            () -> SheetTable.read(bomb, null, LIMITS),
            () -> SheetTable.readHeader(bomb, null, LIMITS))) {
      LibertasException e = refusal(read);
      assertThat(e.status()).isEqualTo(413);
      assertThat(e.errors().get(0).code()).isEqualTo("workbook-too-large");
      long inflated = Long.parseLong(e.getMessage().replaceAll(".*after (\\d+) bytes.*", "$1"));
      assertThat(inflated).isLessThan(LIMITS.maxBytes() * SheetTable.INFLATE_FACTOR);
    }
  }

  /**
   * Text beyond twice the byte limit, in shared strings (XSSF) or in inline strings (SXSSF), is
   * refused with 413 while it is read: memory stays bounded by the byte limit, as for CSV.
   */
  @Test
  void textBeyondTwiceTheByteLimitIs413() throws IOException {
    CsvLimits small = new CsvLimits(256 << 10, 10_000, 200, 5, 50);
    Object[][] rows = new Object[3001][];
    rows[0] = new Object[] {"supplier_id", "evidence"};
    for (int i = 1; i < rows.length; i++) {
      rows[i] = new Object[] {"S" + i, "x".repeat(180) + i};
    }
    byte[] shared = xlsx(sheet("s", rows));
    byte[] inline;
    try (SXSSFWorkbook wb = new SXSSFWorkbook(100);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      sheet("s", rows).accept(wb);
      wb.write(out);
      inline = out.toByteArray();
    }
    for (byte[] file : List.of(shared, inline)) {
      assertThat((long) file.length).isLessThan(small.maxBytes());
      LibertasException e = refusal(() -> SheetTable.read(file, null, small));
      assertThat(e.status()).as(e.getMessage()).isEqualTo(413);
      assertThat(e.errors().get(0).code()).isEqualTo("workbook-too-large");
    }
    assertThat(refusal(() -> SheetTable.read(shared, null, small)).getMessage())
        .contains("shared strings");
    assertThat(refusal(() -> SheetTable.read(inline, null, small)).getMessage()).contains("cells");
    assertThat(SheetTable.read(shared, null, new CsvLimits(1 << 20, 10_000, 200, 5, 50)).rows())
        .hasSize(3000);
  }

  @Test
  void aRenamedPdfIsNotAWorkbook() {
    byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.UTF_8);
    LibertasException e = refusal(() -> SheetTable.read(pdf, null, LIMITS));
    assertThat(e.status()).isEqualTo(415);
    assertThat(e.errors().get(0).code()).isEqualTo("not-a-workbook");
    assertThat(e.getMessage()).contains("PDF").contains(".xlsx");
  }

  @Test
  void aZipThatIsNotAWorkbookIsRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("readme.txt"));
      zip.write("hello".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    LibertasException e = refusal(() -> SheetTable.read(out.toByteArray(), null, LIMITS));
    assertThat(e.status()).isEqualTo(415);
    assertThat(e.errors().get(0).code()).isEqualTo("not-a-workbook");
  }

  @Test
  void anXlsIsRefusedAskingForXlsx() throws IOException {
    byte[] xls;
    try (HSSFWorkbook wb = new HSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      wb.createSheet("s").createRow(0).createCell(0).setCellValue("supplier_id");
      wb.write(out);
      xls = out.toByteArray();
    }
    byte[] file = xls;
    LibertasException e = refusal(() -> SheetTable.read(file, null, LIMITS));
    assertThat(e.status()).isEqualTo(415);
    assertThat(e.errors().get(0).code()).isEqualTo("xls-not-supported");
    assertThat(e.getMessage()).contains("save it as .xlsx");
  }

  @Test
  void anEncryptedWorkbookIsRefused() throws Exception {
    byte[] plain = xlsx(sheet("s", new Object[] {"supplier_id"}, new Object[] {"A"}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
      Encryptor enc = info.getEncryptor();
      enc.confirmPassword("s3cret");
      try (OutputStream os = enc.getDataStream(fs)) {
        os.write(plain);
      }
      fs.writeFilesystem(out);
    }
    byte[] file = out.toByteArray();
    LibertasException e = refusal(() -> SheetTable.read(file, null, LIMITS));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors().get(0).code()).isEqualTo("encrypted-workbook");
  }

  @Test
  void bytesOverTheLimitAreRefusedBeforeOpening() {
    byte[] file = xlsx(sheet("s", new Object[] {"a"}, new Object[] {"b"}));
    CsvLimits tiny = new CsvLimits(file.length - 1, 10, 10, 1, 1);
    assertThat(refusal(() -> SheetTable.read(file, null, tiny)).status()).isEqualTo(413);
  }

  /** Truncated and corrupted workbooks: the only way out is a table or a 4xx refusal. */
  @Test
  void damagedWorkbooksAreReadOrRefusedWithA4xx() {
    byte[] good =
        xlsx(
            sheet(
                "s",
                new Object[] {"supplier_id", "name", "worker_count"},
                new Object[] {"A", "Alpha", 12},
                new Object[] {"B", "Beta", 0.5}));
    java.util.Random random = new java.util.Random(17);
    int refused = 0;
    for (int i = 0; i < 200; i++) {
      byte[] bad = i < 40 ? Arrays.copyOf(good, 4 + random.nextInt(good.length - 4)) : good.clone();
      if (i >= 40) {
        for (int k = 0; k < 1 + random.nextInt(8); k++) {
          bad[4 + random.nextInt(bad.length - 4)] = (byte) random.nextInt(256);
        }
      }
      try {
        SheetTable.read(bad, null, LIMITS);
      } catch (LibertasException e) {
        assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
        assertThat(e.errors()).isNotEmpty();
        refused++;
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(40);
  }

  @Test
  void plainNumbersHaveNoExponentNoSeparatorAndNoDotZero() {
    assertThat(SheetTable.plain(20931.0)).isEqualTo("20931");
    assertThat(SheetTable.plain(1e20)).isEqualTo("100000000000000000000");
    assertThat(SheetTable.plain(1.5e-7)).isEqualTo("0.00000015");
    assertThat(SheetTable.plain(-0.0)).isEqualTo("0");
    assertThat(SheetTable.plain(0.1 + 0.2)).isEqualTo("0.3");
  }

  /**
   * 100k rows of six columns, written with SXSSF, read while the heap is measured: after a full GC,
   * the heap the table retains stays under {@link #HEAP_BOUND_100K} (the rows' own strings are
   * about 40 MB; a workbook object model of the same sheet takes several times that). The bound is
   * in bench/README.md.
   */
  static final long HEAP_BOUND_100K = 96L << 20;

  @Test
  void oneHundredThousandRowsStreamWithinAStatedHeap() throws IOException {
    int n = 100_000;
    byte[] file;
    try (SXSSFWorkbook wb = new SXSSFWorkbook(100);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      wb.setCompressTempFiles(true);
      Sheet s = wb.createSheet("suppliers");
      String[] header = {
        "supplier_id", "name", "country", "sector", "worker_count", "migrant_worker_share"
      };
      Row h = s.createRow(0);
      for (int c = 0; c < header.length; c++) {
        h.createCell(c).setCellValue(header[c]);
      }
      for (int i = 1; i <= n; i++) {
        Row r = s.createRow(i);
        r.createCell(0).setCellValue("S-" + i);
        r.createCell(1).setCellValue("Supplier number " + i + " Ltd");
        r.createCell(2).setCellValue(i % 2 == 0 ? "TH" : "PE");
        r.createCell(3).setCellValue("agriculture");
        r.createCell(4).setCellValue(100 + i % 900);
        r.createCell(5).setCellValue((i % 100) / 100.0);
      }
      wb.write(out);
      file = out.toByteArray();
    }
    CsvLimits limits = new CsvLimits(64L << 20, 200_000, 10_000, 5, 50);
    long before = usedAfterGc();
    CsvTable t = SheetTable.read(file, null, limits);
    long retained = usedAfterGc() - before;
    assertThat(t.rows()).hasSize(n);
    assertThat(cells(t, n - 1))
        .containsExactly(
            "S-" + n, "Supplier number " + n + " Ltd", "TH", "agriculture", "200", "0");
    assertThat(t.rows().get(n - 1).line()).isEqualTo(n + 1);
    assertThat(retained).as("heap retained by 100k rows, bytes").isLessThan(HEAP_BOUND_100K);
    System.out.printf(
        "SheetTableTest: 100000 rows x 6 columns, %d bytes of xlsx, %d MB retained after GC%n",
        file.length, retained >> 20);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static byte[] unzip(byte[] zip, String name) throws IOException {
    try (var z =
        org.apache.commons.compress.archivers.zip.ZipFile.builder()
            .setSeekableByteChannel(
                new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(zip))
            .get()) {
      try (var in = z.getInputStream(z.getEntry(name))) {
        return in.readAllBytes();
      }
    }
  }

  @Test
  void theHeaderAloneIsReadWithoutTheRows() {
    byte[] file =
        xlsx(
            sheet(
                "s",
                new Object[] {" Supplier_ID", "Name ", "COUNTRY"},
                new Object[] {"A", "x".repeat(500), "PE"}));
    // The row's field is over the limit, but the header read stops before it.
    assertThat(SheetTable.readHeader(file, null, LIMITS))
        .containsExactly("Supplier_ID", "Name", "COUNTRY");
    assertThatThrownBy(() -> SheetTable.read(file, null, LIMITS))
        .isInstanceOf(LibertasException.class);
  }
}
