package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.out.NodeFmtLib;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.ontology.OntologyLoader;

/**
 * Every CSV the repository carries (sample-data/ and the test fixtures) mapped as an upload job
 * maps it, written out as N-Triples in the order the mapper emits them, with its warnings and
 * errors as comments, and compared with the committed golden file: a change to the mappers that
 * changes a single triple, its order or a message fails here. Files of one folder are mapped in
 * name order (setup/ first), and the suppliers they define are known to the later ones.
 *
 * <p>After an intended change, rewrite the golden file with {@code -Dgolden.update=true} and review
 * its diff.
 */
class MappingGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/ingest/golden/mapping.nt");
  static final CsvLimits LIMITS = new CsvLimits(1 << 20, 1_000, 4_000, 5, 50);
  static ReferenceCodes codes;

  @BeforeAll
  static void load() {
    codes = ReferenceCodes.of(OntologyLoader.load(Path.of("ontology"), 1));
  }

  @Test
  void everyFileMapsToTheGoldenTriples() throws IOException {
    String actual = mapAll();
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual.lines().count()).as("lines mapped").isGreaterThan(500);
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  static String mapAll() throws IOException {
    List<Path> folders = new ArrayList<>();
    folders.add(Path.of("sample-data"));
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources"))) {
      s.filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().equals("setup"))
          .filter(MappingGoldenTest::hasCsv)
          .sorted()
          .forEach(folders::add);
    }
    StringBuilder out = new StringBuilder();
    for (Path folder : folders) {
      Set<String> known = new HashSet<>();
      for (Path file : csvs(folder)) {
        Optional<CsvKind> kind = kindOf(file);
        out.append("# ").append(file.toString().replace('\\', '/'));
        if (kind.isEmpty()) {
          out.append(" (no kind)\n");
          continue;
        }
        out.append(" (").append(kind.get().code()).append(")\n");
        map(file, kind.get(), known, out);
      }
    }
    return out.toString();
  }

  private static void map(Path file, CsvKind kind, Set<String> known, StringBuilder out)
      throws IOException {
    try {
      CsvTable table = CsvTable.read(Files.readAllBytes(file), null, LIMITS);
      ParsedUpload parsed =
          new RowMapper(kind, table, codes, "golden", known::contains, LIMITS.maxErrors()).map();
      for (Triple t : parsed.triples()) {
        out.append(NodeFmtLib.strNT(t.getSubject()))
            .append(' ')
            .append(NodeFmtLib.strNT(t.getPredicate()))
            .append(' ')
            .append(NodeFmtLib.strNT(t.getObject()))
            .append(" .\n");
      }
      out.append("#  rows ").append(parsed.rows()).append('\n');
      parsed.warnings().forEach(w -> out.append("#  warning ").append(line(w)).append('\n'));
      out.append("#  suppliers ").append(parsed.supplierIds().stream().sorted().toList());
      out.append('\n');
      if (kind == CsvKind.SUPPLIERS || kind == CsvKind.OPENSUPPLYHUB) {
        known.addAll(parsed.supplierIds());
      }
    } catch (LibertasException e) {
      out.append("#  refused ")
          .append(e.status())
          .append(' ')
          .append(e.code())
          .append(": ")
          .append(e.getMessage())
          .append('\n');
      e.errors().forEach(x -> out.append("#  error ").append(line(x)).append('\n'));
    }
  }

  private static String line(FieldError e) {
    return e.line() + " " + e.column() + " " + e.code() + " " + e.message();
  }

  private static boolean hasCsv(Path dir) {
    try {
      return !csvs(dir).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** The folder's CSV files, its setup/ folder's first, each in name order. */
  private static List<Path> csvs(Path folder) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path dir : List.of(folder.resolve("setup"), folder)) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  /** From kind.txt beside an input.csv, else from the file name ("01-suppliers.csv"). */
  private static Optional<CsvKind> kindOf(Path file) throws IOException {
    Path declared = file.resolveSibling("kind.txt");
    if (file.getFileName().toString().equals("input.csv") && Files.exists(declared)) {
      return CsvKind.fromCode(Files.readString(declared).trim());
    }
    String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
    name = name.replaceFirst("^\\d+-", "").replaceFirst("-.*$", "");
    return CsvKind.fromCode(name);
  }
}
