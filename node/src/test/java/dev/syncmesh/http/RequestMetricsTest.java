package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The route label of the request metrics keeps every word of every route the API documents (the
 * OpenAPI document's paths), and only those: values become {@code *}, so a label never carries a
 * peer's name or a record's key and the number of labels stays bounded.
 */
class RequestMetricsTest {

  @Test
  void everyDocumentedRouteHasALabelOfItsOwnWords() throws Exception {
    JsonNode document;
    try (InputStream in = RequestMetricsTest.class.getResourceAsStream("/openapi/syncmesh-openapi.json")) {
      document = new ObjectMapper().readTree(in);
    }
    List<String> templates = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(templates::add);
    assertThat(templates).hasSizeGreaterThan(30);
    for (String template : templates) {
      String full = template;
      String request = full.replaceAll("\\{[^}]+}", "some-value");
      String expected = full.replaceAll("\\{[^}]+}", "*");
      if (expected.split("/").length - 1 > 6) {
        expected = String.join("/", List.of(expected.split("/")).subList(0, 7)) + "/...";
      }
      assertThat(RequestMetrics.route(request)).as(template).isEqualTo(expected);
    }
    assertThat(RequestMetrics.route("/api/peers/secret-name/records/k")).isEqualTo("/api/peers/*/records/*");
  }
}
