package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.testing.MeshApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node process with {@code SYNCMESH_LOG_FORMAT=json} writes one JSON object a line (logback's
 * JsonEncoder) and the lines about a peer carry it in their context: the peer's own lines its name,
 * a session's lines also the remote, the session id and the phase.
 */
class JsonLogsProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineIsJsonAndASessionsLinesNameTheirPeerAndSession() throws Exception {
    try (MeshHarness mesh =
        MeshHarness.builder()
            .nodes(1)
            .embedded()
            .env("SYNCMESH_LOG_FORMAT", "json")
            .env("SYNCMESH_CHAOS_PHASE_DELAY", "merge:200")
            .start()) {
      mesh.awaitUp(Duration.ofSeconds(90));
      MeshApi api = new MeshApi(mesh.node(0).baseUri());
      api.pair("a", "b");
      api.put("a", "t/1", "{\"v\":1}");
      String session = api.sync("a", "r", null).path("sessionId").asText();

      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(mesh.node(0).logFile(), StandardCharsets.UTF_8)) {
        if (!line.startsWith("=== harness")) {
          lines.add(JSON.readTree(line)); // throws on any line that is not JSON
        }
      }
      assertThat(lines).isNotEmpty().allMatch(line -> line.has("timestamp") && line.has("level") && line.has("formattedMessage"));
      JsonNode held =
          lines.stream()
              .filter(line -> line.path("formattedMessage").asText().startsWith("chaos: holding merge of session " + session))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no chaos line among: "
                              + lines.stream().map(line -> line.path("formattedMessage").asText()).toList()));
      JsonNode context = held.path("mdc");
      assertThat(context.path("peer").asText()).isEqualTo("a");
      assertThat(context.path("remote").asText()).isEqualTo("r");
      assertThat(context.path("session").asText()).isEqualTo(session);
      assertThat(context.path("phase").asText()).isEqualTo("merge");
    }
  }
}
