package dev.syncmesh.peer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** An actor system for entity tests: local, in-memory persistence, the node's serialization. */
final class PeerTestConfig {
  private PeerTestConfig() {}

  static Config config() {
    return ConfigFactory.parseString(
            "pekko.actor.provider = local\n"
                + "pekko.remote.artery.enabled = off\n"
                + "pekko.loglevel = WARNING\n")
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.parseResources("serialization.conf"))
        .withFallback(ConfigFactory.load());
  }

  /** A lane for entity tests; their peers have no reachable remotes. */
  static PeerEntity.Lane lane(
      dev.syncmesh.protocol.store.ObjectStore store,
      Workspace workspace,
      java.util.concurrent.Executor blocking,
      org.apache.pekko.actor.typed.ActorRef<dev.syncmesh.cluster.SessionRegistry.Command> sessions) {
    dev.syncmesh.store.StagedObjectStore staged = new dev.syncmesh.store.StagedObjectStore(store);
    dev.syncmesh.sync.SyncKit sync =
        new dev.syncmesh.sync.SyncKit(
            (peer, remote) -> new dev.syncmesh.sync.UnavailableLink("no remotes in entity tests"),
            new dev.syncmesh.sync.SyncMerger(
                staged,
                new dev.syncmesh.tree.ProllyTree(staged),
                new dev.syncmesh.history.CommitGraph(staged),
                java.time.Clock.systemUTC()),
            blocking,
            dev.syncmesh.sync.SyncSettings.fromConfig(ConfigFactory.load()));
    return new PeerEntity.Lane(workspace, blocking, settings(), sync, sessions, new MemoryWakeList());
  }

  static PeerSettings settings() {
    return new PeerSettings(
        5, 256, 1024, java.time.Duration.ofSeconds(5), 4, java.time.Duration.ofMinutes(2),
        java.time.Duration.ofSeconds(5), new PeerSettings.Caches(1L << 20, 1L << 20, 1024));
  }
}
