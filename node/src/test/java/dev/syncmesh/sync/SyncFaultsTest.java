package dev.syncmesh.sync;

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

/** Faults that need time to happen in: a remote that moves during a session, a phase too slow. */
class SyncFaultsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path data;

  @Test
  void waitingWithFollowUpsAnswersWithTheWholeChainLinkedByFollowUpOf() throws Exception {
    try (SyncMeshNode node = SyncMeshNode.start(config(Map.of("syncmesh.chaos.phase-delay", "merge:1500")))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.remote("a", "r", "b");
      api.put("a", "t/1", "{\"v\":1}");
      java.util.concurrent.CompletableFuture<JsonNode> answer =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> api.ok("POST", "/peers/a/sync", "{\"remote\":\"r\",\"wait\":true,\"followUp\":true}"));
      await().atMost(DEADLINE).until(() -> merging(api));
      api.put("b", "t/2", "{\"moved\":true}"); // the remote moves while the merge is held

      JsonNode chained = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(chained.path("pushError").path("kind").asText()).as(chained.toString()).isEqualTo("NON_FAST_FORWARD");
      assertThat(chained.path("followUpNeeded").asBoolean()).isTrue();
      JsonNode followUps = chained.path("followUps");
      assertThat(followUps.size()).isEqualTo(1);
      JsonNode second = followUps.get(0);
      assertThat(second.path("followUpOf").asText()).isEqualTo(chained.path("sessionId").asText());
      assertThat(second.path("outcome").asText()).isEqualTo("MERGED");
      assertThat(second.path("pushed").asBoolean()).isTrue();
      assertThat(api.head("b")).isEqualTo(api.head("a"));
      JsonNode history = api.get("/peers/a/sync/history").path("results");
      assertThat(history.get(0).path("followUpOf").asText()).isEqualTo(chained.path("sessionId").asText());
    }
  }

  /** Whether a session of peer {@code a} has fetched and is in its (held) merge phase. */
  private static boolean merging(MeshApi api) {
    for (JsonNode session : api.get("/cluster").path("sessions")) {
      if (session.path("peer").asText().equals("a") && session.path("phase").asText().equals("merge")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aRemoteThatMovedDuringTheSessionRefusesThePushAndAFollowUpSyncLandsIt() {
    try (SyncMeshNode node = SyncMeshNode.start(config(Map.of("syncmesh.chaos.phase-delay", "merge:1500")))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.remote("a", "r", "b");
      api.put("a", "t/1", "{\"v\":1}");
      String first =
          api.expect(202, "POST", "/peers/a/sync", "{\"remote\":\"r\",\"wait\":false,\"followUp\":true}")
              .path("sessionId")
              .asText();
      await()
          .atMost(DEADLINE)
          .until(() -> api.get("/peers/a/sync/sessions/" + first).path("fetched").asBoolean());
      api.put("b", "t/2", "{\"moved\":true}"); // the remote moves while the merge is held

      JsonNode refused =
          await()
              .atMost(DEADLINE)
              .until(
                  () -> api.get("/peers/a/sync/sessions/" + first),
                  r -> !r.path("outcome").asText().equals("RUNNING"));
      assertThat(refused.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
      assertThat(refused.path("pushed").asBoolean()).isFalse();
      assertThat(refused.path("pushError").path("kind").asText()).isEqualTo("NON_FAST_FORWARD");
      assertThat(refused.path("followUpNeeded").asBoolean()).isTrue();

      await()
          .atMost(DEADLINE)
          .until(() -> api.get("/peers/a/sync/history").path("results"),
              results -> results.size() >= 2 && results.get(0).path("pushed").asBoolean());
      JsonNode followUp = api.get("/peers/a/sync/history").path("results").get(0);
      assertThat(followUp.path("outcome").asText()).isEqualTo("MERGED");
      assertThat(followUp.path("followUpNeeded").asBoolean()).isFalse();
      assertThat(api.head("b")).isEqualTo(api.head("a"));
      assertThat(api.record("a", "t/2")).isEqualTo("{\"moved\":true}");
      assertThat(api.record("b", "t/1")).isEqualTo("{\"v\":1}");
    }
  }

  @Test
  void aPhaseWhoseActorCrashesEndsTheSessionWithAnInternalError() {
    try (SyncMeshNode node = SyncMeshNode.start(config(Map.of("syncmesh.chaos.phase-crash", "merge")))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.remote("a", "r", "b");
      api.put("a", "t/1", "{\"v\":1}");
      api.put("b", "t/2", "{\"v\":2}");
      for (int attempt = 0; attempt < 2; attempt++) {
        // Ended, not stuck, and the next session is not blocked by the first.
        JsonNode result = api.sync("a", "r", null);
        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("FAILED");
        assertThat(result.path("error").path("kind").asText()).isEqualTo("INTERNAL");
        assertThat(result.path("error").path("phase").asText()).isEqualTo("merge");
        assertThat(result.path("error").path("message").asText()).contains("merge phase failed");
      }
      assertThat(api.get("/cluster").path("sessions")).isEmpty();
      assertThat(api.record("a", "t/2")).isNull();
    }
  }

  @Test
  void aPhaseThatTakesTooLongFailsTheSessionWithATimeout() {
    try (SyncMeshNode node =
        SyncMeshNode.start(
            config(Map.of("syncmesh.chaos.phase-delay", "fetch:5000", "syncmesh.sync.phase-timeout", "1s")))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.remote("a", "r", "b");
      api.put("b", "t/1", "{}");
      JsonNode result = api.sync("a", "r", null);
      assertThat(result.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(result.path("error").path("kind").asText()).isEqualTo("TIMEOUT");
      assertThat(result.path("error").path("phase").asText()).isEqualTo("fetch");
      assertThat(result.path("fetched").asBoolean()).isFalse();
      assertThat(api.head("a")).isNull();
      // a timed-out session is over: the next one may start (and times out the same way)
      assertThat(api.sync("a", "r", null).path("sessionId").asText())
          .isNotEqualTo(result.path("sessionId").asText());
    }
  }

  private com.typesafe.config.Config config(Map<String, String> extra) {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.putAll(extra);
    return NodeConfig.load(settings);
  }
}
