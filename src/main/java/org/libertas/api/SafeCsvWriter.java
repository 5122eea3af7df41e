package org.libertas.api;

import com.opencsv.CSVWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * CSV for spreadsheets: RFC 4180 quoting by OpenCSV, and formula-safe cells. Supplier names come
 * from uploads, so a name such as {@code =HYPERLINK(…)} must reach a spreadsheet as text, never as
 * a formula: a cell beginning with {@code = + - @}, tab or carriage return gets a leading single
 * quote (the OWASP "CSV injection" advice).
 */
public final class SafeCsvWriter implements Closeable {
  private static final String TRIGGERS = "=+-@\t\r";
  private final CSVWriter csv;

  public SafeCsvWriter(Writer out) {
    this.csv =
        new CSVWriter(
            out,
            CSVWriter.DEFAULT_SEPARATOR,
            CSVWriter.DEFAULT_QUOTE_CHARACTER,
            CSVWriter.DEFAULT_ESCAPE_CHARACTER,
            "\r\n");
  }

  /** Writes one row; null cells are empty, every cell is neutralised. */
  public void row(Object... cells) {
    String[] out = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      out[i] = neutralise(cells[i] == null ? "" : String.valueOf(cells[i]));
    }
    csv.writeNext(out, false);
  }

  /** The cell as a spreadsheet will take it as text. */
  public static String neutralise(String cell) {
    if (!cell.isEmpty() && TRIGGERS.indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }

  public void flush() throws IOException {
    csv.flush();
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
