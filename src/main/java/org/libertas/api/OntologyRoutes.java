package org.libertas.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.SKOS;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;

/** Read access to the active ontology: the ILO indicators in en/fr/es. */
public final class OntologyRoutes {
  private OntologyRoutes() {}

  public static Map<String, Handler<RoutingContext>> handlers(Supplier<Ontology> ontology) {
    return Map.of("listIndicators", ctx -> indicators(ctx, ontology.get()));
  }

  private static void indicators(RoutingContext ctx, Ontology o) {
    String lang = Api.lang(ctx);
    JsonArray items = new JsonArray();
    o
        .model()
        .listSubjectsWithProperty(SKOS.inScheme, o.model().createResource(Lbt.NS + "IloIndicators"))
        .toList()
        .stream()
        .sorted(java.util.Comparator.comparing(Resource::getURI))
        .forEach(
            r ->
                items.add(
                    new JsonObject()
                        .put("id", r.getURI())
                        .put(
                            "code",
                            r.hasProperty(SKOS.notation)
                                ? r.getProperty(SKOS.notation).getString()
                                : r.getLocalName())
                        .put("label", o.label(r.getURI(), lang))
                        .put("definition", text(r, lang))
                        .put(
                            "weight",
                            r.hasProperty(Lbt.weight)
                                ? r.getProperty(Lbt.weight).getDouble()
                                : null)));
    Api.json(ctx, 200, new JsonObject().put("lang", lang).put("items", items));
  }

  private static String text(Resource r, String lang) {
    String fallback = null;
    for (var st : r.listProperties(SKOS.definition).toList()) {
      Literal l = st.getLiteral();
      if (l.getLanguage().equals(lang)) {
        return l.getLexicalForm();
      }
      if (fallback == null || l.getLanguage().equals("en")) {
        fallback = l.getLexicalForm();
      }
    }
    return fallback;
  }
}
