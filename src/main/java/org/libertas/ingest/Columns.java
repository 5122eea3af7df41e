package org.libertas.ingest;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.errors.FieldError;
import org.libertas.ontology.Lbt;

/**
 * How a file's header cells become Libertas columns (DESIGN §7): a column mapping the auditor sent
 * wins; then the folded header is matched against the column names; then against the aliases of
 * {@code ontology/uploads/columns.ttl} (en/fr/es, kept as data). Folding removes case, accents and
 * every run of spaces, hyphens, dots and other punctuation, so {@code Supplier ID}, {@code
 * supplier-id} and {@code SUPPLIER_ID} are all {@code supplier_id}.
 */
public final class Columns {
  private final Map<String, Set<String>> aliases = new HashMap<>();

  /** The aliases of an ontology version's upload columns. */
  public Columns(Model m) {
    m.listSubjectsWithProperty(RDF.type, m.createResource(Lbt.NS + "UploadColumn"))
        .forEachRemaining(this::index);
  }

  private void index(Resource column) {
    if (!column.hasProperty(SKOS.notation)) {
      return;
    }
    String name = column.getProperty(SKOS.notation).getString();
    for (var p : List.of(SKOS.prefLabel, SKOS.altLabel)) {
      column
          .listProperties(p)
          .forEachRemaining(
              st -> {
                RDFNode o = st.getObject();
                if (o.isLiteral()) {
                  aliases
                      .computeIfAbsent(
                          fold(o.asLiteral().getLexicalForm()), k -> new LinkedHashSet<>())
                      .add(name);
                }
              });
    }
  }

  /** The folded form of a header cell or alias: lower case, no accents, words joined by "_". */
  public static String fold(String header) {
    String n = Normalizer.normalize(header.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    n = n.replaceAll("\\p{M}", "").replace("%", " pct ");
    return n.replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
  }

  /** The columns an alias names, for docs and tests; empty when it names none. */
  public Set<String> named(String alias) {
    return aliases.getOrDefault(fold(alias), Set.of());
  }

  /**
   * A header resolved for one kind.
   *
   * @param columns the Libertas column of each header cell, in order; a cell that names no column
   *     keeps its folded text (and is ignored by the mappers)
   * @param written the header cell as the file wrote it, by Libertas column (to name columns in
   *     errors the way the auditor's file does)
   * @param errors two cells naming one column, a mapping naming a column the kind does not have
   * @param ignored the header cells, as written, that name no column of the kind
   */
  public record Resolved(
      List<String> columns,
      Map<String, String> written,
      List<FieldError> errors,
      List<String> ignored) {

    /** The column as the file's header names it ({@code Pays} for country). */
    public String label(String column) {
      return written.getOrDefault(column, column);
    }
  }

  /** At most this many entries in one column mapping. */
  public static final int MAX_MAPPING = 200;

  /**
   * Checks a column mapping an auditor sent or saves, as given in JSON (file header → Libertas
   * column): every target is a column of some kind, no two headers (after folding) map to one
   * column or repeat each other, no header is blank or longer than a header field may be.
   *
   * @param pointer the JSON pointer of the mapping in the request ({@code ""} for a whole body)
   * @return the mapping, in its order
   * @throws org.libertas.errors.ValidationException naming each faulty entry
   */
  public static Map<String, String> checkMapping(
      Map<String, ?> raw, String pointer, int maxHeaderChars) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> byColumn = new HashMap<>();
    Map<String, String> byFolded = new HashMap<>();
    if (raw.size() > MAX_MAPPING) {
      errors.add(
          FieldError.field(
              pointer,
              "mapping-too-large",
              "a mapping has at most " + MAX_MAPPING + " entries; this one has " + raw.size()));
    }
    Set<String> all = new LinkedHashSet<>();
    for (CsvKind k : CsvKind.values()) {
      all.addAll(k.required());
      all.addAll(k.optional());
    }
    raw.forEach(
        (header, value) -> {
          String at = pointer + "/" + header.replace("~", "~0").replace("/", "~1");
          String f = fold(header);
          if (f.isEmpty() || header.length() > maxHeaderChars) {
            errors.add(
                FieldError.field(
                    at,
                    "bad-mapping-header",
                    "a mapped header has 1 to " + maxHeaderChars + " characters, not only spaces"));
            return;
          }
          if (!(value instanceof String column) || !all.contains(column)) {
            errors.add(
                FieldError.field(
                    at,
                    "unknown-column",
                    "'"
                        + value
                        + "' is not a Libertas column; the columns are "
                        + String.join(", ", all)));
            return;
          }
          String twin = byFolded.putIfAbsent(f, header);
          if (twin != null) {
            errors.add(
                FieldError.field(
                    at,
                    "duplicate-header",
                    "'" + header + "' and '" + twin + "' are the same header once folded"));
            return;
          }
          String other = byColumn.putIfAbsent(column, header);
          if (other != null) {
            errors.add(
                FieldError.field(
                    at,
                    "duplicate-column",
                    "'"
                        + header
                        + "' and '"
                        + other
                        + "' are both mapped to '"
                        + column
                        + "': a column takes one header"));
            return;
          }
          out.put(header, column);
        });
    if (!errors.isEmpty()) {
      throw new org.libertas.errors.ValidationException(
          "the column mapping cannot be used", errors);
    }
    return out;
  }

  /**
   * Resolves a header for a kind.
   *
   * @param mapping file header → Libertas column, as the auditor sent or saved it (may be empty);
   *     its keys are matched after folding
   */
  public Resolved resolve(CsvKind kind, List<String> header, Map<String, String> mapping) {
    Map<String, String> folded = new HashMap<>();
    mapping.forEach((k, v) -> folded.put(fold(k), v));
    List<String> columns = new ArrayList<>();
    Map<String, String> written = new LinkedHashMap<>();
    List<FieldError> errors = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String cell : header) {
      String f = fold(cell);
      // A column the mapping assigns is taken: no other cell reaches it by name or alias.
      String column = folded.containsKey(f) ? folded.get(f) : columnOf(kind, f);
      if (!folded.containsKey(f) && column != null && folded.containsValue(column)) {
        column = null;
      }
      if (column == null || !kind.knows(column)) {
        columns.add(f.isEmpty() ? cell : f);
        ignored.add(cell);
        continue;
      }
      String earlier = written.putIfAbsent(column, cell);
      if (earlier != null) {
        errors.add(
            new FieldError(
                1,
                cell,
                "duplicate-column",
                "'"
                    + earlier
                    + "' and '"
                    + cell
                    + "' both name the column '"
                    + column
                    + "': keep one, or map one of them to another column"));
      }
      columns.add(column);
    }
    return new Resolved(List.copyOf(columns), written, errors, ignored);
  }

  private String columnOf(CsvKind kind, String folded) {
    if (kind.knows(folded)) {
      return folded;
    }
    for (String c : aliases.getOrDefault(folded, Set.of())) {
      if (kind.knows(c)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The kinds a header fits best, for a file sent without {@code kind}: those whose required
   * columns it has (after folding and aliases), keeping the ones that leave the fewest of its cells
   * unused ({@code supplier_id,name,country,address} is a suppliers file, not an Open Supply Hub
   * list). One kind: read the file as that kind; none or several: ask.
   */
  public List<CsvKind> kindsFitting(List<String> header) {
    List<CsvKind> out = new ArrayList<>();
    int fewest = Integer.MAX_VALUE;
    for (CsvKind k : CsvKind.values()) {
      Resolved r = resolve(k, header, Map.of());
      if (!r.errors().isEmpty() || !r.columns().containsAll(k.required())) {
        continue;
      }
      if (r.ignored().size() < fewest) {
        out.clear();
        fewest = r.ignored().size();
      }
      if (r.ignored().size() == fewest) {
        out.add(k);
      }
    }
    return out;
  }
}
