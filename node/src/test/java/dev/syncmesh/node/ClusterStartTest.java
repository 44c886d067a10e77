package dev.syncmesh.node;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Three nodes starting at once on one fresh MariaDB database form one cluster. */
class ClusterStartTest {

  @Test
  void threeNodesStartingAtOnceShareTheJournalAndFormACluster() throws Exception {
    try (TestMariaDb database = TestMariaDb.create()) {
      List<Map<String, Object>> settings = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Map<String, Object> node = TestNodes.ports();
        node.put("syncmesh.db.url", database.url());
        node.put("syncmesh.db.user", database.user());
        node.put("syncmesh.db.password", database.password());
        settings.add(node);
      }
      String seed = "127.0.0.1:" + settings.get(0).get("syncmesh.remoting.port");
      settings.forEach(node -> node.put("syncmesh.seed-nodes", seed));

      ExecutorService starter = Executors.newFixedThreadPool(3);
      List<SyncMeshNode> nodes = new ArrayList<>();
      try {
        List<Future<SyncMeshNode>> starting = new ArrayList<>();
        for (Map<String, Object> node : settings) {
          Config config = NodeConfig.load(node);
          starting.add(starter.submit(() -> SyncMeshNode.start(config, List.of(new TestFeature()))));
        }
        ExecutionException failure = null;
        for (Future<SyncMeshNode> node : starting) {
          try {
            nodes.add(node.get());
          } catch (ExecutionException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
        SyncMeshNode first = nodes.get(0);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> nodes.stream().allMatch(n -> TestNodes.isUp(first, n.settings().selfAddress())));
        for (SyncMeshNode node : nodes) {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> TestNodes.status(node.managementUri().resolve("/ready")) == 200);
        }
      } finally {
        nodes.forEach(SyncMeshNode::close);
        starter.shutdownNow();
      }
    }
  }
}
