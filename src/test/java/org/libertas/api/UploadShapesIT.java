package org.libertas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libertas.testing.TestApp;

/**
 * An NGO editor adds a data constraint as a SHACL shape in an ontology draft; once published,
 * uploads that break it are refused on the line and column it names, with the shape's message — and
 * a shape of severity sh:Warning warns instead. No Java involved.
 */
class UploadShapesIT {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("LIBERTAS_NGO_PUBLISHER_TENANTS", "ngo-lab"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static final String SHAPES =
      "PREFIX lbt: <https://w3id.org/libertas/ns#>\n"
          + "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
          + "PREFIX shape: <https://w3id.org/libertas/shape/>\n"
          + "INSERT DATA {\n"
          + "  shape:RegistrationNumber a sh:NodeShape ; sh:targetClass lbt:Supplier ;\n"
          + "    sh:property [ sh:path lbt:registrationId ; sh:pattern \"^[0-9A-Z-]+$\" ;\n"
          + "      sh:message \"registration_id has digits, capital letters and hyphens only\"@en ] .\n"
          + "  shape:AddressGiven a sh:NodeShape ; sh:targetClass lbt:Supplier ;\n"
          + "    sh:property [ sh:path lbt:address ; sh:minCount 1 ; sh:severity sh:Warning ;\n"
          + "      sh:message \"a supplier without an address cannot be visited\"@en ] .\n"
          + "}";

  @Test
  void aShapePublishedInADraftRefusesTheUploadsThatBreakIt() {
    String auditor = app.tenantWithKey("shaped", "auditor");
    String ngo = app.key("shaped", "ngo-editor");
    String file =
        "supplier_id,name,country,registration_id,address\n"
            + "R1,Andes Metals,PE,20100047218,Av. Argentina 1500\n"
            + "R2,Cusco Textiles,PE,ruc 2045 x,\n";
    JsonNode before = app.upload(auditor, "suppliers", file);
    assertThat(before.get("status").asText()).as(before.toString()).isEqualTo("succeeded");

    TestApp.Response d =
        app.post(
            "/v1/ontology/drafts",
            ngo,
            "application/sparql-update",
            SHAPES.getBytes(StandardCharsets.UTF_8));
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    assertThat(d.json().get("valid").asBoolean()).as(d.body()).isTrue();
    TestApp.Response p =
        app.post(
            "/v1/ontology/drafts/" + d.json().get("id").asText() + "/publish",
            ngo,
            null,
            new byte[0]);
    assertThat(p.status()).as(p.body()).isEqualTo(202);
    app.awaitImpact(ngo, p.json().get("version").asInt());

    TestApp.Response r =
        app.postCsv(
            "/v1/uploads?kind=suppliers",
            auditor,
            file.replace("registration_id", "Registration Number"));
    JsonNode after = app.awaitUpload(auditor, r.header("Location"));
    assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("failed");
    JsonNode error = after.get("errors").get(0);
    assertThat(error.get("line").asInt()).isEqualTo(3);
    assertThat(error.get("column").asText()).isEqualTo("Registration Number");
    assertThat(error.get("code").asText()).isEqualTo("shape-pattern");
    assertThat(error.get("message").asText()).contains("capital letters");
    assertThat(after.get("errors").size()).isEqualTo(1);

    JsonNode fixed = app.upload(auditor, "suppliers", file.replace("ruc 2045 x", "20450012345"));
    assertThat(fixed.get("status").asText()).as(fixed.toString()).isEqualTo("succeeded");
    assertThat(fixed.toString()).contains("shape-mincount").contains("cannot be visited");
  }
}
