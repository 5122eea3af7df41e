package org.libertas.screening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the test copy of the legal-form list, so tests do not need the ontology loader. */
final class LegalFormsFixture {

  private LegalFormsFixture() {}

  static List<String> load() {
    try (InputStream in =
        LegalFormsFixture.class.getResourceAsStream("/screening/legal-forms.txt")) {
      if (in == null) {
        throw new IllegalStateException("screening/legal-forms.txt missing from test resources");
      }
      List<String> forms = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String form = line.strip();
        if (!form.isEmpty() && !form.startsWith("#")) {
          forms.add(form);
        }
      }
      return forms;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NameNormaliser normaliser() {
    return new NameNormaliser(load());
  }
}
