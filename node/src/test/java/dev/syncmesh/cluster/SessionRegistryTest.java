package dev.syncmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.syncmesh.cluster.ClusterOverview.SessionView;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry lists what each peer last reported, and forgets a peer when its entity stops here
 * or reports no sessions; a newer entity of the same peer replaces the older one.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class SessionRegistryTest {
  @JUnit5TestKit
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(ConfigFactory.parseString("pekko.actor.provider = local"))
          .build();

  @Test
  void listsReportedSessionsUntilTheirPeerStopsOrReportsNone() {
    ActorRef<SessionRegistry.Command> registry = testKit.spawn(SessionRegistry.create(new dev.syncmesh.sync.SessionMeters(java.time.Clock.systemUTC())));
    TestProbe<Object> a = testKit.createTestProbe();
    TestProbe<Object> b = testKit.createTestProbe();
    SessionView fetching = new SessionView("a", "r", "s1", "fetch", null);
    SessionView merging = new SessionView("b", "r", "s2", "merge", null);
    registry.tell(new SessionRegistry.Report("a", a.ref(), List.of(fetching)));
    registry.tell(new SessionRegistry.Report("b", b.ref(), List.of(merging)));
    assertThat(snapshot(registry)).containsExactlyInAnyOrder(fetching, merging);

    SessionView pushing = new SessionView("b", "r", "s2", "push", null);
    registry.tell(new SessionRegistry.Report("b", b.ref(), List.of(pushing)));
    assertThat(snapshot(registry)).containsExactlyInAnyOrder(fetching, pushing);

    a.stop();
    testKit.createTestProbe().awaitAssert(() -> assertThat(snapshot(registry)).containsExactly(pushing));

    registry.tell(new SessionRegistry.Report("b", b.ref(), List.of()));
    assertThat(snapshot(registry)).isEmpty();

    TestProbe<Object> older = testKit.createTestProbe();
    TestProbe<Object> newer = testKit.createTestProbe();
    registry.tell(new SessionRegistry.Report("c", older.ref(), List.of(new SessionView("c", "r", "s3", "fetch", null))));
    SessionView resumed = new SessionView("c", "r", "s3", "merge", null);
    registry.tell(new SessionRegistry.Report("c", newer.ref(), List.of(resumed)));
    older.stop();
    testKit.createTestProbe().expectNoMessage(Duration.ofMillis(300)); // time for a stale watch to fire
    assertThat(snapshot(registry)).containsExactly(resumed);
  }

  private List<SessionView> snapshot(ActorRef<SessionRegistry.Command> registry) {
    TestProbe<SessionRegistry.Sessions> reply = testKit.createTestProbe();
    registry.tell(new SessionRegistry.Snapshot(reply.ref()));
    return reply.receiveMessage().sessions();
  }
}
