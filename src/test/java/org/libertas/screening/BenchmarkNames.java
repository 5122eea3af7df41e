package org.libertas.screening;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The generated names of {@link VariantGenerator} for the JMH benchmarks in {@code
 * org.libertas.bench}, which cannot reach the package-private generator themselves.
 */
public final class BenchmarkNames {
  private BenchmarkNames() {}

  /** A generated list of {@code size} names and one variant query per name, shuffled. */
  public record Names(NameNormaliser normaliser, List<ListEntry> entries, List<Query> queries) {}

  public static Names generate(int size, long seed) {
    NameNormaliser normaliser = LegalFormsFixture.normaliser();
    VariantGenerator.Dataset data = new VariantGenerator(seed, normaliser).generate(size, 0);
    List<Query> queries = new ArrayList<>();
    data.variants().forEach(v -> queries.add(v.query()));
    Collections.shuffle(queries, new Random(seed));
    return new Names(normaliser, data.entries(), List.copyOf(queries));
  }
}
