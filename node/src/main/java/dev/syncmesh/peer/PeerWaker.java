package dev.syncmesh.peer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Keeps the peers of the {@link WakeList} running, one per mesh (a cluster singleton): every
 * {@code every}, when it starts (a node start, or the singleton moving after a failover) and as soon
 * as a member is removed (then every second for a while), it sends each listed peer a {@link PeerCommand.Wake} through sharding.
 * That starts a peer that is not running (wherever its shard now lives), which resumes its
 * sessions and restarts its schedules on recovery; and since a wake counts as use, a listed peer is
 * never passivated as idle while {@code every} is shorter than the idle time. A peer that answers
 * idle is removed from the list (unless it listed itself again meanwhile).
 *
 * <p>Peers that are not listed are never started by the mesh: a node start costs in proportion to
 * the listed peers, and every other peer is started by the first command a client sends it.
 */
public final class PeerWaker {
  /**
   * How often listed peers are woken, how long one wake may take to be answered, and how many
   * are in flight at once.
   */
  public record Settings(Duration every, Duration answerWithin, int parallelism) {
    public Settings {
      if (every.isNegative() || every.isZero() || answerWithin.isNegative() || parallelism < 1) {
        throw new IllegalArgumentException("syncmesh.peer.wake-every must be positive");
      }
    }
  }

  /** What one round did. */
  record Round(int listed, int busy, int removed, int unanswered) {
    Round plus(Round other) {
      return new Round(
          listed + other.listed,
          busy + other.busy,
          removed + other.removed,
          unanswered + other.unanswered);
    }
  }

  sealed interface Message {}

  private enum Tick implements Message {
    INSTANCE
  }

  private record RoundEnded(Round round, Throwable error) implements Message {}

  private record MemberRemoved(ClusterEvent.MemberRemoved removed) implements Message {}

  private static final int PAGE = 1_000;
  /**
   * After a member is removed, rounds follow each other this closely for {@link #SETTLING}: a wake
   * sent while sharding still moves the dead member's shards can be lost, and its peer must not
   * wait a whole {@code every} for the next one.
   */
  private static final Duration SETTLING_ROUNDS = Duration.ofSeconds(1);

  private static final Duration SETTLING = Duration.ofSeconds(20);

  private final ActorContext<Message> context;
  private final TimerScheduler<Message> timers;
  private final WakeList list;
  private final Executor blocking;
  private final Settings settings;
  private final ClusterSharding sharding;
  private boolean running;
  /** A member was removed while a round ran: run another one as soon as it ends. */
  private boolean again;
  /** Until when rounds follow each other closely (System.nanoTime()), after a member's removal. */
  private long settlingUntil = System.nanoTime();

  private PeerWaker(
      ActorContext<Message> context,
      TimerScheduler<Message> timers,
      WakeList list,
      Executor blocking,
      Settings settings) {
    this.context = context;
    this.timers = timers;
    this.list = list;
    this.blocking = blocking;
    this.settings = settings;
    this.sharding = ClusterSharding.get(context.getSystem());
  }

  /** Runs the waker as this mesh's cluster singleton (started on the oldest member). */
  public static void init(
      ActorSystem<?> system, WakeList list, Executor blocking, Settings settings) {
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                Behaviors.supervise(create(list, blocking, settings))
                    .onFailure(SupervisorStrategy.restart()),
                "syncmesh-peer-waker"));
  }

  static Behavior<Message> create(WakeList list, Executor blocking, Settings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Cluster.get(context.getSystem())
                      .subscriptions()
                      .tell(
                          Subscribe.create(
                              context.messageAdapter(
                                  ClusterEvent.MemberRemoved.class, MemberRemoved::new),
                              ClusterEvent.MemberRemoved.class));
                  context.getSelf().tell(Tick.INSTANCE);
                  return new PeerWaker(context, timers, list, blocking, settings).waiting();
                }));
  }

  private Behavior<Message> waiting() {
    return Behaviors.receive(Message.class)
        .onMessageEquals(Tick.INSTANCE, this::startRound)
        .onMessage(MemberRemoved.class, removed -> memberRemoved())
        .onMessage(RoundEnded.class, this::roundEnded)
        .build();
  }

  private Behavior<Message> startRound() {
    if (running) {
      return Behaviors.same();
    }
    running = true;
    long started = System.nanoTime();
    context.pipeToSelf(
        wakeAll(),
        (round, error) -> {
          if (error == null && round.listed() > 0) {
            context.getLog().debug(
                "woke {} listed peers in {} ms: {}",
                round.listed(), (System.nanoTime() - started) / 1_000_000, round);
          }
          return new RoundEnded(round, error);
        });
    return Behaviors.same();
  }

  private Behavior<Message> memberRemoved() {
    settlingUntil = System.nanoTime() + SETTLING.toNanos();
    if (running) {
      again = true;
    } else {
      context.getSelf().tell(Tick.INSTANCE);
    }
    return Behaviors.same();
  }

  private Behavior<Message> roundEnded(RoundEnded ended) {
    running = false;
    if (ended.error() != null) {
      context.getLog().warn(
          "cannot wake the listed peers, trying again in {}: {}", settings.every(), ended.error().toString());
    } else if (ended.round().unanswered() > 0) {
      context.getLog().info(
          "{} of {} listed peers did not answer a wake, trying again in {}",
          ended.round().unanswered(), ended.round().listed(), settings.every());
    }
    if (again) {
      again = false;
      context.getSelf().tell(Tick.INSTANCE);
    } else {
      boolean settling = System.nanoTime() - settlingUntil < 0;
      timers.startSingleTimer(Tick.INSTANCE, settling ? SETTLING_ROUNDS : settings.every());
    }
    return Behaviors.same();
  }

  /** Wakes every listed peer, a page of the list at a time. */
  private CompletionStage<Round> wakeAll() {
    Source<WakeList.Entry, NotUsed> entries =
        Source.unfoldAsync(
                "",
                (String after) ->
                    CompletableFuture.supplyAsync(() -> list.page(after, PAGE), blocking)
                        .thenApply(
                            page ->
                                page.isEmpty()
                                    ? Optional.<Pair<String, List<WakeList.Entry>>>empty()
                                    : Optional.of(Pair.create(page.get(page.size() - 1).peer(), page))))
            .mapConcat(page -> page);
    return entries
        .mapAsyncUnordered(settings.parallelism(), this::wake)
        .runWith(Sink.fold(new Round(0, 0, 0, 0), Round::plus), context.getSystem());
  }

  /** Wakes one peer; removes its entry if it is idle or does not exist. */
  private CompletionStage<Round> wake(WakeList.Entry entry) {
    return sharding
        .entityRefFor(PeerEntity.ENTITY_TYPE_KEY, entry.peer())
        .<PeerReply>ask(PeerCommand.Wake::new, settings.answerWithin())
        .thenApplyAsync(
            reply -> {
              boolean idle =
                  reply instanceof PeerReply.Awake awake
                      ? !awake.busy()
                      : reply instanceof PeerReply.Rejected rejected
                          && rejected.error() == PeerError.PEER_NOT_FOUND;
              if (!idle) {
                return new Round(1, 1, 0, 0);
              }
              list.remove(entry);
              return new Round(1, 0, 1, 0);
            },
            blocking)
        .exceptionally(error -> new Round(1, 0, 0, 1));
  }
}
