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

  static PeerSettings settings() {
    return new PeerSettings(5, 256, java.time.Duration.ofSeconds(5), 4);
  }
}
