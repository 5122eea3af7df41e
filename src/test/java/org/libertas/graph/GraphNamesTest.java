package org.libertas.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which graphs are upload graphs: by the parts of the name, whatever the tenant is called. */
class GraphNamesTest {
  @Test
  void uploadGraphsAreToldByTheirParts() {
    assertThat(GraphNames.isUpload(GraphNames.upload("acme", "6f1c"))).isTrue();
    assertThat(GraphNames.isUpload(GraphNames.current("acme"))).isFalse();
    assertThat(GraphNames.isUpload(GraphNames.screening("acme"))).isFalse();
    assertThat(GraphNames.isUpload(GraphNames.ontology(3))).isFalse();
    // A tenant may be called "upload": its view and screening graph are not upload graphs.
    assertThat(GraphNames.isUpload(GraphNames.current("upload"))).isFalse();
    assertThat(GraphNames.isUpload(GraphNames.screening("upload"))).isFalse();
    assertThat(GraphNames.isUpload(GraphNames.upload("upload", "6f1c"))).isTrue();
    assertThat(GraphNames.isUpload(GraphNames.tenantPrefix("acme") + "upload:")).isFalse();
    assertThat(GraphNames.isUpload(GraphNames.tenantPrefix("acme") + "upload:a:b")).isFalse();
    assertThat(GraphNames.isUpload("urn:other:tenant:acme:upload:6f1c")).isFalse();
  }

  @Test
  void aTenantGraphSaysWhoseItIs() {
    assertThat(GraphNames.tenantOf(GraphNames.upload("upload", "6f1c"))).contains("upload");
    assertThat(GraphNames.tenantOf(GraphNames.current("acme"))).contains("acme");
    assertThat(GraphNames.tenantOf(GraphNames.ontology(1))).isEmpty();
  }
}
