package org.libertas.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.libertas.ontology.OntologyVersions;
import org.libertas.ontology.OntologyViews;
import org.libertas.store.OntologyVersionRows;

/** The ontology API's JSON bodies, rendered from the ontology's plain records. */
final class OntologyJson {
  private OntologyJson() {}

  static JsonObject summary(OntologyViews.Summary s) {
    JsonArray rules = new JsonArray();
    s.rules()
        .forEach(
            r ->
                rules.add(
                    new JsonObject()
                        .put("id", r.id())
                        .put("family", r.family())
                        .put("label", r.label())
                        .put("source", r.source())));
    return new JsonObject()
        .put("version", s.version())
        .put("sha256", s.sha256())
        .put("triples", s.triples())
        .put("rules", rules);
  }

  static JsonObject indicators(String lang, int version, List<OntologyViews.Indicator> all) {
    JsonArray items = new JsonArray();
    all.forEach(
        i ->
            items.add(
                new JsonObject()
                    .put("id", i.id())
                    .put("code", i.code())
                    .put("label", i.label())
                    .put("definition", i.definition())
                    .put("weight", i.weight())));
    return new JsonObject().put("lang", lang).put("version", version).put("items", items);
  }

  static JsonObject reference(String lang, int version, OntologyViews.Reference r) {
    JsonArray types = new JsonArray();
    r.types()
        .forEach(
            t ->
                types.add(
                    new JsonObject()
                        .put("type", t.type())
                        .put("label", t.label())
                        .put("count", t.count())));
    JsonArray items = new JsonArray();
    for (OntologyViews.ReferenceEntry e : r.items()) {
      JsonObject props = new JsonObject();
      e.properties().forEach((k, v) -> props.put(k, new JsonArray(List.copyOf(v))));
      items.add(
          new JsonObject()
              .put("id", e.id())
              .put("type", e.type())
              .put("label", e.label())
              .put(
                  "source",
                  e.source() == null
                      ? null
                      : new JsonObject()
                          .put("id", e.source().id())
                          .put("title", e.source().title()))
              .put("properties", props));
    }
    return new JsonObject()
        .put("lang", lang)
        .put("version", version)
        .put("types", types)
        .put("items", items);
  }

  static JsonObject draft(org.libertas.store.OntologyVersionRows.Draft d) {
    return new JsonObject()
        .put("id", d.id().toString())
        .put("format", d.format())
        .put("baseVersion", d.baseVersion())
        .put("valid", d.valid())
        .put("publishedAs", d.publishedAs())
        .put("report", d.report());
  }

  static JsonObject versions(List<OntologyVersions.Listed> all) {
    JsonArray items = new JsonArray();
    for (OntologyVersions.Listed l : all) {
      OntologyVersionRows.Version r = l.row();
      items.add(
          new JsonObject()
              .put("version", r.version())
              .put("active", l.active())
              .put("sha256", r.sha256())
              .put("publishedAt", r.publishedAt().toString())
              .put("note", r.note())
              .put("draftId", r.draftId() == null ? null : r.draftId().toString())
              .put("rolledBackFrom", r.rolledBackFrom())
              .put("rescoring", r.rescoring()));
    }
    return new JsonObject().put("items", items);
  }

  static JsonObject impact(OntologyVersions.Impact i) {
    JsonArray own = new JsonArray();
    i.changes()
        .forEach(
            c ->
                own.add(
                    new JsonObject()
                        .put("supplierId", c.supplierId())
                        .put("bandBefore", c.bandBefore())
                        .put("bandAfter", c.bandAfter())
                        .put("scoreBefore", c.scoreBefore())
                        .put("scoreAfter", c.scoreAfter())));
    return new JsonObject()
        .put("version", i.version())
        .put("rescoring", i.rescoring())
        .put("changes", own)
        .put("otherTenantsChanges", i.otherTenantsChanges());
  }

  static JsonObject diff(OntologyViews.Diff d) {
    return new JsonObject()
        .put("version", d.version())
        .put("against", d.against())
        .put("added", new JsonArray(List.copyOf(d.added())))
        .put("removed", new JsonArray(List.copyOf(d.removed())));
  }
}
