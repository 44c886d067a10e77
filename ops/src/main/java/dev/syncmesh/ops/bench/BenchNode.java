package dev.syncmesh.ops.bench;

import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.store.DatabaseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** The configuration of a node that a benchmark runs in its own process, on free ports. */
final class BenchNode {
  private BenchNode() {}

  static com.typesafe.config.Config config(DatabaseSettings database) throws IOException {
    return config(database, Map.of());
  }

  /** The same, with some settings of {@code syncmesh.*} (or Pekko) replaced. */
  static com.typesafe.config.Config config(DatabaseSettings database, Map<String, ?> overrides)
      throws IOException {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("syncmesh.http.port", freePort());
    settings.put("syncmesh.management.port", freePort());
    settings.put("syncmesh.remoting.port", freePort());
    settings.put("syncmesh.seed-nodes", "");
    settings.put("syncmesh.api-token", "");
    settings.put("syncmesh.db.url", database.url());
    settings.put("syncmesh.db.user", database.user());
    settings.put("syncmesh.db.password", database.password());
    return NodeConfig.load(settings);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
