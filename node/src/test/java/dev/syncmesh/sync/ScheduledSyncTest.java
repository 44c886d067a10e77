package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote with {@code syncEverySeconds} syncs by itself, and keeps doing so after the node
 * restarts: the peer comes back without any request for it (woken from the wake list).
 */
class ScheduledSyncTest {
  private static final Duration DEADLINE = Duration.ofSeconds(45);

  @TempDir Path data;

  @Test
  void aScheduleSyncsByItselfAndSurvivesARestart() {
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.h2(data))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("a");
      api.createPeer("b");
      api.ok("PUT", "/peers/a/remotes/r", "{\"peer\":\"b\",\"syncEverySeconds\":1}");
      api.put("b", "t/1", "{\"v\":1}");
      await().atMost(DEADLINE).until(() -> "{\"v\":1}".equals(api.record("a", "t/1")));
      assertThat(api.get("/peers/a/sync/history").path("results").get(0).path("strategy").isNull())
          .isTrue();
    }
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.h2(data))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.put("b", "t/2", "{\"v\":2}");
      // No request names a: it must be running again by itself.
      await()
          .atMost(DEADLINE)
          .until(() -> api.get("/cluster").path("peers").has("a"));
      await().atMost(DEADLINE).until(() -> "{\"v\":2}".equals(api.record("a", "t/2")));
      api.ok("PUT", "/peers/a/remotes/r", "{\"syncEverySeconds\":null}");
      int sessions = api.get("/peers/a/sync/history?limit=1000").path("results").size();
      await()
          .pollDelay(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> api.get("/peers/a/sync/history?limit=1000").path("results").size() <= sessions + 1);
    }
  }
}
