package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The test fixture must stay a faithful copy of the ontology's list, or the tests prove nothing.
 */
class LegalFormsDataTest {

  @Test
  void fixtureMatchesTheOntologyAndBothAreSorted() throws IOException {
    String ttl =
        Files.readString(Path.of("ontology/screening/legal-forms.ttl"), StandardCharsets.UTF_8);
    Matcher property = Pattern.compile("lbt:legalForm\\s").matcher(ttl);
    assertThat(property.find()).as("lbt:legalForm in legal-forms.ttl").isTrue();
    int start = property.start();
    List<String> fromOntology = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(ttl.substring(start));
    while (m.find()) {
      fromOntology.add(m.group(1));
    }
    List<String> fixture = LegalFormsFixture.load();
    assertThat(fromOntology).isSorted().doesNotHaveDuplicates();
    assertThat(fixture).isSorted().containsExactlyElementsOf(fromOntology);
  }
}
