package dev.syncmesh.node;

import static dev.syncmesh.node.TestNodes.get;
import static dev.syncmesh.node.TestNodes.json;
import static dev.syncmesh.node.TestNodes.postJson;
import static dev.syncmesh.node.TestNodes.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a node must do on every database: start, become ready, keep its journal across restarts. */
abstract class NodeLifecycleContract {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The configuration of the node under test; the same for both of its lives. */
  abstract Config config();

  @Test
  void startsReadyAndReplaysItsJournalAfterARestart() {
    Config config = config();
    String id = "counter-" + UUID.randomUUID();
    try (SyncMeshNode node = SyncMeshNode.start(config, List.of(new TestFeature()))) {
      URI management = node.managementUri();
      await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 200);
      assertThat(status(management.resolve("/alive"))).isEqualTo(200);
      assertThat(TestNodes.isUp(node, node.settings().selfAddress())).isTrue();

      URI counter = node.httpBaseUri().resolve("/api/counters/" + id);
      assertThat(json(postJson(counter, "{\"amount\":2}")).path("value").asInt()).isEqualTo(2);
      HttpResponse<String> added = postJson(counter, "{\"amount\":3}");
      assertThat(added.statusCode()).isEqualTo(200);
      assertThat(json(added).path("value").asInt()).isEqualTo(5);
    }

    Counter.recovered.remove(id);
    try (SyncMeshNode node = SyncMeshNode.start(config, List.of(new TestFeature()))) {
      // Sharding remembers no entities: the first command starts the entity, replaying its events.
      URI counter = node.httpBaseUri().resolve("/api/counters/" + id);
      assertThat(Counter.recovered).doesNotContainKey(id);
      assertThat(json(get(counter)).path("value").asInt()).isEqualTo(5);
      assertThat(Counter.recovered.get(id)).isEqualTo(5);
      assertThat(json(postJson(counter, "{\"amount\":1}")).path("value").asInt()).isEqualTo(6);
    }
  }
}
