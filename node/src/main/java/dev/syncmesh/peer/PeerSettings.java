package dev.syncmesh.peer;

import com.typesafe.config.Config;
import java.time.Duration;

/** The peer's tuning, from {@code syncmesh.peer} (peer.conf). */
public record PeerSettings(
    int snapshotEvery,
    int maxBatch,
    int maxQueued,
    Duration askTimeout,
    int storePoolSize,
    Duration passivateAfter,
    Duration wakeEvery,
    Caches caches) {
  /** Listed peers woken at once by the waker. */
  private static final int WAKE_PARALLELISM = 32;

  private static final Duration WAKE_ANSWER = Duration.ofSeconds(3);

  public static final String BLOCKING_DISPATCHER = "syncmesh.blocking-dispatcher";

  public PeerSettings {
    if (snapshotEvery < 1 || maxBatch < 1 || maxQueued < 1 || storePoolSize < 1) {
      throw new IllegalArgumentException("syncmesh.peer settings must be positive");
    }
    if (wakeEvery.isNegative() || wakeEvery.isZero() || wakeEvery.compareTo(passivateAfter) >= 0) {
      throw new IllegalArgumentException(
          "syncmesh.peer.wake-every (" + wakeEvery + ") must be positive and shorter than"
              + " syncmesh.peer.passivate-after (" + passivateAfter + ")");
    }
  }

  /**
   * The waker's settings. A wake not answered within 3 s (a lost one, or a peer with a long
   * journal to replay) counts as unanswered and is sent again next round.
   */
  public PeerWaker.Settings waker() {
    Duration answerWithin = askTimeout.compareTo(WAKE_ANSWER) < 0 ? askTimeout : WAKE_ANSWER;
    return new PeerWaker.Settings(wakeEvery, answerWithin, WAKE_PARALLELISM);
  }

  public static PeerSettings fromConfig(Config config) {
    Config peer = config.getConfig("syncmesh.peer");
    return new PeerSettings(
        peer.getInt("snapshot-every"),
        peer.getInt("max-batch"),
        peer.getInt("max-queued"),
        peer.getDuration("ask-timeout"),
        peer.getInt("store-pool-size"),
        peer.getDuration("passivate-after"),
        peer.getDuration("wake-every"),
        new Caches(
            peer.getBytes("cache.objects"),
            peer.getBytes("cache.commits"),
            peer.getInt("cache.tree-nodes")));
  }

  /**
   * The node's caches, shared by all its peers ({@code syncmesh.peer.cache}).
   *
   * @param objectBytes the heap stored objects may take in the object store's cache
   * @param commitBytes the heap decoded commits may take
   * @param treeNodes decoded tree nodes kept
   */
  public record Caches(long objectBytes, long commitBytes, int treeNodes) {
    public Caches {
      if (objectBytes < 0 || commitBytes < 0 || treeNodes < 0) {
        throw new IllegalArgumentException("syncmesh.peer.cache sizes must not be negative");
      }
    }
  }
}
