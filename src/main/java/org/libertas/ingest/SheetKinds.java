package org.libertas.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.errors.FieldError;
import org.libertas.errors.ValidationException;
import org.libertas.ontology.Lbt;

/**
 * Which kind a workbook's sheet holds, by its name (DESIGN §7, "one workbook, one audit"): the name
 * is folded like a header cell ({@link Columns#fold}) and matched against the kinds' codes and the
 * names of {@code ontology/uploads/kinds.ttl} (en/fr/es, kept as data), so {@code Fournisseurs},
 * {@code Relations} and {@code Constats} are suppliers, relationships and findings.
 */
public final class SheetKinds {
  /**
   * The order a workbook's sheets are mapped and applied in: suppliers first, so the later sheets
   * may name the suppliers the earlier ones define.
   */
  public static final List<CsvKind> ORDER =
      List.of(
          CsvKind.SUPPLIERS,
          CsvKind.OPENSUPPLYHUB,
          CsvKind.RELATIONSHIPS,
          CsvKind.RECRUITERS,
          CsvKind.FINDINGS);

  private final Map<String, CsvKind> names = new HashMap<>();

  /** The sheet names of an ontology version's upload kinds. */
  public SheetKinds(Model m) {
    for (CsvKind k : CsvKind.values()) {
      names.put(Columns.fold(k.code()), k);
    }
    m.listSubjectsWithProperty(RDF.type, m.createResource(Lbt.NS + "UploadKind"))
        .forEachRemaining(this::index);
  }

  private void index(Resource kind) {
    if (!kind.hasProperty(SKOS.notation)) {
      return;
    }
    Optional<CsvKind> k = CsvKind.fromCode(kind.getProperty(SKOS.notation).getString());
    if (k.isEmpty()) {
      return;
    }
    for (var p : List.of(SKOS.prefLabel, SKOS.altLabel)) {
      kind.listProperties(p)
          .forEachRemaining(
              st -> {
                RDFNode o = st.getObject();
                if (o.isLiteral()) {
                  names.putIfAbsent(Columns.fold(o.asLiteral().getLexicalForm()), k.get());
                }
              });
    }
  }

  /** The kind a sheet's name names, if any. */
  public Optional<CsvKind> kindOf(String sheetName) {
    return Optional.ofNullable(names.get(Columns.fold(sheetName)));
  }

  /** A sheet to load and the kind it holds. */
  public record Sheet(String name, CsvKind kind) {}

  /**
   * How a workbook loads as one upload.
   *
   * @param sheets the sheets that name a kind, in {@link #ORDER}
   * @param ignored the sheets that name none, in the workbook's order
   */
  public record Plan(List<Sheet> sheets, List<String> ignored) {
    /** One warning per ignored sheet. */
    public List<FieldError> warnings() {
      return ignored.stream()
          .map(
              n ->
                  new FieldError(
                          0,
                          null,
                          "unknown-sheet",
                          "sheet '"
                              + n
                              + "' names no kind of file ("
                              + String.join(", ", CsvKind.codes())
                              + ") and was ignored")
                      .inSheet(n))
          .toList();
    }
  }

  /**
   * The plan of a workbook with these sheets; {@link Plan#sheets} is empty when no sheet names a
   * kind.
   *
   * @throws ValidationException when two sheets name one kind
   */
  public Plan plan(List<String> sheetNames) {
    Map<CsvKind, String> byKind = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (String n : sheetNames) {
      Optional<CsvKind> k = kindOf(n);
      if (k.isEmpty()) {
        ignored.add(n);
        continue;
      }
      String earlier = byKind.putIfAbsent(k.get(), n);
      if (earlier != null) {
        errors.add(
            new FieldError(
                    0,
                    "sheet",
                    "duplicate-sheet-kind",
                    "sheets '"
                        + earlier
                        + "' and '"
                        + n
                        + "' both hold "
                        + k.get().code()
                        + ": keep one, or rename one of them")
                .inSheet(n));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(
          "the workbook names a kind twice; nothing was loaded", List.copyOf(errors));
    }
    List<Sheet> sheets =
        byKind.entrySet().stream()
            .map(e -> new Sheet(e.getValue(), e.getKey()))
            .sorted(Comparator.comparingInt(s -> ORDER.indexOf(s.kind())))
            .toList();
    return new Plan(sheets, List.copyOf(ignored));
  }
}
