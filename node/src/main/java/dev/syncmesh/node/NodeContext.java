package dev.syncmesh.node;

import dev.syncmesh.store.DatabaseSettings;
import org.apache.pekko.actor.typed.ActorSystem;

/** What a starting feature may use: the running actor system and the node's settings. */
public record NodeContext(ActorSystem<Void> system, NodeSettings settings, DatabaseSettings database) {}
