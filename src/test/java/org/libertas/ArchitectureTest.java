package org.libertas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md, checked on the compiled classes: each rule below is
 * one arrow the layout forbids. A failure names the class and the dependency that broke it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.libertas");
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("org.libertas.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void nothingImportsTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.libertas.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.libertas.app..")
        .check(classes);
  }

  @Test
  void reasoningAndScreeningArePure() {
    noClasses()
        .that()
        .resideInAnyPackage("org.libertas.reasoning..", "org.libertas.screening..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..", "org.libertas.store..", "org.libertas.api..", "org.libertas.uploads..")
        .check(classes);
  }

  @Test
  void reasoningAndScreeningNeverWriteTheGraph() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("org.libertas.reasoning..", "org.libertas.screening..")
            .should()
            .callMethodWhere(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a GraphStore write",
                    call ->
                        call.getTargetOwner().isAssignableTo(org.libertas.graph.GraphStore.class)
                            && java.util.Set.of("write", "writeGraph", "dropGraphs")
                                .contains(call.getName())))
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(org.libertas.graph.GraphStore.GraphWriter.class);
    rule.check(classes);
  }

  @Test
  void ingestIsPure() {
    noClasses()
        .that()
        .resideInAPackage("org.libertas.ingest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..", "org.libertas.store..", "org.libertas.api..", "org.libertas.uploads..")
        .check(classes);
  }

  @Test
  void storeKnowsNeitherTheGraphNorTheApi() {
    noClasses()
        .that()
        .resideInAPackage("org.libertas.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.libertas.graph..",
            "org.libertas.api..",
            "org.libertas.reasoning..",
            "org.libertas.rescoring..",
            "org.libertas.ontology..",
            "org.libertas.uploads..",
            "org.libertas.ingest..",
            "org.libertas.alerts..",
            "org.apache.jena..")
        .check(classes);
  }

  @Test
  void graphUsesOnlyJena() {
    noClasses()
        .that()
        .resideInAPackage("org.libertas.graph..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.libertas.api..",
            "org.libertas.ontology..",
            "org.libertas.reasoning..",
            "org.libertas.screening..",
            "org.libertas.rescoring..",
            "org.libertas.uploads..",
            "org.libertas.ingest..",
            "org.libertas.store..",
            "org.libertas.alerts..")
        .check(classes);
  }

  @Test
  void onlyTheApiAndTheRootKnowTheApi() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.libertas.api..", "org.libertas.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.libertas.api..")
        .check(classes);
  }

  /**
   * Blocking work goes to the one named worker executor handed down from the root, never to the
   * Vert.x default worker pool, so one setting (LIBERTAS_WORKER_THREADS) bounds it all.
   */
  @Test
  void blockingWorkUsesTheOneWorkerExecutor() {
    noClasses()
        .should()
        .callMethodWhere(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "Vertx or Context executeBlocking (the default worker pool)",
                call ->
                    call.getName().equals("executeBlocking")
                        && (call.getTargetOwner().isAssignableTo(io.vertx.core.Vertx.class)
                            || call.getTargetOwner().isAssignableTo(io.vertx.core.Context.class))))
        .check(classes);
  }
}
