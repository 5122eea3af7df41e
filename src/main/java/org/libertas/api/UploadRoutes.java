package org.libertas.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.libertas.errors.BadRequestException;
import org.libertas.errors.ChoiceException;
import org.libertas.errors.FieldError;
import org.libertas.errors.LibertasException;
import org.libertas.errors.NotFoundException;
import org.libertas.errors.ValidationException;
import org.libertas.ingest.Columns;
import org.libertas.ingest.CsvKind;
import org.libertas.ingest.CsvLimits;
import org.libertas.ingest.CsvTable;
import org.libertas.ingest.HeaderCheck;
import org.libertas.ingest.ReferenceCodes;
import org.libertas.ingest.SheetKinds;
import org.libertas.ingest.SheetTable;
import org.libertas.ingest.SheetTemplate;
import org.libertas.ingest.WorkbookUpload;
import org.libertas.ontology.Ontology;
import org.libertas.store.AuditLog;
import org.libertas.store.UploadMappings;
import org.libertas.store.Uploads;
import org.libertas.uploads.UploadJobs;

/**
 * Upload intake: checks what can be checked at once (kind, media type, size, header), queues the
 * file as a job and answers 202 with its Location; the job runner does the rest. A file is a CSV
 * text or an .xlsx workbook (declared by its media type, or a multipart file by its name, type or
 * first bytes); the job remembers which, and the sheet asked for.
 */
public final class UploadRoutes {
  private UploadRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(
      Uploads uploads,
      UploadMappings mappings,
      UploadJobs jobs,
      AuditLog audit,
      WorkerExecutor workers,
      Supplier<Ontology> ontology,
      CsvLimits limits) {
    return Map.of(
        "createUpload",
            ctx -> create(ctx, uploads, mappings, jobs, audit, workers, ontology, limits),
        "getUpload", ctx -> get(ctx, uploads),
        "listUploads", ctx -> list(ctx, uploads),
        "getUploadTemplate", ctx -> template(ctx, workers, ontology),
        "putUploadMapping", ctx -> putMapping(ctx, mappings, audit, limits),
        "getUploadMapping", ctx -> getMapping(ctx, mappings),
        "listUploadMappings",
            ctx ->
                mappings
                    .list(Auth.caller(ctx).tenantId())
                    .map(
                        all ->
                            new JsonObject()
                                .put(
                                    "items",
                                    new JsonArray(
                                        all.stream().map(UploadRoutes::mappingJson).toList())))
                    .onComplete(ar -> Api.reply(ctx, 200, ar)),
        "deleteUploadMapping", ctx -> deleteMapping(ctx, mappings, audit));
  }

  private static JsonObject mappingJson(UploadMappings.Saved m) {
    return new JsonObject()
        .put("name", m.name())
        .put("mapping", new JsonObject(new java.util.LinkedHashMap<>(m.mapping())))
        .put("updatedAt", m.updatedAt().toString());
  }

  /** Saves a named column mapping for the tenant's later uploads ({@code ?mapping=NAME}). */
  private static void putMapping(
      RoutingContext ctx, UploadMappings mappings, AuditLog audit, CsvLimits limits) {
    Auth.Caller caller = Auth.caller(ctx);
    String name = ctx.pathParam("name");
    Map<String, String> mapping =
        Columns.checkMapping(Api.jsonBody(ctx).getMap(), "", limits.maxFieldChars());
    mappings
        .put(caller.tenantId(), name, mapping, caller.keyId())
        .compose(
            created ->
                audit
                    .append(
                        caller.tenantId(),
                        caller.keyId(),
                        "upload.mapping.put",
                        name,
                        RequestLog.requestId(ctx),
                        new JsonObject().put("entries", mapping.size()))
                    .compose(x -> mappings.get(caller.tenantId(), name))
                    .map(saved -> Map.entry(created, mappingJson(saved.orElseThrow()))))
        .onSuccess(
            r -> Api.reply(ctx, r.getKey() ? 201 : 200, Future.succeededFuture(r.getValue())))
        .onFailure(ctx::fail);
  }

  private static void getMapping(RoutingContext ctx, UploadMappings mappings) {
    String name = ctx.pathParam("name");
    mappings
        .get(Auth.caller(ctx).tenantId(), name)
        .map(
            m ->
                mappingJson(
                    m.orElseThrow(() -> new NotFoundException("no mapping '" + name + "'"))))
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private static void deleteMapping(RoutingContext ctx, UploadMappings mappings, AuditLog audit) {
    Auth.Caller caller = Auth.caller(ctx);
    String name = ctx.pathParam("name");
    mappings
        .delete(caller.tenantId(), name)
        .compose(
            deleted -> {
              if (!deleted) {
                throw new NotFoundException("no mapping '" + name + "'");
              }
              return audit.append(
                  caller.tenantId(),
                  caller.keyId(),
                  "upload.mapping.delete",
                  name,
                  RequestLog.requestId(ctx),
                  new JsonObject());
            })
        .onSuccess(x -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * The column mapping an upload is read with: a multipart part {@code mapping} (JSON), or the
   * tenant's mapping saved under {@code ?mapping=NAME}; none: empty. Both at once is a 400; an
   * unknown name or a faulty mapping a 422, before anything is queued.
   */
  private static Future<Map<String, String>> mappingOf(
      RoutingContext ctx, String name, UploadMappings mappings, CsvLimits limits) {
    String part = ctx.request().formAttributes().get("mapping");
    if (part != null && name != null) {
      String m = "send a mapping either as the multipart part 'mapping' or as ?mapping=NAME";
      throw new BadRequestException(m, List.of(FieldError.field("mapping", "two-mappings", m)));
    }
    if (part != null) {
      JsonObject json;
      try {
        json = new JsonObject(part);
      } catch (RuntimeException e) {
        String m =
            "the multipart part 'mapping' is not a JSON object {\"file header\": \"column\"}";
        throw new ValidationException(m, List.of(FieldError.field("mapping", "bad-mapping", m)));
      }
      return Future.succeededFuture(
          Columns.checkMapping(json.getMap(), "mapping", limits.maxFieldChars()));
    }
    if (name == null) {
      return Future.succeededFuture(Map.of());
    }
    return mappings
        .get(Auth.caller(ctx).tenantId(), name)
        .map(
            saved ->
                saved
                    .map(UploadMappings.Saved::mapping)
                    .orElseThrow(
                        () -> {
                          String m =
                              "no mapping '"
                                  + name
                                  + "' is saved for this tenant (PUT /v1/uploads/mappings/"
                                  + name
                                  + ")";
                          return new ValidationException(
                              m, List.of(FieldError.field("mapping", "unknown-mapping", m)));
                        }));
  }

  /**
   * The template of a kind: an empty CSV with its columns (required first), or with {@code
   * format=xlsx} a workbook with that header row and a second sheet of the values the coded columns
   * accept in the active ontology ({@link SheetTemplate}).
   */
  private static void template(
      RoutingContext ctx, WorkerExecutor workers, Supplier<Ontology> ontology) {
    CsvKind kind = kind(ctx.pathParam("kind"));
    if ("xlsx".equals(Params.of(ctx).string("format"))) {
      Ontology active = ontology.get();
      workers
          .executeBlocking(() -> SheetTemplate.of(kind, active), false)
          .onSuccess(
              bytes ->
                  ctx.response()
                      .putHeader("Content-Type", SheetTable.MEDIA_TYPE)
                      .putHeader(
                          "Content-Disposition",
                          "attachment; filename=\"" + kind.code() + ".xlsx\"")
                      .end(Buffer.buffer(bytes)))
          .onFailure(ctx::fail);
      return;
    }
    List<String> columns = new ArrayList<>(kind.required());
    columns.addAll(kind.optional());
    ctx.response()
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + kind.code() + ".csv\"")
        .end(String.join(",", columns) + "\r\n");
  }

  private static CsvKind kind(String code) {
    if (code == null) {
      throw new BadRequestException(
          "query parameter 'kind' is required: one of " + CsvKind.codes(),
          List.of(new FieldError(0, "kind", "missing-kind", "one of " + CsvKind.codes())));
    }
    return CsvKind.fromCode(code)
        .orElseThrow(
            () ->
                new BadRequestException(
                    "unknown kind '" + code + "': expected one of " + CsvKind.codes(),
                    List.of(
                        new FieldError(
                            0, "kind", "unknown-kind", "expected one of " + CsvKind.codes()))));
  }

  private static void create(
      RoutingContext ctx,
      Uploads uploads,
      UploadMappings mappings,
      UploadJobs jobs,
      AuditLog audit,
      WorkerExecutor workers,
      Supplier<Ontology> ontology,
      CsvLimits limits) {
    Auth.Caller caller = Auth.caller(ctx);
    Params p = Params.of(ctx);
    String kindParam = p.string("kind");
    // checked at once; a workbook of several kinds, or no kind, is decided from the file
    CsvKind asked =
        kindParam == null || kindParam.equals(WorkbookUpload.KIND) ? null : kind(kindParam);
    String mode = p.string("mode");
    boolean dryRun = p.bool("dryRun");
    String idem = p.string("Idempotency-Key");
    String sheet = p.string("sheet");
    String contentType = ctx.request().getHeader("Content-Type");
    String media =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    Future<Buffer> body;
    String fileName;
    // csv or xlsx as declared; null: a multipart file, decided by its name, type or first bytes
    String declaredFormat;
    if (media.equals("multipart/form-data")) {
      List<FileUpload> files = ctx.fileUploads();
      if (files.size() != 1) {
        throw new BadRequestException("send exactly one file in the multipart field 'file'");
      }
      FileUpload f = files.get(0);
      fileName = f.fileName();
      declaredFormat = workbookNamed(fileName, f.contentType()) ? "xlsx" : null;
      body = ctx.vertx().fileSystem().readFile(f.uploadedFileName());
    } else if (media.equals("text/csv")
        || media.equals("text/plain")
        || media.equals("application/csv")) {
      fileName = null;
      declaredFormat = "csv";
      body = Future.succeededFuture(bodyOf(ctx));
    } else if (media.equals(SheetTable.MEDIA_TYPE) || media.equals(XLS_MEDIA_TYPE)) {
      // An .xls sent as such is read as a workbook, so that it is refused naming the format.
      fileName = null;
      declaredFormat = "xlsx";
      body = Future.succeededFuture(bodyOf(ctx));
    } else {
      throw new LibertasException(
          415,
          "unsupported-media-type",
          "send the file as text/csv, "
              + SheetTable.MEDIA_TYPE
              + " (an .xlsx workbook) or multipart/form-data");
    }
    Charset declared = charset(contentType);
    Future<Map<String, String>> mapping = mappingOf(ctx, p.string("mapping"), mappings, limits);
    mapping
        .compose(x -> body)
        .compose(
            buf ->
                // Hashing a file of up to the body limit is CPU work: off the event loop, once.
                workers.executeBlocking(
                    () -> {
                      byte[] bytes = buf.getBytes();
                      String format =
                          declaredFormat != null
                              ? declaredFormat
                              : SheetTable.looksLikeWorkbook(bytes) ? "xlsx" : "csv";
                      if (format.equals("csv") && sheet != null) {
                        String m =
                            "the parameter 'sheet' applies to .xlsx workbooks, not CSV files";
                        throw new BadRequestException(
                            m, List.of(FieldError.field("sheet", "sheet-without-workbook", m)));
                      }
                      Decided kind =
                          asked != null
                              ? new Decided(asked.code(), false)
                              : decide(
                                  kindParam,
                                  ReferenceCodes.of(ontology.get()),
                                  bytes,
                                  declared,
                                  format,
                                  sheet,
                                  limits,
                                  mapping.result());
                      if (!kind.code().equals(WorkbookUpload.KIND)) {
                        checkHeader(
                            CsvKind.fromCode(kind.code()).orElseThrow(),
                            ReferenceCodes.of(ontology.get()).columns(),
                            mapping.result(),
                            bytes,
                            declared,
                            format,
                            sheet,
                            limits);
                      }
                      return new Received(
                          bytes,
                          DigestUtils.sha256Hex(bytes),
                          format,
                          kind.code(),
                          kind.detected());
                    },
                    false))
        .compose(
            received -> {
              byte[] bytes = received.bytes();
              String digest = received.sha256();
              UUID id = UUID.randomUUID();
              return uploads
                  .enqueue(
                      new Uploads.NewUpload(
                          id,
                          caller.tenantId(),
                          received.kind(),
                          mode,
                          dryRun,
                          fileName,
                          digest,
                          declared == null ? null : declared.name(),
                          received.format(),
                          received.format().equals("xlsx") ? sheet : null,
                          mapping.result(),
                          bytes,
                          idem,
                          caller.keyId(),
                          received.kindDetected()))
                  .compose(
                      created ->
                          created.created()
                              ? audit
                                  .append(
                                      caller.tenantId(),
                                      caller.keyId(),
                                      "upload.create",
                                      created.id().toString(),
                                      RequestLog.requestId(ctx),
                                      new JsonObject()
                                          .put("kind", received.kind())
                                          .put("kindDetected", received.kindDetected())
                                          .put("format", received.format())
                                          .put("mode", mode)
                                          .put("dryRun", dryRun)
                                          .put("sha256", digest)
                                          .put("bytes", bytes.length))
                                  .map(created)
                              : Future.succeededFuture(created));
            })
        .onSuccess(
            created -> {
              jobs.kick();
              ctx.response().putHeader("Location", "/v1/uploads/" + created.id());
              uploads
                  .find(caller.tenantId(), created.id())
                  .map(
                      j ->
                          new JsonObject()
                              .put("id", created.id().toString())
                              .put("status", j.map(Uploads.Job::status).orElse("queued")))
                  .onComplete(ar -> Api.reply(ctx, 202, ar));
            })
        .onFailure(ctx::fail);
  }

  /**
   * The header is checked before queueing, so a file missing a column is refused at once (422); a
   * workbook is read up to its header row only (streaming), which also refuses at once what is not
   * a workbook, an unknown sheet and a zip bomb.
   */
  private static void checkHeader(
      CsvKind kind,
      Columns columns,
      Map<String, String> mapping,
      byte[] bytes,
      Charset declared,
      String format,
      String sheet,
      CsvLimits limits) {
    List<String> header =
        format.equals("xlsx")
            ? SheetTable.readHeader(bytes, sheet, limits)
            : CsvTable.readHeader(bytes, declared);
    List<FieldError> errors = HeaderCheck.errors(kind, columns.resolve(kind, header, mapping));
    if (!errors.isEmpty()) {
      throw new ValidationException(
          "the header does not fit a " + kind.code() + " file; nothing was loaded", errors);
    }
  }

  private static final String XLS_MEDIA_TYPE = "application/vnd.ms-excel";

  /** A multipart file that says it is a workbook, by its name or its declared type. */
  private static boolean workbookNamed(String fileName, String contentType) {
    String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return n.endsWith(".xlsx")
        || n.endsWith(".xlsm")
        || n.endsWith(".xls")
        || t.startsWith(SheetTable.MEDIA_TYPE)
        || t.startsWith(XLS_MEDIA_TYPE);
  }

  private static Buffer bodyOf(RoutingContext ctx) {
    return ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
  }

  private static Charset charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").trim());
        } catch (RuntimeException e) {
          throw new BadRequestException("unknown charset in Content-Type: " + p.substring(8));
        }
      }
    }
    return null;
  }

  private static void get(RoutingContext ctx, Uploads uploads) {
    Auth.Caller caller = Auth.caller(ctx);
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("uploadId"));
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no upload '" + ctx.pathParam("uploadId") + "'");
    }
    uploads
        .find(caller.tenantId(), id)
        .compose(
            j -> {
              if (j.isEmpty()) {
                throw new NotFoundException("no upload '" + id + "'");
              }
              Uploads.Job job = j.get();
              return Future.all(uploads.errors(id, "error"), uploads.errors(id, "warning"))
                  .map(
                      all ->
                          summary(job)
                              .put("errors", all.resultAt(0))
                              .put("warnings", all.resultAt(1)));
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  /** One upload as the API shows it, without its error lists. */
  private static JsonObject summary(Uploads.Job job) {
    return new JsonObject()
        .put("id", job.id().toString())
        .put("kind", job.kind())
        .put("kindDetected", job.kindDetected())
        .put("format", job.format())
        .put("sheet", job.sheet())
        .put("mode", job.mode())
        .put("dryRun", job.dryRun())
        .put("status", job.status())
        .put("fileName", job.fileName())
        .put("rowsTotal", job.rowsTotal())
        .put("rowsProcessed", job.rowsProcessed())
        .put("createdAt", job.createdAt().toString())
        .put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
  }

  /** The upload history: newest first, one page at a time, optionally of one kind. */
  private static void list(RoutingContext ctx, Uploads uploads) {
    Auth.Caller caller = Auth.caller(ctx);
    uploads
        .list(
            caller.tenantId(),
            Params.of(ctx).string("kind"),
            Params.of(ctx).integer("limit"),
            Params.of(ctx).string("cursor"))
        .map(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(job -> items.add(summary(job)));
              return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
            })
        .onComplete(ar -> Api.reply(ctx, 200, ar));
  }

  private record Received(
      byte[] bytes, String sha256, String format, String kind, boolean kindDetected) {}

  /** The kind a job gets: a kind's code or {@code workbook}, and whether it was detected. */
  private record Decided(String code, boolean detected) {}

  /**
   * The kind of a file sent without one (or with {@code kind=workbook}): a workbook read whole (no
   * {@code sheet}) whose sheets are named by kind is one upload of kind {@code workbook}, each
   * sheet's header checked now; otherwise the kind the header fits ({@link Columns#kindsFitting}),
   * when exactly one; none or several → 422 {@code kind-undetermined} listing the candidates, so
   * the client sends {@code kind=…}.
   */
  private static Decided decide(
      String kindParam,
      ReferenceCodes codes,
      byte[] bytes,
      Charset declared,
      String format,
      String sheet,
      CsvLimits limits,
      Map<String, String> mapping) {
    boolean workbookAsked = WorkbookUpload.KIND.equals(kindParam);
    if (format.equals("xlsx") && sheet == null) {
      SheetKinds.Plan plan = codes.sheetKinds().plan(SheetTable.sheetNames(bytes, limits));
      if (!plan.sheets().isEmpty()) {
        WorkbookUpload.checkHeaders(bytes, plan, codes.columns(), limits, mapping);
        return new Decided(WorkbookUpload.KIND, false);
      }
    }
    if (workbookAsked) {
      String m =
          format.equals("xlsx")
              ? (sheet != null
                  ? "kind=workbook reads every sheet named by kind; leave out 'sheet'"
                  : "no sheet of the workbook is named by a kind ("
                      + String.join(", ", CsvKind.codes())
                      + ", or their names in ontology/uploads/kinds.ttl)")
              : "kind=workbook needs an .xlsx workbook with one sheet per kind";
      throw new ValidationException(m, List.of(new FieldError(0, "kind", "no-kind-sheet", m)));
    }
    List<String> header =
        format.equals("xlsx")
            ? SheetTable.readHeader(bytes, sheet, limits)
            : CsvTable.readHeader(bytes, declared);
    List<CsvKind> fitting = codes.columns().kindsFitting(header);
    if (fitting.size() == 1) {
      return new Decided(fitting.get(0).code(), true);
    }
    List<String> candidates =
        (fitting.isEmpty() ? List.of(CsvKind.values()) : fitting)
            .stream().map(CsvKind::code).toList();
    String m =
        (fitting.isEmpty()
                ? "the header fits no kind of file"
                : "the header fits several kinds of file (" + String.join(", ", candidates) + ")")
            + ": send kind="
            + String.join(" or kind=", candidates);
    throw new ChoiceException(
        "kind-undetermined",
        m,
        List.of(new FieldError(1, "kind", "kind-undetermined", m)),
        candidates);
  }
}
