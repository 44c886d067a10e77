package dev.syncmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /cluster} lists the sessions in flight: a session held inside a phase by the chaos
 * delay shows up with that phase, moves on to the next held phase, and is gone once it ended.
 */
class ClusterSessionsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path data;

  @Test
  void aSessionInFlightIsListedWithItsPhaseUntilItEnds() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.chaos.phase-delay", "fetch:2500,merge:2500");
    try (SyncMeshNode node = SyncMeshNode.start(NodeConfig.load(settings))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.remote("a", "r", "b");
      api.put("b", "tasks/1", "{\"v\":1}");
      assertThat(api.get("/cluster").path("sessions")).isEmpty();

      String sessionId =
          api.expect(202, "POST", "/peers/a/sync", "{\"remote\":\"r\",\"wait\":false}")
              .path("sessionId")
              .asText();
      String self = api.get("/cluster").path("self").asText();
      JsonNode fetching = await().atMost(DEADLINE).until(() -> session(api, sessionId), s -> s != null);
      assertThat(fetching.path("peer").asText()).isEqualTo("a");
      assertThat(fetching.path("remote").asText()).isEqualTo("r");
      assertThat(fetching.path("phase").asText()).isEqualTo("fetch");
      assertThat(api.get("/cluster").path("peers").path("a").asText()).isEqualTo(self);

      await()
          .atMost(DEADLINE)
          .until(() -> session(api, sessionId), s -> s != null && s.path("phase").asText().equals("merge"));
      await().atMost(DEADLINE).until(() -> session(api, sessionId) == null);
      JsonNode result = api.get("/peers/a/sync/sessions/" + sessionId);
      assertThat(result.path("outcome").asText()).isEqualTo("FAST_FORWARD");
      assertThat(api.get("/cluster").path("sessions")).isEmpty();
    }
  }

  /** The session as {@code /cluster} lists it, or null when it is not listed. */
  private static JsonNode session(MeshApi api, String sessionId) {
    for (JsonNode session : api.get("/cluster").path("sessions")) {
      if (session.path("sessionId").asText().equals(sessionId)) {
        return session;
      }
    }
    return null;
  }
}
