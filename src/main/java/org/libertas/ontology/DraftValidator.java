package org.libertas.ontology;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.modify.request.UpdateDataDelete;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDeleteWhere;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateExecution;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
import org.libertas.graph.RuleSafety;

/**
 * Turns a draft (a whole Turtle or TriG document, or a SPARQL Update patch against the current
 * version) into a candidate ontology and a report. Nothing reaches the network or the file system:
 * RDF/XML and JSON-LD are not accepted (no entities, no remote contexts), imports are never
 * followed, LOAD and SERVICE are refused, rules may call no extension function. Deep nesting and
 * oversize drafts are refused rather than allowed to exhaust the stack or the heap. Last, each rule
 * the draft adds or changes is run on a generated graph of realistic size within a time budget
 * ({@link RuleProof}): a rule fine on the regression cases may still explode on a real tenant.
 */
public final class DraftValidator {
  /** The draft formats accepted, by media type. */
  public enum Format {
    TURTLE("text/turtle"),
    TRIG("application/trig"),
    SPARQL_UPDATE("application/sparql-update");

    public final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    public static Format of(String mediaType) {
      for (Format f : values()) {
        if (f.mediaType.equals(mediaType)) {
          return f;
        }
      }
      return null;
    }
  }

  /** A candidate version with its report; {@code ontology} is null when the draft is unusable. */
  public record Result(Ontology ontology, Model model, DraftReport report) {}

  private final Shapes metaShapes;
  private final Function<Ontology, List<DraftReport.Issue>> regression;
  private final long maxBytes;
  private final RuleProof proof;

  /**
   * @param metaShapes the shapes every version must satisfy (the bundled ontology-shapes.ttl)
   * @param regression runs the regression cases with a candidate and returns the failures
   * @param proof runs the rules a draft adds or changes on a graph of realistic size, each within
   *     its time budget
   */
  public DraftValidator(
      Model metaShapes,
      Function<Ontology, List<DraftReport.Issue>> regression,
      long maxBytes,
      RuleProof proof) {
    this.metaShapes = Shapes.parse(metaShapes);
    this.regression = regression;
    this.maxBytes = maxBytes;
    this.proof = proof;
  }

  /**
   * Rebuilds the graph of a draft that already passed validation against the same base version:
   * parsing and patching are deterministic, so the checks need not run again.
   */
  public Model rebuild(Format format, byte[] body, Model current) {
    List<DraftReport.Issue> issues = new ArrayList<>();
    Model model =
        format == Format.SPARQL_UPDATE ? patch(body, current, issues) : parse(format, body, issues);
    if (model == null) {
      throw new OntologyException("the draft no longer parses: " + issues);
    }
    return model;
  }

  public Result validate(Format format, byte[] body, Model current, int version) {
    List<DraftReport.Issue> issues = new ArrayList<>();
    if (body.length > maxBytes) {
      issues.add(
          DraftReport.Issue.of(
              "parse", "the draft has " + body.length + " bytes; the limit is " + maxBytes));
      return new Result(null, null, new DraftReport(false, 0, issues));
    }
    Model model;
    try {
      model =
          format == Format.SPARQL_UPDATE
              ? patch(body, current, issues)
              : parse(format, body, issues);
    } catch (StackOverflowError e) {
      issues.add(DraftReport.Issue.of("parse", "the draft is nested too deeply to be read"));
      model = null;
    }
    if (model == null) {
      return new Result(null, null, new DraftReport(false, 0, issues));
    }
    ValidationReport shacl = ShaclValidator.get().validate(metaShapes, model.getGraph());
    shacl
        .getEntries()
        .forEach(
            e ->
                issues.add(
                    new DraftReport.Issue(
                        "shacl",
                        e.message(),
                        null,
                        null,
                        e.focusNode() == null ? null : e.focusNode().toString(),
                        e.resultPath() == null ? null : e.resultPath().toString(),
                        null)));
    Ontology candidate = null;
    try {
      candidate = OntologyLoader.fromModel(model, version, null);
    } catch (OntologyException e) {
      issues.add(DraftReport.Issue.of("rules", e.getMessage()));
    }
    if (candidate != null && issues.isEmpty()) {
      issues.addAll(regression.apply(candidate));
    }
    List<DraftReport.RuleTime> times = List.of();
    if (candidate != null && issues.isEmpty()) {
      // Last, and only for what changed: the rules already published were proven then.
      List<Rule> changed = changedRules(candidate, current);
      if (!changed.isEmpty()) {
        times = proof.run(candidate, changed);
        for (DraftReport.RuleTime t : times) {
          if (!t.withinBudget()) {
            issues.add(tooSlow(t));
          } else if (t.failure() != null) {
            issues.add(failed(t));
          }
        }
      }
    }
    return new Result(
        candidate, model, new DraftReport(issues.isEmpty(), (int) model.size(), issues, times));
  }

  /**
   * The rules of the candidate whose query is new or differs from the one the base version has
   * under the same IRI (compared as text, then as parsed queries, so that layout and comments do
   * not count).
   */
  static List<Rule> changedRules(Ontology candidate, Model current) {
    List<Rule> changed = new ArrayList<>();
    for (Rule rule : candidate.rules()) {
      org.apache.jena.rdf.model.Statement before =
          current.getResource(rule.iri()).getProperty(Lbt.queryText);
      org.apache.jena.rdf.model.Statement after =
          candidate.model().getResource(rule.iri()).getProperty(Lbt.queryText);
      // The same text, or the same query once parsed (blank nodes in a pattern compare unequal).
      boolean same =
          before != null
              && after != null
              && before.getObject().isLiteral()
              && before.getObject().equals(after.getObject());
      if (!same && before != null && before.getObject().isLiteral()) {
        try {
          same = org.apache.jena.query.QueryFactory.create(before.getString()).equals(rule.query());
        } catch (QueryParseException e) {
          same = false;
        }
      }
      if (!same) {
        changed.add(rule);
      }
    }
    return changed;
  }

  private static DraftReport.Issue failed(DraftReport.RuleTime t) {
    return new DraftReport.Issue(
        "size",
        "rule "
            + t.id()
            + " failed on the generated graph of "
            + t.suppliers()
            + " suppliers: "
            + t.failure(),
        null,
        null,
        null,
        null,
        null,
        "rule-failed",
        t.rule(),
        t.elapsedMs(),
        t.budgetMs());
  }

  private static DraftReport.Issue tooSlow(DraftReport.RuleTime t) {
    return new DraftReport.Issue(
        "size",
        "rule "
            + t.id()
            + " did not finish within its budget of "
            + t.budgetMs()
            + " ms on the generated graph of "
            + t.suppliers()
            + " suppliers (stopped after "
            + t.elapsedMs()
            + " ms): a rule must stay fast on a tenant of realistic size",
        null,
        null,
        null,
        null,
        null,
        "rule-too-slow",
        t.rule(),
        t.elapsedMs(),
        t.budgetMs());
  }

  private static Model parse(Format format, byte[] body, List<DraftReport.Issue> issues) {
    Model model = ModelFactory.createDefaultModel();
    Dataset ds = DatasetFactory.create();
    try {
      RDFParser.source(new ByteArrayInputStream(body))
          .lang(format == Format.TRIG ? Lang.TRIG : Lang.TURTLE)
          .base("urn:libertas:draft:")
          .errorHandler(new Collecting(issues))
          .parse(ds.asDatasetGraph());
    } catch (RiotException e) {
      if (issues.isEmpty()) {
        issues.add(DraftReport.Issue.of("parse", e.getMessage()));
      }
      return null;
    } catch (IllegalArgumentException e) {
      // Jena's tokenizer formats some of its own errors with the end of input as a character (a
      // '%' escape cut short at the end of a prefixed name: IllegalFormatCodePointException).
      if (issues.isEmpty()) {
        issues.add(
            DraftReport.Issue.of(
                "parse",
                "the draft is not valid Turtle/TriG: it ends inside a token (e.g. a % escape"
                    + " cut short)"));
      }
      return null;
    }
    if (!issues.isEmpty()) {
      return null;
    }
    model.add(ds.getDefaultModel());
    ds.listModelNames().forEachRemaining(n -> model.add(ds.getNamedModel(n)));
    return model;
  }

  /** Applies a SPARQL Update to a copy of the current version; only data changes are allowed. */
  private static Model patch(byte[] body, Model current, List<DraftReport.Issue> issues) {
    UpdateRequest request;
    try {
      request = UpdateFactory.create(new String(body, StandardCharsets.UTF_8));
    } catch (QueryParseException e) {
      issues.add(
          new DraftReport.Issue(
              "parse", e.getMessage(), (long) e.getLine(), (long) e.getColumn(), null, null, null));
      return null;
    }
    for (Update u : request.getOperations()) {
      boolean allowed =
          u instanceof UpdateDataInsert
              || u instanceof UpdateDataDelete
              || u instanceof UpdateDeleteWhere
              || u instanceof UpdateModify;
      if (!allowed) {
        issues.add(
            DraftReport.Issue.of(
                "safety",
                "only INSERT DATA, DELETE DATA and DELETE/INSERT … WHERE are allowed in a patch, not "
                    + u.getClass().getSimpleName().replace("Update", "").toUpperCase()));
      } else if (u instanceof UpdateModify m
          && (m.getUsing().size() + m.getUsingNamed().size() > 0 || m.getWithIRI() != null)) {
        issues.add(DraftReport.Issue.of("safety", "USING and WITH are not allowed in a patch"));
      } else if (u instanceof UpdateModify m && !RuleSafety.refusals(whereAsQuery(m)).isEmpty()) {
        issues.add(
            DraftReport.Issue.of(
                "safety", String.join("; ", RuleSafety.refusals(whereAsQuery(m)))));
      }
    }
    if (!issues.isEmpty()) {
      return null;
    }
    Dataset copy = DatasetFactory.create(ModelFactory.createDefaultModel().add(current));
    UpdateExecution.dataset(copy).update(request).execute();
    return copy.getDefaultModel();
  }

  private static org.apache.jena.query.Query whereAsQuery(UpdateModify m) {
    org.apache.jena.query.Query q = new org.apache.jena.query.Query();
    q.setQuerySelectType();
    q.setQueryResultStar(true);
    q.setQueryPattern(m.getWherePattern());
    return q;
  }

  /** Collects parse errors with their position instead of logging them. */
  private record Collecting(List<DraftReport.Issue> issues) implements ErrorHandler {
    @Override
    public void warning(String message, long line, long col) {}

    @Override
    public void error(String message, long line, long col) {
      issues.add(new DraftReport.Issue("parse", message, line, col, null, null, null));
    }

    @Override
    public void fatal(String message, long line, long col) {
      issues.add(new DraftReport.Issue("parse", message, line, col, null, null, null));
      throw new RiotException(message);
    }
  }
}
