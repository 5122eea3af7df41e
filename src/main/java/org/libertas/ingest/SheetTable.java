package org.libertas.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.ooxml.POIXMLTypeLoader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.PayloadTooLargeException;
import org.libertas.errors.ValidationException;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTWorkbookPr;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.WorkbookDocument;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * An Excel workbook (.xlsx) read into the same {@link CsvTable} a CSV file gives, so the mappers
 * never know which it was. One sheet is read: the first, or the one named (case-insensitively).
 *
 * <p>Streaming: the sheet's XML is read with POI's event API ({@link XSSFReader}, {@link
 * XSSFSheetXMLHandler}), row by row, never as a workbook object model, so memory holds the rows
 * kept and the shared strings, not the sheet. Cells become text as a CSV export would write them,
 * without the display format or locale: date-formatted numbers as ISO dates (yyyy-MM-dd) or
 * date-times (yyyy-MM-ddTHH:mm:ss), other numbers in plain decimal to Excel's 15 significant digits
 * (an id 20931 stays {@code 20931}, never {@code 20931.0} or {@code 2.0931E4}), booleans as {@code
 * true}/{@code false}; a formula gives the value Excel cached and is never evaluated, and one
 * without a cached value is an error on its cell ({@code formula-without-value}), not a guess.
 *
 * <p>Line numbers are the sheet's row numbers as Excel shows them; the header is the first row that
 * is not blank; blank rows are skipped; a row shorter than the header is padded with empty cells.
 * The header's cells are trimmed and lowercased, as {@link CsvTable#readHeader} does.
 *
 * <p>Limits: the byte, row and field limits of {@link CsvLimits}, {@link #MAX_CELLS_PER_ROW}, at
 * most {@link #TEXT_FACTOR} times the byte limit of shared strings and of text in the cells kept,
 * and the zip-bomb guard of POI's {@link ZipSecureFile}: a part of the workbook may not inflate to
 * more than {@link #INFLATE_FACTOR} times the byte limit, nor more than {@link #MIN_INFLATE_RATIO}
 * inflated bytes per compressed byte; either is refused with 413 {@code workbook-too-large} while
 * inflating, before the limit is passed. POI keeps these two settings in static fields: every read
 * sets them from its limits before opening the workbook (one process has one set of limits, so
 * reads never disagree).
 *
 * <p>Files that are not workbooks are refused by their first bytes: an Excel 97-2003 {@code .xls}
 * (OLE2) with 415 {@code xls-not-supported}, a password-protected workbook (OLE2 with {@code
 * EncryptionInfo}) with 422 {@code encrypted-workbook}, anything else that is not an OOXML
 * spreadsheet zip (a PDF, a Word file, a plain zip) with 415 {@code not-a-workbook}.
 */
public final class SheetTable {
  /** The media type of an .xlsx workbook. */
  public static final String MEDIA_TYPE =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** Most cells one row may have (Excel allows 16384): no upload kind has more than 20 columns. */
  public static final int MAX_CELLS_PER_ROW = 1024;

  /** A part of the workbook may inflate to this many times the upload byte limit. */
  public static final int INFLATE_FACTOR = 10;

  /**
   * The shared strings' XML, and the text of the cells kept, may be at most this many times the
   * upload byte limit: what a CSV file within the limit could hold, with room for the XML around
   * it. Memory so stays bounded by the byte limit, as for CSV; beyond it, 413.
   */
  public static final int TEXT_FACTOR = 2;

  /** POI's default: a part inflating more than 100 times its compressed size is a bomb. */
  public static final double MIN_INFLATE_RATIO = 0.01;

  private static final Set<String> WORKBOOK_PARTS =
      Set.of(
          XSSFRelation.WORKBOOK.getContentType(),
          XSSFRelation.MACROS_WORKBOOK.getContentType(),
          XSSFRelation.TEMPLATE_WORKBOOK.getContentType(),
          XSSFRelation.MACRO_TEMPLATE_WORKBOOK.getContentType());

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_UP);

  private SheetTable() {}

  /**
   * The rows of one sheet of a workbook.
   *
   * @param sheet the sheet's name (matched case-insensitively), or null for the first sheet
   */
  public static CsvTable read(byte[] bytes, String sheet, CsvLimits limits) {
    return parse(bytes, sheet, limits, false);
  }

  /**
   * The header alone (the first row that is not blank), read by streaming up to it: enough to
   * refuse a workbook with missing columns before it is queued. Refuses what {@link #read} refuses
   * before the header (not a workbook, unknown sheet, zip bomb, empty sheet).
   */
  public static List<String> readHeader(byte[] bytes, String sheet, CsvLimits limits) {
    return parse(bytes, sheet, limits, true).header();
  }

  /** Whether the bytes start as a zip (an .xlsx) or an OLE2 container (an .xls, or encrypted). */
  public static boolean looksLikeWorkbook(byte[] bytes) {
    return isZip(bytes) || isOle2(bytes);
  }

  private static boolean isZip(byte[] b) {
    return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
  }

  private static boolean isOle2(byte[] b) {
    return b.length >= 8
        && (b[0] & 0xff) == 0xD0
        && (b[1] & 0xff) == 0xCF
        && (b[2] & 0xff) == 0x11
        && (b[3] & 0xff) == 0xE0
        && (b[4] & 0xff) == 0xA1
        && (b[5] & 0xff) == 0xB1
        && (b[6] & 0xff) == 0x1A
        && (b[7] & 0xff) == 0xE1;
  }

  /**
   * The names of the workbook's sheets, in order, read from its workbook part alone (no sheet is
   * inflated). Refuses what {@link #read} refuses before a sheet (not a workbook, zip bomb).
   */
  public static List<String> sheetNames(byte[] bytes, CsvLimits limits) {
    return open(bytes, limits, pkg -> sheetNames(pkg));
  }

  private static List<String> sheetNames(OPCPackage pkg) throws Exception {
    workbookPart(pkg);
    XSSFReader.SheetIterator sheets =
        (XSSFReader.SheetIterator) new XSSFReader(pkg).getSheetsData();
    List<String> names = new ArrayList<>();
    while (sheets.hasNext()) {
      sheets.next().close();
      names.add(sheets.getSheetName());
    }
    return names;
  }

  private interface PackageRead<T> {
    T read(OPCPackage pkg) throws Exception;
  }

  private static CsvTable parse(byte[] bytes, String sheet, CsvLimits limits, boolean headerOnly) {
    return open(bytes, limits, pkg -> readSheet(pkg, sheet, limits, headerOnly));
  }

  private static <T> T open(byte[] bytes, CsvLimits limits, PackageRead<T> read) {
    if (bytes.length > limits.maxBytes()) {
      String m = "the file has " + bytes.length + " bytes; the limit is " + limits.maxBytes();
      throw new PayloadTooLargeException(
          m, List.of(new FieldError(0, null, "payload-too-large", m)));
    }
    refuseNonWorkbook(bytes);
    refuseOddCompression(bytes);
    guard(limits);
    Path file = null;
    OPCPackage pkg = null;
    try {
      // A file, not the bytes: POI opens a file as a zip with random access and inflates a part
      // only while it is read; from a stream it would inflate every part into memory first.
      file = Files.createTempFile("libertas-upload-", ".xlsx");
      Files.write(file, bytes);
      pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
      return read.read(pkg);
    } catch (LibertasException e) {
      throw e;
    } catch (Exception | StackOverflowError | LinkageError e) {
      throw translate(e);
    } finally {
      if (pkg != null) {
        pkg.revert(); // read-only: close() would try to save it
      }
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // the temporary directory is cleaned by the system
        }
      }
    }
  }

  /**
   * Excel stores a part or deflates it; any other method named in the zip's directory (bzip2, xz,
   * zstd, ...) is refused before a part is opened, so no other decompressor ever runs on an upload.
   */
  private static void refuseOddCompression(byte[] bytes) {
    try (ZipFile zip =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get()) {
      for (var entries = zip.getEntries(); entries.hasMoreElements(); ) {
        int method = entries.nextElement().getMethod();
        if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
          throw notAWorkbook(
              "the file is a zip archive with a compression Excel does not write (method "
                  + method
                  + "): expected an .xlsx workbook");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof LibertasException le) {
        throw le;
      }
      throw notAWorkbook(
          "the file is a damaged zip archive, not a readable workbook: expected an .xlsx workbook");
    }
  }

  /** ZipSecureFile's limits, from this read's limits (see the class comment). */
  private static void guard(CsvLimits limits) {
    ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
    ZipSecureFile.setMaxEntrySize(
        Math.min(0xFFFFFFFFL, Math.max(1L << 20, limits.maxBytes() * INFLATE_FACTOR)));
  }

  /** Refuses an Office Open XML package that is not a workbook (a .docx renamed). */
  private static void workbookPart(OPCPackage pkg) throws Exception {
    PackageRelationship core =
        pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT).getRelationship(0);
    PackagePart main = core == null ? null : pkg.getPart(core);
    if (main == null || !WORKBOOK_PARTS.contains(main.getContentType())) {
      throw notAWorkbook(
          "the file is an Office Open XML package but not an Excel workbook"
              + (main == null ? "" : " (" + main.getContentType() + ")")
              + ": expected an .xlsx workbook");
    }
  }

  private static CsvTable readSheet(
      OPCPackage pkg, String wanted, CsvLimits limits, boolean headerOnly) throws Exception {
    workbookPart(pkg);
    XSSFReader reader = new XSSFReader(pkg);
    boolean date1904 = date1904(reader);
    XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
    List<String> names = new ArrayList<>();
    InputStream chosen = null;
    String chosenName = null;
    while (sheets.hasNext()) {
      InputStream s = sheets.next();
      String name = sheets.getSheetName();
      names.add(name);
      if (wanted == null || name.equalsIgnoreCase(wanted.trim())) {
        chosen = s;
        chosenName = name;
        break;
      }
      s.close();
    }
    if (chosen == null) {
      String m =
          wanted == null
              ? "the workbook has no sheet"
              : "the workbook has no sheet '"
                  + wanted
                  + "'; its sheets are: "
                  + String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
      throw new ValidationException(
          m, List.of(new FieldError(0, "sheet", wanted == null ? "no-sheet" : "unknown-sheet", m)));
    }
    StylesTable styles = reader.getStylesTable();
    if (styles == null) {
      styles = new StylesTable(); // one default style, so every number reaches the formatter
    }
    long textLimit = limits.maxBytes() * TEXT_FACTOR;
    List<PackagePart> sst = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
    ReadOnlySharedStringsTable strings =
        sst.isEmpty()
            ? new ReadOnlySharedStringsTable(pkg, false)
            : new ReadOnlySharedStringsTable(
                new Capped(sst.get(0).getInputStream(), textLimit, "shared strings"), false);
    Rows rows = new Rows(limits, headerOnly, chosenName);
    try (InputStream in = chosen) {
      XMLReader xml = XMLHelper.newXMLReader();
      xml.setContentHandler(new TypedHandler(styles, strings, rows, new IsoFormatter(date1904)));
      xml.parse(new InputSource(in));
    } catch (HeaderRead done) {
      // the header was all that was asked for
    } catch (SAXException e) {
      if (e.getCause() instanceof LibertasException le) {
        throw le;
      }
      if (e.getCause() instanceof HeaderRead) {
        return rows.table();
      }
      throw e;
    }
    return rows.table();
  }

  private static boolean date1904(XSSFReader reader) {
    try (InputStream in = reader.getWorkbookData()) {
      CTWorkbookPr pr =
          WorkbookDocument.Factory.parse(in, POIXMLTypeLoader.DEFAULT_XML_OPTIONS)
              .getWorkbook()
              .getWorkbookPr();
      return pr != null && pr.isSetDate1904() && pr.getDate1904();
    } catch (Exception e) {
      throw translate(e);
    }
  }

  /** Refuses by the first bytes what is not an .xlsx: an .xls, an encrypted workbook, the rest. */
  private static void refuseNonWorkbook(byte[] bytes) {
    if (isZip(bytes)) {
      return;
    }
    if (isOle2(bytes)) {
      boolean encrypted;
      try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
        encrypted =
            fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")
                || fs.getRoot().hasEntryCaseInsensitive("EncryptedPackage");
        if (!encrypted
            && !fs.getRoot().hasEntryCaseInsensitive("Workbook")
            && !fs.getRoot().hasEntryCaseInsensitive("Book")) {
          throw notAWorkbook(
              "the file is an Office 97-2003 document but not a workbook: expected an .xlsx"
                  + " workbook");
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof LibertasException le) {
          throw le;
        }
        throw notAWorkbook(
            "the file is a damaged Office 97-2003 document: expected an .xlsx workbook");
      }
      if (encrypted) {
        String m =
            "the workbook is protected by a password and cannot be read: remove the password in"
                + " Excel (File > Info > Protect Workbook > Encrypt with Password) and upload it"
                + " again";
        throw new ValidationException(m, List.of(new FieldError(0, null, "encrypted-workbook", m)));
      }
      String m =
          "the file is an Excel 97-2003 workbook (.xls), which is not supported: open it in"
              + " Excel and save it as .xlsx (Excel Workbook), or export the sheet as CSV";
      throw new LibertasException(
          415, "xls-not-supported", m, List.of(new FieldError(0, null, "xls-not-supported", m)));
    }
    FileMagic magic = FileMagic.valueOf(bytes);
    String what =
        switch (magic) {
          case PDF -> "a PDF document";
          case PNG, JPEG, GIF, TIFF, BMP -> "an image";
          case HTML, XML -> "an HTML or XML text";
          case RTF -> "an RTF document";
          default -> bytes.length == 0 ? "empty" : "not a zip archive";
        };
    throw notAWorkbook(
        "the file is " + what + ", not an Excel workbook: expected an .xlsx workbook");
  }

  private static LibertasException notAWorkbook(String m) {
    return new LibertasException(
        415, "not-a-workbook", m, List.of(new FieldError(0, null, "not-a-workbook", m)));
  }

  /** What POI threw, as the client's problem: a zip bomb is 413, anything else unreadable. */
  private static LibertasException translate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LibertasException le) {
        return le;
      }
      String msg = t.getMessage() == null ? "" : t.getMessage();
      if (msg.contains("Zip bomb detected") || msg.contains("max allowed overall size")) {
        java.util.regex.Matcher size =
            java.util.regex.Pattern.compile("Uncompressed size: (\\d+)").matcher(msg);
        String m =
            "the workbook inflates beyond the limit ("
                + INFLATE_FACTOR
                + " times the upload limit per part, at most "
                + Math.round(1 / MIN_INFLATE_RATIO)
                + " times its compressed size): it was refused"
                + (size.find() ? " after " + size.group(1) + " bytes" : "")
                + " of it were inflated";
        return new LibertasException(
            413,
            "workbook-too-large",
            m,
            List.of(new FieldError(0, null, "workbook-too-large", m)));
      }
      if (t instanceof org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException
          || t instanceof org.apache.poi.openxml4j.exceptions.InvalidFormatException
          || t instanceof org.apache.poi.openxml4j.exceptions.ODFNotOfficeXmlFileException
          || t instanceof java.util.zip.ZipException) {
        return notAWorkbook(
            "the file is a zip archive but not an Excel workbook (or a damaged one): expected an"
                + " .xlsx workbook");
      }
    }
    String m = "the workbook could not be read: it is damaged or not an .xlsx workbook";
    return new ValidationException(m, List.of(new FieldError(0, null, "unreadable-workbook", m)));
  }

  /** Signals that the header is read and nothing more is wanted. */
  private static final class HeaderRead extends RuntimeException {
    HeaderRead() {
      super(null, null, false, false);
    }
  }

  /**
   * POI's sheet handler, also noting each cell's type and whether a formula had a cached value:
   * what the contents callback alone does not say.
   */
  private static final class TypedHandler extends XSSFSheetXMLHandler {
    private final Rows rows;
    private boolean inCell;
    private boolean formula;
    private boolean value;

    TypedHandler(
        StylesTable styles, ReadOnlySharedStringsTable strings, Rows rows, IsoFormatter f) {
      super(styles, strings, rows, f, false);
      this.rows = rows;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws SAXException {
      String name = localName == null || localName.isEmpty() ? qName : localName;
      switch (name) {
        case "c" -> {
          inCell = true;
          formula = false;
          value = false;
          rows.cellType = attributes.getValue("t");
          rows.cellRef = attributes.getValue("r");
        }
        case "f" -> formula |= inCell;
        case "v", "is" -> value |= inCell;
        default -> {}
      }
      super.startElement(uri, localName, qName, attributes);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      String name = localName == null || localName.isEmpty() ? qName : localName;
      super.endElement(uri, localName, qName);
      if (name.equals("c")) {
        if (formula && !value) {
          rows.formulaWithoutValue();
        }
        inCell = false;
      }
    }
  }

  /** Numbers as a CSV export would write them: ISO dates, plain decimals, no locale. */
  private static final class IsoFormatter extends DataFormatter {
    private final boolean date1904;

    IsoFormatter(boolean date1904) {
      super(Locale.ROOT);
      this.date1904 = date1904;
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString) {
      return number(value, formatIndex, formatString, date1904);
    }

    @Override
    public String formatRawCellContents(
        double value, int formatIndex, String formatString, boolean use1904Windowing) {
      return number(value, formatIndex, formatString, use1904Windowing || date1904);
    }
  }

  static String number(double value, int formatIndex, String format, boolean date1904) {
    if (format != null
        && DateUtil.isADateFormat(formatIndex, format)
        && DateUtil.isValidExcelDate(value)) {
      String f = format.replaceAll("\"[^\"]*\"|\\\\.|\\[[^]]*]", "").toLowerCase(Locale.ROOT);
      boolean time = f.contains("h") || f.contains("s");
      boolean date = f.contains("y") || f.contains("d");
      LocalDateTime t = DateUtil.getLocalDateTime(value, date1904, true);
      if (!time) {
        return t.toLocalDate().toString();
      }
      if (!date && value < 1) {
        return t.toLocalTime().truncatedTo(ChronoUnit.SECONDS).format(TIME);
      }
      return t.truncatedTo(ChronoUnit.SECONDS).format(DATE_TIME);
    }
    return plain(value);
  }

  /** A number in plain decimal, to Excel's 15 significant digits, without trailing zeros. */
  static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(EXCEL_DIGITS).stripTrailingZeros().toPlainString();
  }

  /** The rows of the sheet as they stream past, with the limits applied as they arrive. */
  private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final CsvLimits limits;
    private final boolean headerOnly;
    private final String sheet;
    private final List<CsvTable.Row> rows = new ArrayList<>();
    private final List<FieldError> errors = new ArrayList<>();
    private List<String> header;
    private String[] cells = new String[16];
    private int width;
    private long line;
    private int lastColumn;
    String cellType;
    String cellRef;

    Rows(CsvLimits limits, boolean headerOnly, String sheet) {
      this.limits = limits;
      this.headerOnly = headerOnly;
      this.sheet = sheet;
    }

    @Override
    public void startRow(int rowNum) {
      line = rowNum + 1L;
      width = 0;
      lastColumn = -1;
      Arrays.fill(cells, null);
    }

    @Override
    public void cell(String ref, String formatted, XSSFComment comment) {
      int col = ref == null ? lastColumn + 1 : new CellReference(ref).getCol();
      lastColumn = col;
      if (col >= MAX_CELLS_PER_ROW) {
        throw refuse(
            line,
            null,
            "too-many-cells",
            "the row has a cell in column "
                + CellReference.convertNumToColString(col)
                + "; a row may have at most "
                + MAX_CELLS_PER_ROW
                + " cells");
      }
      String v = formatted == null ? "" : formatted;
      if ("b".equals(cellType)) {
        v = v.equalsIgnoreCase("TRUE") ? "true" : v.equalsIgnoreCase("FALSE") ? "false" : v;
      } else if ("e".equals(cellType)) {
        error(
            col,
            "cell-error",
            "cell "
                + ref(col)
                + " holds the error "
                + v.replaceFirst("^ERROR:", "")
                + " instead of a value: fix the formula or type the value");
        v = "";
      }
      if (v.length() > limits.maxFieldChars()) {
        throw refuse(
            line,
            column(col),
            "field-too-long",
            "the field has " + v.length() + " characters; the limit is " + limits.maxFieldChars());
      }
      if (col >= cells.length) {
        cells =
            Arrays.copyOf(cells, Math.min(MAX_CELLS_PER_ROW, Math.max(col + 1, cells.length * 2)));
      }
      cells[col] = v;
      width = Math.max(width, col + 1);
    }

    void formulaWithoutValue() {
      int col = cellRef == null ? lastColumn + 1 : new CellReference(cellRef).getCol();
      error(
          col,
          "formula-without-value",
          "cell "
              + ref(col)
              + " has a formula but no value saved with it (Libertas never evaluates formulas):"
              + " open the workbook in Excel, let it calculate, save it and upload it again");
    }

    private void error(int col, String code, String message) {
      if (errors.size() < limits.maxErrors()) {
        errors.add(new FieldError(line, column(col), code, message));
      }
    }

    private String ref(int col) {
      return CellReference.convertNumToColString(col) + line;
    }

    private String column(int col) {
      return header != null && col < header.size() && !header.get(col).isEmpty()
          ? header.get(col)
          : CellReference.convertNumToColString(col);
    }

    @Override
    public void endRow(int rowNum) {
      int last = width - 1;
      while (last >= 0 && (cells[last] == null || cells[last].isBlank())) {
        last--;
      }
      if (last < 0) {
        return; // a blank row
      }
      if (header == null) {
        List<String> h = new ArrayList<>(last + 1);
        for (int c = 0; c <= last; c++) {
          h.add(cells[c] == null ? "" : cells[c].strip());
        }
        header = List.copyOf(h);
        headerLine = line;
        if (headerOnly) {
          throw new HeaderRead();
        }
        return;
      }
      String[] row = new String[Math.max(header.size(), last + 1)];
      for (int c = 0; c < row.length; c++) {
        row[c] = c < width && cells[c] != null ? cells[c] : "";
      }
      for (String c : row) {
        text += c.length();
      }
      if (text > limits.maxBytes() * TEXT_FACTOR) {
        throw textTooLarge("cells", limits.maxBytes() * TEXT_FACTOR);
      }
      rows.add(new CsvTable.Row(line, row));
      if (rows.size() > limits.maxRows()) {
        String m = "the sheet has more than " + limits.maxRows() + " rows";
        throw new PayloadTooLargeException(
            m, List.of(new FieldError(line, null, "too-many-rows", m)));
      }
    }

    private long headerLine;
    private long text;

    CsvTable table() {
      if (header == null) {
        throw refuse(
            1,
            null,
            "empty-sheet",
            "the sheet '" + sheet + "' is empty; expected a header row and at least one row");
      }
      if (!errors.isEmpty()) {
        throw new ValidationException(
            errors.size()
                + (errors.size() >= limits.maxErrors() ? " or more" : "")
                + " errors in the workbook; nothing was loaded",
            errors);
      }
      if (!headerOnly && rows.isEmpty()) {
        throw refuse(headerLine + 1, null, "no-rows", "the sheet has a header but no rows");
      }
      return CsvTable.ofSheet(header, rows, List.of());
    }
  }

  private static LibertasException textTooLarge(String what, long limit) {
    String m =
        "the workbook's "
            + what
            + " hold more than "
            + limit
            + " characters ("
            + TEXT_FACTOR
            + " times the upload limit): split it, or upload a CSV file";
    return new LibertasException(
        413, "workbook-too-large", m, List.of(new FieldError(0, null, "workbook-too-large", m)));
  }

  /** A part's stream that refuses (413) past a number of bytes, while it is read. */
  private static final class Capped extends java.io.FilterInputStream {
    private final long limit;
    private final String what;
    private long read;

    Capped(InputStream in, long limit, String what) {
      super(in);
      this.limit = limit;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw textTooLarge(what, limit);
      }
    }
  }

  private static ValidationException refuse(long line, String column, String code, String m) {
    return new ValidationException(m, List.of(new FieldError(line, column, code, m)));
  }
}
