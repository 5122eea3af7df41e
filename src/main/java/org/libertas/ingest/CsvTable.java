package org.libertas.ingest;

import com.opencsv.CSVParser;
import com.opencsv.CSVParserBuilder;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;
import com.opencsv.exceptions.CsvValidationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.libertas.errors.FieldError;
import org.libertas.errors.PayloadTooLargeException;
import org.libertas.errors.ValidationException;

/**
 * A CSV file as auditors produce it, read into rows with their physical line numbers. Handles a
 * UTF-8 BOM, Windows-1252 (declared, or detected and reported as a warning), and comma, semicolon
 * or tab delimiters detected from the header line. Structural faults (empty file, binary content,
 * runaway quotes, oversize fields) are refused with the line where they start.
 */
public record CsvTable(
    List<String> header,
    List<Row> rows,
    char delimiter,
    Charset charset,
    List<FieldError> warnings) {

  /** One record: the line it starts on (header = line 1) and its cells. */
  public record Row(long line, String[] cells) {}

  /** The same rows under another header (the Libertas columns the file's header names). */
  public CsvTable withHeader(List<String> columns) {
    return new CsvTable(List.copyOf(columns), rows, delimiter, charset, warnings);
  }

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /**
   * A table that did not come from CSV text (a sheet of a workbook, see {@link SheetTable}): its
   * delimiter is reported as {@code ','} and its charset as UTF-8, which is what a CSV export of
   * the same rows would have; neither is used downstream.
   */
  public static CsvTable ofSheet(List<String> header, List<Row> rows, List<FieldError> warnings) {
    return new CsvTable(
        List.copyOf(header), List.copyOf(rows), ',', StandardCharsets.UTF_8, List.copyOf(warnings));
  }

  public static CsvTable read(byte[] bytes, Charset declared, CsvLimits limits) {
    if (bytes.length > limits.maxBytes()) {
      String m = "the file has " + bytes.length + " bytes; the limit is " + limits.maxBytes();
      throw new PayloadTooLargeException(
          m, List.of(new FieldError(0, null, "payload-too-large", m)));
    }
    List<FieldError> warnings = new ArrayList<>();
    int start = startsWithBom(bytes) ? 3 : 0;
    refuseBinary(bytes, start);
    Charset charset = declared != null ? declared : StandardCharsets.UTF_8;
    String text;
    try {
      text = decode(bytes, start, charset);
    } catch (CharacterCodingException e) {
      if (declared != null) {
        throw refuse(
            1, null, "bad-encoding", "the file is not valid " + declared.name() + " as declared");
      }
      charset = WINDOWS_1252;
      text = new String(bytes, start, bytes.length - start, WINDOWS_1252);
      warnings.add(
          new FieldError(
              1,
              null,
              "decoded-as-windows-1252",
              "the file is not UTF-8; it was read as Windows-1252 (Excel's default). Check accented letters."));
    }
    if (text.isBlank()) {
      throw refuse(
          1, null, "empty-file", "the file is empty; expected a header line and at least one row");
    }
    String firstLine = text.lines().findFirst().orElse("");
    char delimiter = detectDelimiter(firstLine);
    CSVParser parser =
        new CSVParserBuilder().withSeparator(delimiter).withStrictQuotes(false).build();
    List<String> header;
    List<Row> rows = new ArrayList<>();
    try (CSVReader reader =
        new CSVReaderBuilder(new StringReader(text))
            .withCSVParser(parser)
            .withMultilineLimit(limits.maxLinesPerField())
            .withKeepCarriageReturn(false)
            .build()) {
      header = readHeader(bytes, charset);
      // The header's cells obey the field limit too: they are echoed back in warnings.
      for (String h : header) {
        if (h.length() > limits.maxFieldChars()) {
          throw refuse(
              1,
              null,
              "field-too-long",
              "a header field has "
                  + h.length()
                  + " characters; the limit is "
                  + limits.maxFieldChars());
        }
      }
      reader.readNext();
      long consumed = reader.getLinesRead();
      String[] cells;
      while (true) {
        long line = consumed + 1;
        try {
          cells = reader.readNext();
        } catch (CsvMultilineLimitBrokenException e) {
          throw refuse(
              line,
              null,
              "runaway-quote",
              "a quoted field starting on this line runs over more than "
                  + limits.maxLinesPerField()
                  + " lines: check for a missing closing quote");
        } catch (com.opencsv.exceptions.CsvMalformedLineException e) {
          throw refuse(
              line,
              null,
              "runaway-quote",
              "a quoted field starting on this line is never closed: check for a missing closing quote");
        } catch (CsvValidationException e) {
          throw refuse(line, null, "malformed-row", e.getMessage());
        }
        if (cells == null) {
          break;
        }
        consumed = reader.getLinesRead();
        if (cells.length == 1 && cells[0].isBlank()) {
          continue; // blank line, as Excel leaves at the end
        }
        for (int c = 0; c < cells.length; c++) {
          if (cells[c].length() > limits.maxFieldChars()) {
            throw refuse(
                line,
                c < header.size() ? header.get(c) : null,
                "field-too-long",
                "the field has "
                    + cells[c].length()
                    + " characters; the limit is "
                    + limits.maxFieldChars());
          }
        }
        rows.add(new Row(line, cells));
        if (rows.size() > limits.maxRows()) {
          String m = "the file has more than " + limits.maxRows() + " rows";
          throw new PayloadTooLargeException(
              m, List.of(new FieldError(line, null, "too-many-rows", m)));
        }
      }
    } catch (IOException | CsvValidationException e) {
      throw refuse(1, null, "unreadable", "the file could not be read: " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw refuse(2, null, "no-rows", "the file has a header but no rows");
    }
    return new CsvTable(List.copyOf(header), rows, delimiter, charset, warnings);
  }

  /**
   * The header alone, from the first line: enough to refuse a file with missing columns before it
   * is queued. Refuses empty and binary files the same way {@link #read} does.
   */
  public static List<String> readHeader(byte[] bytes, Charset declared) {
    int start = startsWithBom(bytes) ? 3 : 0;
    int end = start;
    while (end < bytes.length && bytes[end] != '\n' && end - start < 64 * 1024) {
      end++;
    }
    String first =
        new String(bytes, start, end - start, declared == null ? StandardCharsets.UTF_8 : declared)
            .replace("\r", "");
    refuseBinary(bytes, start);
    if (first.isBlank()) {
      throw refuse(
          1,
          null,
          "empty-file",
          "the file is empty or its first line is blank; expected a header line");
    }
    try {
      List<String> header = new ArrayList<>();
      for (String h :
          new CSVParserBuilder().withSeparator(detectDelimiter(first)).build().parseLine(first)) {
        header.add(h.strip());
      }
      return header;
    } catch (IOException e) {
      throw refuse(
          1, null, "malformed-header", "the header line cannot be read: " + e.getMessage());
    }
  }

  /**
   * A file whose first kilobytes are largely control bytes is binary (a spreadsheet, an image, an
   * archive) and is refused as such; a text file with a stray NUL is refused at the NUL's line, as
   * no CSV reader or store should ever see one.
   */
  private static void refuseBinary(byte[] bytes, int start) {
    int sample = Math.min(bytes.length, start + 8192);
    int control = 0;
    for (int i = start; i < sample; i++) {
      int b = bytes[i] & 0xff;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
        control++;
      }
    }
    if (sample > start && control * 20 > sample - start) {
      throw refuse(
          1,
          null,
          "binary-content",
          "the file is binary, not a CSV text file: export it from the spreadsheet as CSV");
    }
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw refuse(
            lineAt(bytes, i),
            null,
            "nul-byte",
            "the line contains a NUL byte, which a CSV text file cannot contain");
      }
    }
  }

  private static boolean startsWithBom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
  }

  private static String decode(byte[] bytes, int start, Charset cs)
      throws CharacterCodingException {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
        .toString();
  }

  /** The delimiter is whichever of , ; tab occurs most in the header outside quotes. */
  static char detectDelimiter(String header) {
    int comma = 0;
    int semi = 0;
    int tab = 0;
    boolean quoted = false;
    for (char ch : header.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (ch == ',') {
          comma++;
        } else if (ch == ';') {
          semi++;
        } else if (ch == '\t') {
          tab++;
        }
      }
    }
    if (tab > comma && tab > semi) {
      return '\t';
    }
    return semi > comma ? ';' : ',';
  }

  private static long lineAt(byte[] bytes, int index) {
    long line = 1;
    for (int i = 0; i < index; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  static ValidationException refuse(long line, String column, String code, String message) {
    return new ValidationException(message, List.of(new FieldError(line, column, code, message)));
  }
}
