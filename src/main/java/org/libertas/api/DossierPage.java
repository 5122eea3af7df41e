package org.libertas.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The dossier as a printable page: generated on the server from the JSON dossier, every value
 * escaped, no scripts and no external assets (one inline stylesheet, with print rules), so it can
 * be saved or printed to PDF as it is.
 */
final class DossierPage {
  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;margin:2rem auto;max-width:60rem;padding:0 1rem}
      h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
      th{background:#f1f1f1}.meta{color:#555}.band{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;font-weight:600}
      .band-low{background:#dff3df}.band-medium{background:#fff1c2}.band-high{background:#ffd7b5}.band-critical{background:#ffc2c2}
      .none{color:#777;font-style:italic}
      @media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}
      th{background:#eee !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}.band{border:1px solid #999}}
      """;

  private DossierPage() {}

  static String html(JsonObject d) {
    JsonObject risk = d.getJsonObject("risk");
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"")
        .append(esc(risk.getString("lang", "en")))
        .append("\"><head><meta charset=\"utf-8\"><title>Due-diligence dossier: ")
        .append(esc(d.getString("name")))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    h.append("<h1>").append(esc(d.getString("name"))).append("</h1>\n");
    h.append("<p class=\"meta\">Supplier ")
        .append(esc(d.getString("supplierId")))
        .append(" · ")
        .append(esc(join(d.getString("country"), d.getString("region"), d.getString("sector"))))
        .append(" · tier ")
        .append(esc(d.getValue("tier")))
        .append(identifiers(risk.getJsonObject("identifiers")))
        .append("<br>Generated ")
        .append(esc(d.getString("generatedAt")))
        .append(" for tenant ")
        .append(esc(d.getString("tenantId")))
        .append(" (request ")
        .append(esc(d.getString("requestId")))
        .append(")</p>\n");

    h.append("<h2>Risk</h2>\n<p>Score <strong>")
        .append(esc(risk.getValue("score")))
        .append("</strong> <span class=\"band band-")
        .append(esc(risk.getString("band")))
        .append("\">")
        .append(esc(risk.getString("bandLabel")))
        .append("</span> · recommendation: ")
        .append(esc(risk.getString("recommendation")))
        .append("<br><span class=\"meta\">Ontology version ")
        .append(esc(risk.getValue("ontologyVersion")))
        .append(", data version ")
        .append(esc(risk.getValue("dataVersion")))
        .append(", computed ")
        .append(esc(risk.getString("computedAt")))
        .append("</span></p>\n");
    JsonObject step = risk.getJsonObject("nextStep");
    if (step != null && step.getString("row") != null) {
      h.append("<p><strong>Next step: ")
          .append(esc(step.getString("label")))
          .append("</strong> (")
          .append(esc(step.getString("rowLabel")))
          .append(")<br>")
          .append(esc(step.getString("reason")))
          .append("</p>\n");
    }
    for (String dim : new String[] {"context", "evidence"}) {
      JsonObject dimension = risk.getJsonObject(dim);
      if (dimension != null) {
        h.append("<p>")
            .append(dim.equals("context") ? "Context risk" : "Evidence")
            .append(": <strong>")
            .append(esc(dimension.getValue("score")))
            .append("</strong> <span class=\"band band-")
            .append(esc(dimension.getString("band")))
            .append("\">")
            .append(esc(dimension.getString("bandLabel")))
            .append("</span></p>\n");
      }
    }
    JsonObject coverage = risk.getJsonObject("coverage");
    if (coverage != null) {
      h.append("<p>Last audit: ")
          .append(
              esc(
                  coverage.getValue("lastAuditOn") == null
                      ? "none on record"
                      : coverage.getValue("lastAuditOn")))
          .append(" · tiers unknown above it: ")
          .append(
              esc(
                  coverage.getJsonArray("unknownTiers", new JsonArray()).isEmpty()
                      ? "none"
                      : coverage.getJsonArray("unknownTiers").encode()))
          .append("</p>\n");
    }
    JsonArray hardStops = risk.getJsonArray("hardStops");
    if (!hardStops.isEmpty()) {
      h.append("<p><strong>Hard stops:</strong> ");
      for (int i = 0; i < hardStops.size(); i++) {
        h.append(i == 0 ? "" : "; ").append(esc(hardStops.getJsonObject(i).getString("label")));
      }
      h.append("</p>\n");
    }
    JsonArray unassessed = risk.getJsonArray("unassessed", new JsonArray());
    if (!unassessed.isEmpty()) {
      h.append(
          "<p><strong>Not assessed</strong> (a gap in the data, not an absence of risk):</p>\n<ul>\n");
      for (int i = 0; i < unassessed.size(); i++) {
        JsonObject u = unassessed.getJsonObject(i);
        h.append("<li><code>")
            .append(esc(u.getString("field")))
            .append(": ")
            .append(esc(u.getString("value")))
            .append("</code> — ")
            .append(esc(u.getString("label")))
            .append("</li>\n");
      }
      h.append("</ul>\n");
    }
    table(
        h,
        risk.getJsonArray("factors"),
        new String[] {"Factor", "Family", "Strength", "Contribution", "Evidence", "Source"},
        f ->
            new Object[] {
              f.getString("label"),
              f.getString("familyLabel"),
              f.getValue("strength"),
              f.getValue("contribution"),
              evidence(f.getJsonArray("evidence")),
              f.getString("source")
            });

    h.append("<h2>Screening</h2>\n");
    table(
        h,
        d.getJsonArray("screening"),
        new String[] {"Screened", "Listed as", "Source", "Score", "Status", "Reasons"},
        m ->
            new Object[] {
              m.getJsonObject("screened").getString("name")
                  + " ("
                  + m.getJsonObject("screened").getString("kind")
                  + ")",
              m.getJsonObject("entry").getString("name"),
              m.getJsonObject("entry").getString("source"),
              m.getValue("score"),
              m.getString("status"),
              String.join(
                  "; ",
                  m.getJsonArray("reasons").stream()
                      .map(r -> ReasonJson.text((JsonObject) r))
                      .toList())
            });

    h.append("<h2>Decisions</h2>\n");
    table(
        h,
        d.getJsonArray("decisions"),
        new String[] {"When", "Decision", "Rationale", "Conditions", "Score then", "By key"},
        x ->
            new Object[] {
              x.getString("at"),
              x.getString("decision"),
              x.getString("rationale"),
              x.getString("conditions"),
              x.getJsonObject("snapshot").getValue("score")
                  + " "
                  + x.getJsonObject("snapshot").getString("band")
                  + " (ontology v"
                  + x.getJsonObject("snapshot").getValue("ontologyVersion")
                  + ", data v"
                  + x.getJsonObject("snapshot").getValue("dataVersion")
                  + ")",
              x.getString("keyId")
            });

    h.append("<h2>Score history</h2>\n");
    table(
        h,
        d.getJsonArray("history"),
        new String[] {"Computed", "Score", "Band", "Recommendation", "Ontology", "Data"},
        x ->
            new Object[] {
              x.getString("computedAt"),
              x.getValue("score"),
              x.getString("band"),
              x.getString("recommendation"),
              x.getValue("ontologyVersion"),
              x.getValue("dataVersion")
            });
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void table(
      StringBuilder h,
      JsonArray rows,
      String[] headers,
      java.util.function.Function<JsonObject, Object[]> cells) {
    if (rows == null || rows.isEmpty()) {
      h.append("<p class=\"none\">None.</p>\n");
      return;
    }
    h.append("<table><thead><tr>");
    for (String c : headers) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (Object o : rows) {
      h.append("<tr>");
      for (Object c : cells.apply((JsonObject) o)) {
        h.append("<td>").append(esc(c)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static String evidence(JsonArray evidence) {
    if (evidence == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (Object o : evidence) {
      JsonObject e = (JsonObject) o;
      String v = e.getString("id", e.getString("supplierId"));
      if (v != null) {
        s.append(s.length() == 0 ? "" : "; ").append(v);
      }
    }
    return s.toString();
  }

  private static String join(String... parts) {
    return String.join(
        ", ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
  }

  /** HTML-escapes any value; null is empty. */
  /** " · OS ID … · LEI …" for the identifiers the supplier has, escaped; empty without any. */
  private static String identifiers(JsonObject ids) {
    if (ids == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    String[][] names = {
      {"osId", "OS ID"}, {"leiId", "LEI"}, {"dunsId", "D-U-N-S"}, {"registrationId", "registration"}
    };
    for (String[] n : names) {
      String v = ids.getString(n[0]);
      if (v != null) {
        out.append(" · ").append(n[1]).append(' ').append(esc(v));
      }
    }
    return out.toString();
  }

  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
