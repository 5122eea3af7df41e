package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Handlers read query parameters through {@link Params} only, so a value reaches them checked,
 * typed and defaulted by the contract; reading the raw request again is how hand checks (and drift
 * from openapi.yaml) come back.
 */
class HandlersReadParamsTest {
  private static final Pattern RAW = Pattern.compile("\\.(getParam|queryParam|queryParams)\\(");
  private static final Pattern READ =
      Pattern.compile("\\.(string|integer|bool|instant)\\(\"([^\"]+)\"\\)");

  @Test
  void noHandlerReadsARawQueryParameter() throws Exception {
    for (Path f : sources()) {
      String name = f.getFileName().toString();
      if (name.equals("Contract.java") || name.equals("Api.java")) {
        continue; // the contract reads them; Api keeps older helpers no handler calls
      }
      assertThat(RAW.matcher(Files.readString(f)).find()).as(name).isFalse();
    }
  }

  @Test
  void everyParameterAHandlerReadsIsDeclaredByTheContract() throws Exception {
    java.util.Set<String> declared = new java.util.HashSet<>();
    Contract.load()
        .operations()
        .values()
        .forEach(o -> o.parameters().forEach(p -> declared.add(p.name())));
    int reads = 0;
    for (Path f : sources()) {
      Matcher m = READ.matcher(Files.readString(f));
      while (m.find()) {
        reads++;
        assertThat(declared).as(f.getFileName() + " reads " + m.group(2)).contains(m.group(2));
      }
    }
    assertThat(reads).isGreaterThan(20);
  }

  private static List<Path> sources() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("src/main/java/org/libertas/api"))) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
