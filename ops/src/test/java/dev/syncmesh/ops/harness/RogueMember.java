package dev.syncmesh.ops.harness;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.pattern.Patterns;

/**
 * A process that tries to get into a mesh's cluster from outside: it joins the seed node and asks
 * the seed's cluster daemon who it is (an {@code Identify}, the simplest message any actor
 * answers). Each second it prints {@code joined} once it is an Up member and {@code answered}
 * once the seed answered; after the time given it prints {@code done} and exits.
 *
 * <p>Arguments: {@code <seed host:port> <seconds> tcp} (no TLS) or {@code <seed host:port>
 * <seconds> tls <key store> <trust store> <password>}.
 */
public final class RogueMember {
  private RogueMember() {}

  public static void main(String[] args) throws Exception {
    String seed = args[0];
    Duration time = Duration.ofSeconds(Integer.parseInt(args[1]));
    Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.actor.provider", "cluster");
    settings.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    settings.put("pekko.remote.artery.canonical.port", 0);
    settings.put("pekko.cluster.jmx.enabled", "off");
    settings.put("pekko.loglevel", "WARNING");
    // Pekko refuses a joining node whose settings differ from the cluster's (its downing provider,
    // say); a rogue would not be stopped by that, so neither is this one.
    settings.put("pekko.cluster.configuration-compatibility-check.enforce-on-join", "off");
    if (args[2].equals("tls")) {
      String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
      settings.put("pekko.remote.artery.transport", "tls-tcp");
      settings.put(engine + "key-store", args[3]);
      settings.put(engine + "trust-store", args[4]);
      settings.put(engine + "key-store-password", args[5]);
      settings.put(engine + "key-password", args[5]);
      settings.put(engine + "trust-store-password", args[5]);
    } else {
      settings.put("pekko.remote.artery.transport", "tcp");
    }
    Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.defaultReference());
    ActorSystem system = ActorSystem.create("syncmesh", config);
    Address seedAddress = AddressFromURIString.parse("pekko://syncmesh@" + seed);
    Cluster cluster = Cluster.get(system);
    cluster.joinSeedNodes(List.of(seedAddress));
    long deadline = System.nanoTime() + time.toNanos();
    boolean answered = false;
    while (System.nanoTime() < deadline) {
      if (!answered) {
        CompletionStage<Object> reply =
            Patterns.ask(
                system.actorSelection(seedAddress + "/system/cluster/core/daemon"),
                new Identify("rogue"),
                Duration.ofSeconds(1));
        try {
          Object identity = reply.toCompletableFuture().get();
          answered = identity instanceof ActorIdentity id && id.getActorRef().isPresent();
        } catch (Exception noAnswer) {
          // not this second
        }
      } else {
        Thread.sleep(1_000);
      }
      boolean joined = cluster.selfMember().status() == MemberStatus.up();
      System.out.println((joined ? "joined " : "") + (answered ? "answered" : "waiting"));
      System.out.flush();
    }
    System.out.println("done");
    System.out.flush();
    system.terminate();
    System.exit(0);
  }
}
