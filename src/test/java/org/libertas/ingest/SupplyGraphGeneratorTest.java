package org.libertas.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libertas.ontology.Lbt;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;

/** The benchmark data: seeded, valid for the product's own upload validation, and complete. */
class SupplyGraphGeneratorTest {
  private static Ontology ontology;

  @BeforeAll
  static void load() {
    ontology = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
  }

  @Test
  void sameSeedSameFilesOtherSeedOtherFiles() {
    var a = new SupplyGraphGenerator(7, 5).generate(500);
    var b = new SupplyGraphGenerator(7, 5).generate(500);
    var c = new SupplyGraphGenerator(8, 5).generate(500);
    assertThat(a).isEqualTo(b);
    assertThat(a.suppliers()).isNotEqualTo(c.suppliers());
  }

  @Test
  void everyFilePassesTheProductsValidationAndTheNTriplesAreWhatItMaps(@TempDir Path dir)
      throws Exception {
    int n = 1_000;
    var files = new SupplyGraphGenerator(42, 5).generate(n);
    // Rows: one per supplier, and every supplier below tier 0 sells to at least one buyer.
    assertThat(files.suppliers().lines().count()).isEqualTo(n + 1);
    assertThat(files.relationships().lines().count() - 1).isGreaterThanOrEqualTo(n - 1 - 1);
    assertThat(files.recruiters().lines().count()).isGreaterThan(100);
    assertThat(files.findings().lines().count()).isGreaterThan(50);

    // triples() runs CsvTable + RowMapper exactly as an upload job does; it throws on any error.
    long written = SupplyGraphGenerator.write(files, ontology, dir);
    for (CsvKind k : SupplyGraphGenerator.KINDS) {
      assertThat(dir.resolve(k.code() + ".csv")).exists();
    }
    Model nt = RDFDataMgr.loadModel(dir.resolve("data.nt").toString());
    assertThat(nt.size()).isEqualTo(written);
    Set<Triple> mapped = SupplyGraphGenerator.triples(files, ontology);
    Set<Triple> loaded = new HashSet<>(nt.getGraph().find().toList());
    assertThat(loaded).isEqualTo(new HashSet<>(mapped));
    assertThat(nt.listSubjectsWithProperty(RDF.type, Lbt.Supplier).toList()).hasSize(n);
    assertThat(nt.listSubjectsWithProperty(RDF.type, Lbt.AuditFinding).toList()).isNotEmpty();
    assertThat(Files.size(dir.resolve("data.nt"))).isPositive();
  }

  @Test
  void tiersGrowDownTheChainAndSomeLinksGoBackUp() {
    var g = new SupplyGraphGenerator(42, 5);
    int[] tiers = g.tiers(3_100);
    int[] count = new int[5];
    for (int t : tiers) {
      count[t]++;
    }
    for (int t = 1; t < 5; t++) {
      assertThat(count[t]).isGreaterThan(count[t - 1]);
    }
    // A link whose buyer sits deeper than its supplier closes a cycle.
    var files = g.generate(3_100);
    long backwards =
        files
            .relationships()
            .lines()
            .skip(1)
            .map(l -> l.split(","))
            .filter(c -> tiers[index(c[0])] > tiers[index(c[1])])
            .count();
    assertThat(backwards).isPositive();
  }

  private static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }
}
