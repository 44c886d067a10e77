package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session held inside one phase (by {@code syncmesh.chaos.phase-delay}) while the whole actor
 * system stops; a new node on the same database resumes it from the first unfinished phase and it
 * completes exactly once: the right data, one merge commit, the push landed, {@code resumes >= 1}.
 */
abstract class SyncRecoveryContract {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path folder;

  abstract DatabaseSettings database(Path folder);

  abstract void drop(DatabaseSettings database);

  void resumesAfterAStopIn(SyncPhase phase) {
    DatabaseSettings database = database(folder);
    String sessionId;
    try {
      try (SyncMeshNode setup = SyncMeshNode.start(config(database, ""))) {
        MeshApi api = new MeshApi(setup.httpBaseUri());
        api.createPeer("a");
        api.createPeer("b");
        api.remote("a", "r", "b");
        api.put("a", "tasks/1", "{\"title\":\"base\",\"state\":\"open\"}");
        api.put("a", "tasks/2", "{\"n\":0}");
        api.ok("PUT", "/peers/b/remotes/r", "{\"peer\":\"a\"}");
        api.sync("b", "r", null);
        api.put("a", "tasks/1", "{\"title\":\"ours\",\"state\":\"open\"}");
        api.put("a", "tasks/3", "{\"from\":\"a\"}");
        api.put("b", "tasks/1", "{\"title\":\"theirs\",\"state\":\"done\"}");
        api.put("b", "tasks/4", "{\"from\":\"b\"}");
      }
      try (SyncMeshNode held = SyncMeshNode.start(config(database, phase.jsonName() + ":60000"))) {
        MeshApi api = new MeshApi(held.httpBaseUri());
        sessionId =
            api.expect(202, "POST", "/peers/a/sync", "{\"remote\":\"r\",\"strategy\":\"ours\",\"wait\":false}")
                .path("sessionId")
                .asText();
        await()
            .atMost(DEADLINE)
            .until(() -> runningPhase(api.get("/peers/a/sync/sessions/" + sessionId)), phase.jsonName()::equals);
        // The phase's work takes milliseconds; give it time so the stop lands in the delay.
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(api.get("/peers/a/sync/sessions/" + sessionId).path("outcome").asText())
            .isEqualTo("RUNNING");
      }
      try (SyncMeshNode resumed = SyncMeshNode.start(config(database, ""))) {
        MeshApi api = new MeshApi(resumed.httpBaseUri());
        JsonNode result =
            await()
                .atMost(DEADLINE)
                .until(
                    () -> api.get("/peers/a/sync/sessions/" + sessionId),
                    r -> !r.path("outcome").asText().equals("RUNNING"));
        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("MERGED");
        assertThat(result.path("resumes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.path("pushed").asBoolean()).isTrue();
        assertThat(result.path("conflictsResolved").asBoolean()).isTrue();
        assertThat(result.path("pulledCommits").asInt()).isEqualTo(2);
        assertThat(result.path("pushedCommits").asInt()).isEqualTo(3);
        assertThat(api.head("b")).isEqualTo(api.head("a"));
        assertThat(api.record("a", "tasks/1")).isEqualTo("{\"state\":\"done\",\"title\":\"ours\"}");
        assertThat(api.record("b", "tasks/3")).isEqualTo("{\"from\":\"a\"}");
        assertThat(api.record("a", "tasks/4")).isEqualTo("{\"from\":\"b\"}");
        JsonNode log = api.get("/peers/a/log?limit=100").path("commits");
        int merges = 0;
        for (JsonNode commit : log) {
          merges += commit.path("parents").size() == 2 ? 1 : 0;
        }
        assertThat(merges).as("merge commits").isEqualTo(1);
        assertThat(log.size()).as("commits: 2 base, 2 ours, 2 theirs, 1 merge").isEqualTo(7);
        assertThat(api.get("/peers/a/sync/history").path("results").size()).isEqualTo(1);
      }
    } finally {
      drop(database);
    }
  }

  private static String runningPhase(JsonNode session) {
    for (JsonNode phase : session.path("phases")) {
      if (phase.path("status").asText().equals("RUNNING")) {
        return phase.path("phase").asText();
      }
    }
    return "";
  }

  private static com.typesafe.config.Config config(DatabaseSettings database, String chaos) {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.db.url", database.url());
    settings.put("syncmesh.db.user", database.user());
    settings.put("syncmesh.db.password", database.password());
    settings.put("syncmesh.chaos.phase-delay", chaos);
    return NodeConfig.load(settings);
  }
}
