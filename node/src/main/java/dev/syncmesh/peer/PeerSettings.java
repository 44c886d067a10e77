package dev.syncmesh.peer;

import com.typesafe.config.Config;
import java.time.Duration;

/** The peer's tuning, from {@code syncmesh.peer} (peer.conf). */
public record PeerSettings(
    int snapshotEvery, int maxBatch, int maxQueued, Duration askTimeout, int storePoolSize) {
  public static final String BLOCKING_DISPATCHER = "syncmesh.blocking-dispatcher";

  public PeerSettings {
    if (snapshotEvery < 1 || maxBatch < 1 || maxQueued < 1 || storePoolSize < 1) {
      throw new IllegalArgumentException("syncmesh.peer settings must be positive");
    }
  }

  public static PeerSettings fromConfig(Config config) {
    Config peer = config.getConfig("syncmesh.peer");
    return new PeerSettings(
        peer.getInt("snapshot-every"),
        peer.getInt("max-batch"),
        peer.getInt("max-queued"),
        peer.getDuration("ask-timeout"),
        peer.getInt("store-pool-size"));
  }
}
