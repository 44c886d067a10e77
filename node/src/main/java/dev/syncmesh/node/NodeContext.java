package dev.syncmesh.node;

import dev.syncmesh.store.DatabaseSettings;
import org.apache.pekko.actor.typed.ActorSystem;

/** What a starting feature may use: the running actor system and the node's settings. */
public record NodeContext(ActorSystem<Void> system, NodeSettings settings, DatabaseSettings database) {

  /**
   * The node's readiness: a feature that opens a pool of its own on the database watches it here
   * ({@code node.readiness().watch("object store's database", database)}), so that {@code /ready}
   * fails while that pool cannot reach the database.
   */
  public NodeReadiness readiness() {
    return NodeReadiness.get(system);
  }
}
