package org.libertas.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.Syntax;

/** The application's own queries, kept as files in src/main/resources/sparql/. */
public final class Sparql {
  private Sparql() {}

  public static Query query(String name) {
    return QueryFactory.create(text(name), Syntax.syntaxSPARQL_11);
  }

  public static String text(String name) {
    try (InputStream in = Sparql.class.getResourceAsStream("/sparql/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing query sparql/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
