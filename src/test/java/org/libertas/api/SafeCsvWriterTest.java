package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.opencsv.CSVReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Formula neutralisation and quoting of the report CSV. */
class SafeCsvWriterTest {

  @Test
  void cellsThatASpreadsheetWouldEvaluateBecomeText() {
    assertThat(SafeCsvWriter.neutralise("=HYPERLINK(\"http://x\")"))
        .isEqualTo("'=HYPERLINK(\"http://x\")");
    assertThat(SafeCsvWriter.neutralise("+cmd")).isEqualTo("'+cmd");
    assertThat(SafeCsvWriter.neutralise("-2+3")).isEqualTo("'-2+3");
    assertThat(SafeCsvWriter.neutralise("@SUM(1)")).isEqualTo("'@SUM(1)");
    assertThat(SafeCsvWriter.neutralise("\t=1")).isEqualTo("'\t=1");
    assertThat(SafeCsvWriter.neutralise("\r=1")).isEqualTo("'\r=1");
  }

  @Test
  void ordinaryCellsAreLeftAlone() {
    for (String s : List.of("", "Acme", "a=b", "42", "S-TH-001", " =x", "'quoted")) {
      assertThat(SafeCsvWriter.neutralise(s)).isEqualTo(s);
    }
  }

  @Test
  void rowsAreQuotedAsRfc4180AndReadBackNeutralised() throws Exception {
    StringWriter out = new StringWriter();
    try (SafeCsvWriter csv = new SafeCsvWriter(out)) {
      csv.row("id", "name", "score");
      csv.row("S1", "=HYPERLINK(\"http://x\")", 3);
      csv.row("S2", "Acme, \"Best\" Ltd\nline two", null);
    }
    assertThat(out.toString()).contains("\r\n");
    try (CSVReader r = new CSVReader(new StringReader(out.toString()))) {
      List<String[]> rows = r.readAll();
      assertThat(rows).hasSize(3);
      assertThat(rows.get(1)).containsExactly("S1", "'=HYPERLINK(\"http://x\")", "3");
      assertThat(rows.get(2)).containsExactly("S2", "Acme, \"Best\" Ltd\nline two", "");
    }
  }
}
