package dev.syncmesh.peer;

import dev.syncmesh.cluster.SessionRegistry;
import dev.syncmesh.peer.PeerCommand.BatchDone;
import dev.syncmesh.peer.PeerCommand.BatchFailed;
import dev.syncmesh.peer.PeerCommand.Create;
import dev.syncmesh.peer.PeerCommand.GetRoots;
import dev.syncmesh.peer.PeerCommand.Mutation;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.peer.PeerCommand.Request;
import dev.syncmesh.peer.PeerReply.Rejected;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.peer.PeerState.Blank;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.SessionCounters;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncKit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer: an event-sourced entity, sharded by name (entity type {@code peer}, persistence id
 * {@code peer|<name>}). Reads only ask for the roots. Mutations go through the lane: one batch at a
 * time runs in the {@link Workspace} on the blocking dispatcher and comes back as a message; the
 * batch's events are persisted in one atomic write, and only then does anyone get a reply.
 * Mutations that arrive meanwhile wait in memory and form the next batch (group commit). Sync
 * sessions, their waiters and schedules are {@link PeerSessions}'.
 */
public final class PeerEntity
    extends EventSourcedBehaviorWithEnforcedReplies<PeerCommand, PeerEvent, PeerState> {
  public static final EntityTypeKey<PeerCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(PeerCommand.class, "peer");

  /** Batch ids, unique in this JVM, so that a restarted entity ignores its predecessor's results. */
  private static final AtomicLong BATCHES = new AtomicLong();

  /**
   * What every peer entity of a node shares; {@code sessions} is the node's registry of sessions in
   * flight, which each entity keeps told of its own.
   */
  public record Lane(
      Workspace workspace,
      Executor blocking,
      PeerSettings settings,
      SyncKit sync,
      ActorRef<SessionRegistry.Command> sessions,
      WakeList wakeList) {}


  private static final Logger log = LoggerFactory.getLogger(PeerEntity.class);

  private final ActorContext<PeerCommand> context;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Lane lane;
  /** Mutations waiting for the lane, each with its caller's deadline. */
  private final ArrayDeque<PeerCommand.Until> waiting = new ArrayDeque<>();
  private List<Mutation> inFlight;
  private long inFlightBatch;
  /** Whether this peer has listed itself on the wake list since it last answered a wake idle. */
  private boolean listed;
  private final PeerSessions sessions;

  private PeerEntity(
      ActorContext<PeerCommand> context,
      String name,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Lane lane,
      TimerScheduler<PeerCommand> timers) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), name),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.shard = shard;
    this.lane = lane;
    this.sessions = new PeerSessions(context, timers, lane, this::enqueueInternal);
  }

  /** Starts sharding for peers on this node. */
  public static void init(ActorSystem<?> system, Lane lane) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_TYPE_KEY,
                entity -> create(entity.getEntityId(), entity.getShard(), lane)));
  }

  /**
   * @param shard where the entity asks to be passivated when the peer does not exist (so that a
   *     request for an unknown name leaves no remembered entity behind)
   */
  public static Behavior<PeerCommand> create(
      String name, ActorRef<ClusterSharding.ShardCommand> shard, Lane lane) {
    // Every line the peer logs names it (the logs' context: "peer").
    return Behaviors.withMdc(
        PeerCommand.class,
        Map.of("peer", name),
        Behaviors.withTimers(
            timers -> Behaviors.setup(context -> new PeerEntity(context, name, shard, lane, timers))));
  }

  @Override
  public PeerState emptyState() {
    return Blank.INSTANCE;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(lane.settings().snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<PeerCommand, PeerEvent, PeerState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Blank.class)
        .onCommand(Create.class, (state, create) -> create(create))
        .onCommand(Request.class, (state, request) -> notFound(request))
        .onCommand(PeerCommand.Until.class, (state, until) -> notFound(until.mutation()))
        .onAnyCommand(command -> Effect().noReply());
    builder
        .forStateType(Active.class)
        .onCommand(
            Create.class,
            (state, create) ->
                Effect()
                    .reply(
                        create.replyTo(),
                        new Rejected(PeerError.PEER_EXISTS, "peer " + state.name() + " exists")))
        .onCommand(GetRoots.class, (state, get) -> Effect().reply(get.replyTo(), state.roots()))
        .onCommand(
            PeerCommand.GetPosition.class,
            (state, get) ->
                Effect()
                    .reply(
                        get.replyTo(),
                        new PeerReply.Position(state.roots(), lastSequenceNumber(context))))
        .onCommand(
            PeerCommand.GetState.class,
            (state, get) ->
                Effect()
                    .reply(
                        get.replyTo(),
                        new PeerReply.State(state, live(state))))
        .onCommand(PeerCommand.AwaitSession.class, this::awaitSession)
        .onCommand(PeerCommand.Wake.class, this::wake)
        .onCommand(PeerCommand.ResumeSessions.class, (state, resume) -> resumeSessions(state))
        .onCommand(PeerCommand.ScheduledSync.class, this::scheduledSync)
        .onCommand(PeerCommand.SessionStopped.class, this::sessionStopped)
        .onCommand(PeerCommand.Until.class, this::enqueue)
        .onCommand(Mutation.class, (state, mutation) -> enqueue(state, new PeerCommand.Until(mutation, Long.MAX_VALUE)))
        .onCommand(BatchDone.class, this::batchDone)
        .onCommand(BatchFailed.class, this::batchFailed);
    return builder.build();
  }

  @Override
  public EventHandler<PeerState, PeerEvent> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder
        .forStateType(Blank.class)
        .onEvent(PeerEvent.PeerCreated.class, (state, created) -> Active.created(created));
    builder.forStateType(Active.class).onAnyEvent((state, event) -> ((Active) state).apply(event));
    return builder.build();
  }

  /** The live counters of the peer's sessions (all of them run here, as children). */
  private Map<String, SessionCounters> live(Active state) {
    return lane.sync()
        .meters()
        .read(state.sessions().values().stream().map(SessionProgress::sessionId).toList());
  }

  @Override
  public SignalHandler<PeerState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (state instanceof Active active) {
                listAgainIfNeeded(active);
                sessions.recovered(active);
              }
            })
        .onSignal(PostStop.instance(), state -> sessions.peerStopped())
        .build();
  }

  private ReplyEffect<PeerEvent, PeerState> create(Create create) {
    String name = persistenceId().entityId();
    return Effect()
        .persist(new PeerEvent.PeerCreated(name, Clock.systemUTC().instant()))
        .thenReply(create.replyTo(), state -> ((Active) state).roots());
  }

  private ReplyEffect<PeerEvent, PeerState> notFound(Request request) {
    return Effect()
        .none()
        .thenRun(state -> passivate())
        .thenReply(
            request.replyTo(),
            state ->
                new Rejected(
                    PeerError.PEER_NOT_FOUND,
                    "no peer named " + persistenceId().entityId()));
  }

  private void passivate() {
    if (shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  /** Queues a caller's mutation, or refuses it at once when max-queued already wait. */
  private ReplyEffect<PeerEvent, PeerState> enqueue(Active state, PeerCommand.Until until) {
    if (waiting.size() >= lane.settings().maxQueued()) {
      return Effect()
          .reply(
              until.mutation().replyTo(),
              new Rejected(
                  PeerError.OVERLOADED,
                  "peer " + state.name() + " has " + waiting.size()
                      + " writes waiting; nothing was written, try again later"));
    }
    waiting.add(until);
    if (inFlight == null) {
      startBatch(state);
    }
    return Effect().noReply();
  }

  /**
   * Hands the waiting mutations (at most max-batch) to the workspace, off this thread. A mutation
   * whose caller's deadline has passed is dropped, never applied: its caller was told it timed out.
   */
  private void startBatch(Active state) {
    List<Mutation> batch = new ArrayList<>();
    long now = System.currentTimeMillis();
    while (!waiting.isEmpty() && batch.size() < lane.settings().maxBatch()) {
      PeerCommand.Until next = waiting.poll();
      if (next.deadlineMillis() <= now) {
        next.mutation().replyTo().tell(
            new Rejected(PeerError.OVERLOADED, "the write waited past its deadline; nothing was written"));
      } else {
        batch.add(next.mutation());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    long id = BATCHES.incrementAndGet();
    inFlight = batch;
    inFlightBatch = id;
    // Work that must go on without a client (a session, a schedule) is on the wake list before it
    // is persisted, so that a crash right after cannot leave it unlisted.
    boolean list = !listed && batch.stream().anyMatch(PeerEntity::mayNeedWaking);
    listed |= list;
    CompletableFuture<List<Outcome>> result =
        CompletableFuture.supplyAsync(
            () -> {
              if (list) {
                lane.wakeList().add(state.name());
              }
              return lane.workspace().run(state, batch);
            },
            lane.blocking());
    context.pipeToSelf(
        result,
        (outcomes, error) ->
            error == null ? new BatchDone(id, outcomes) : new BatchFailed(id, reason(error)));
  }

  private ReplyEffect<PeerEvent, PeerState> batchDone(Active state, BatchDone done) {
    if (inFlight == null || done.batch() != inFlightBatch) {
      return Effect().noReply();
    }
    List<Mutation> batch = inFlight;
    inFlight = null;
    List<PeerEvent> events = new ArrayList<>();
    done.outcomes().forEach(outcome -> events.addAll(outcome.events()));
    var effect = events.isEmpty() ? Effect().none() : Effect().persist(events);
    return effect
        .thenRun(
            after -> {
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).replyTo().tell(done.outcomes().get(i).reply());
                sessions.afterPersisted(state, (Active) after, done.outcomes().get(i));
              }
              sessions.report((Active) after);
              if (inFlight == null && !waiting.isEmpty()) {
                startBatch((Active) after);
              }
            })
        .thenNoReply();
  }

  private static boolean mayNeedWaking(Mutation mutation) {
    return mutation instanceof PeerCommand.StartSync || mutation instanceof PeerCommand.SetRemote;
  }

  /**
   * Answers the waker: busy while the peer has work that must run without a client, or writes in
   * its lane (one of them may be such work, listed but not yet persisted). An idle answer lets the
   * waker remove the peer's row, so the next such work lists it again.
   */
  private ReplyEffect<PeerEvent, PeerState> wake(Active state, PeerCommand.Wake wake) {
    boolean busy = PeerSessions.needsWaking(state) || inFlight != null || !waiting.isEmpty();
    if (!busy) {
      listed = false;
    }
    return Effect().reply(wake.replyTo(), new PeerReply.Awake(busy));
  }

  /**
   * After recovery, a peer with a session or schedule makes sure it is listed (it normally is:
   * it was listed before the work was persisted, and usually woken from the list).
   */
  private void listAgainIfNeeded(Active state) {
    if (!PeerSessions.needsWaking(state)) {
      return;
    }
    listed = true;
    CompletableFuture.runAsync(() -> lane.wakeList().add(state.name()), lane.blocking())
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                log.warn(
                    "peer {}: cannot list it on the wake list: {}", state.name(), reason(error));
              }
            });
  }

  private ReplyEffect<PeerEvent, PeerState> awaitSession(
      Active state, PeerCommand.AwaitSession await) {
    if (sessions.await(state, await)) {
      return Effect().noReply();
    }
    for (HistoryEntry entry : state.history()) {
      if (entry.sessionId().equals(await.sessionId())) {
        return Effect().reply(await.replyTo(), new PeerReply.SyncFinished(null, entry));
      }
    }
    return Effect()
        .reply(
            await.replyTo(),
            new Rejected(
                PeerError.SESSION_NOT_FOUND,
                state.name() + " has no session " + await.sessionId()));
  }

  private ReplyEffect<PeerEvent, PeerState> resumeSessions(Active state) {
    sessions.resume(state);
    return Effect().noReply();
  }

  private ReplyEffect<PeerEvent, PeerState> scheduledSync(
      Active state, PeerCommand.ScheduledSync due) {
    sessions.scheduledSync(state, due);
    return Effect().noReply();
  }

  private ReplyEffect<PeerEvent, PeerState> sessionStopped(
      Active state, PeerCommand.SessionStopped stopped) {
    sessions.stopped(state, stopped);
    return Effect().noReply();
  }

  /** Puts a mutation the peer sends itself into the lane. */
  private void enqueueInternal(Active state, Mutation mutation) {
    waiting.add(new PeerCommand.Until(mutation, Long.MAX_VALUE));
    if (inFlight == null) {
      startBatch(state);
    }
  }

  private ReplyEffect<PeerEvent, PeerState> batchFailed(Active state, BatchFailed failed) {
    if (inFlight == null || failed.batch() != inFlightBatch) {
      return Effect().noReply();
    }
    context.getLog().warn("peer {}: a batch failed: {}", state.name(), failed.reason());
    Rejected rejected =
        new Rejected(
            PeerError.UNAVAILABLE,
            "the store failed; nothing was written (the node's log says why): "
                + dev.syncmesh.node.Redaction.text(failed.reason()));
    inFlight.forEach(mutation -> mutation.replyTo().tell(rejected));
    if (inFlight.stream().anyMatch(PeerEntity::mayNeedWaking)) {
      listed = false;
    }
    inFlight = null;
    if (!waiting.isEmpty()) {
      startBatch(state);
    }
    return Effect().noReply();
  }

  private static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
