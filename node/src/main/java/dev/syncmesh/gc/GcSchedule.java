package dev.syncmesh.gc;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The mesh's periodic collection: a cluster singleton (on the oldest member) that asks its node's
 * {@link GcService} for a collection every {@code syncmesh.gc.every}, the first one at most ten
 * minutes after it starts. A collection still running when the next is due is joined, not doubled.
 */
public final class GcSchedule {
  private static final Duration FIRST_AT_MOST = Duration.ofMinutes(10);

  private enum Tick {
    INSTANCE
  }

  private GcSchedule() {}

  /** Starts the schedule unless {@code every} is zero. */
  public static void init(ActorSystem<?> system, GcService service) {
    Duration every = service.settings().every();
    if (every.isZero()) {
      return;
    }
    Duration first = every.compareTo(FIRST_AT_MOST) < 0 ? every : FIRST_AT_MOST;
    Behavior<Tick> behavior =
        Behaviors.withTimers(
            timers -> {
              timers.startTimerWithFixedDelay(Tick.INSTANCE, first, every);
              return Behaviors.receiveMessage(
                  tick -> {
                    service.collect();
                    return Behaviors.same();
                  });
            });
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                Behaviors.supervise(behavior).onFailure(SupervisorStrategy.restart()),
                "syncmesh-gc"));
  }
}
