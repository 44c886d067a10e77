package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle peers passivate and come back on their next command; a peer with a schedule is on the wake
 * list, so it keeps running while the others passivate, and after a restart it is the only peer
 * the node starts by itself (with the peer its sessions sync with).
 */
class PassivationTest {
  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final int IDLE_PEERS = 40;

  @TempDir Path data;

  private Config config() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.peer.passivate-after", "2s");
    settings.put("syncmesh.peer.wake-every", "500ms");
    return NodeConfig.load(settings);
  }

  @Test
  void idlePeersPassivateWhileScheduledPeersRunAndOnlyTheseStartAfterARestart() {
    List<String> idle = IntStream.range(0, IDLE_PEERS).mapToObj(i -> "idle-" + i).toList();
    try (SyncMeshNode node = SyncMeshNode.start(config())) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      for (String peer : idle) {
        api.createPeer(peer);
        api.put(peer, "issues/r1", "{\"peer\":\"" + peer + "\"}");
      }
      api.createPeer("a");
      api.createPeer("b");
      api.ok("PUT", "/peers/a/remotes/r", "{\"peer\":\"b\",\"syncEverySeconds\":1}");

      await().atMost(DEADLINE).until(() -> running(api).stream().noneMatch(idle::contains));
      // The scheduled peer outlived the idle time of the others, and its schedule still runs.
      assertThat(running(api)).contains("a");
      int synced = history(api, "a");
      await().atMost(DEADLINE).until(() -> history(api, "a") >= synced + 3);

      // A passivated peer comes back on its next command, with everything it had.
      for (String peer : idle) {
        assertThat(api.record(peer, "issues/r1")).isEqualTo("{\"peer\":\"" + peer + "\"}");
      }
      api.put("idle-0", "issues/r2", "{\"again\":true}");
      assertThat(api.record("idle-0", "issues/r2")).isEqualTo("{\"again\":true}");
      api.put("b", "t/1", "{\"v\":1}");
      await().atMost(DEADLINE).until(() -> "{\"v\":1}".equals(api.record("a", "t/1")));
    }

    try (SyncMeshNode node = SyncMeshNode.start(config())) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      // No request names a: the waker starts it, and only it (b is started by a's sessions).
      await().atMost(DEADLINE).until(() -> running(api).contains("a"));
      int synced = history(api, "a");
      await().atMost(DEADLINE).until(() -> history(api, "a") >= synced + 2);
      assertThat(running(api)).isSubsetOf(Set.of("a", "b"));
      api.ok("PUT", "/peers/a/remotes/r", "{\"syncEverySeconds\":null}");
      // With no schedule left, a leaves the wake list and passivates like any other peer.
      await().atMost(DEADLINE).until(() -> !running(api).contains("a"));
      assertThat(api.record("idle-7", "issues/r1")).isEqualTo("{\"peer\":\"idle-7\"}");
    }
  }

  private static Set<String> running(MeshApi api) {
    Set<String> peers = new TreeSet<>();
    api.get("/cluster").path("peers").fieldNames().forEachRemaining(peers::add);
    return peers;
  }

  private static int history(MeshApi api, String peer) {
    JsonNode results = api.get("/peers/" + peer + "/sync/history?limit=1000").path("results");
    List<JsonNode> all = new ArrayList<>();
    results.forEach(all::add);
    return all.size();
  }
}
