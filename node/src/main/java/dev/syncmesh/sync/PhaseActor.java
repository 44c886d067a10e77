package dev.syncmesh.sync;

import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerError;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.protocol.model.Hash;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One phase of a session. It does the phase's work off the actor (remote calls, store work on the
 * blocking dispatcher), waits the chaos delay if one is set for its phase, and reports to the peer,
 * which persists the report; then it tells its session and stops. Work and delay together may take
 * at most the phase timeout: after it the phase fails with {@code TIMEOUT} (fatal, except for a
 * push).
 */
final class PhaseActor {
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int MAX_DELIVERIES = 30;

  sealed interface Message {}

  private record WorkDone(PhaseReport report) implements Message {}

  private record WorkFailed(Throwable error) implements Message {}

  private enum TimedOut implements Message {
    INSTANCE
  }

  private enum DelayOver implements Message {
    INSTANCE
  }

  private enum Redeliver implements Message {
    INSTANCE
  }

  private record Persisted(PeerReply reply) implements Message {}

  private final SyncPhase phase;
  private final SessionProgress progress;
  private final SyncSession.Context shared;
  private final ActorRef<SyncSession.Message> session;
  private final ActorContext<Message> context;
  private final TimerScheduler<Message> timers;
  private final Instant startedAt = Instant.now();
  private PhaseReport report;
  private int deliveries;

  private PhaseActor(
      SyncPhase phase,
      SessionProgress progress,
      SyncSession.Context shared,
      ActorRef<SyncSession.Message> session,
      ActorContext<Message> context,
      TimerScheduler<Message> timers) {
    this.phase = phase;
    this.progress = progress;
    this.shared = shared;
    this.session = session;
    this.context = context;
    this.timers = timers;
  }

  static Behavior<Message> create(
      SyncPhase phase,
      SessionProgress progress,
      SyncSession.Context shared,
      ActorRef<SyncSession.Message> session) {
    return actor(phase, progress, shared, session, PhaseActor::working);
  }

  /**
   * The actor of {@code phase}, starting with {@code start}; every line it logs names its peer,
   * remote, session and phase.
   */
  private static Behavior<Message> actor(
      SyncPhase phase,
      SessionProgress progress,
      SyncSession.Context shared,
      ActorRef<SyncSession.Message> session,
      java.util.function.Function<PhaseActor, Behavior<Message>> start) {
    java.util.Map<String, String> logContext =
        new java.util.HashMap<>(SyncSession.logContext(shared.peerName(), progress));
    logContext.put("phase", phase.jsonName());
    return Behaviors.withMdc(
        Message.class,
        logContext,
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers -> start.apply(new PhaseActor(phase, progress, shared, session, context, timers)))));
  }

  private Behavior<Message> working() {
    Duration phaseTimeout = shared.kit().settings().phaseTimeout();
    timers.startSingleTimer(TimedOut.INSTANCE, phaseTimeout);
    CompletionStage<PhaseReport> work;
    try {
      work = new PhaseWork(phase, progress, shared, startedAt, Deadline.after(phaseTimeout)).run();
    } catch (RuntimeException e) {
      work = CompletableFuture.failedFuture(e);
    }
    context.pipeToSelf(work, (done, error) -> error == null ? new WorkDone(done) : new WorkFailed(error));
    return Behaviors.receive(Message.class)
        .onMessage(WorkDone.class, done -> delaying(done.report()))
        .onMessage(WorkFailed.class, failed -> delaying(failure(SyncError.of(phase, failed.error()))))
        .onMessage(TimedOut.class, timeout -> deliver(timeout()))
        .build();
  }

  /**
   * A phase whose actor failed: its report is the failure, {@code INTERNAL} (fatal, except for a
   * push), persisted like any report.
   */
  static Behavior<Message> failed(
      SyncPhase phase,
      SessionProgress progress,
      SyncSession.Context shared,
      ActorRef<SyncSession.Message> session,
      Throwable cause) {
    return actor(
        phase,
        progress,
        shared,
        session,
        actor ->
            actor.deliver(
                actor.failure(
                    new SyncError(
                        SyncErrorKind.INTERNAL,
                        phase,
                        "the " + phase.jsonName() + " phase failed on this node: " + cause.getMessage()))));
  }

  /** Waits the chaos delay of this phase, if any, before the report is persisted. */
  private Behavior<Message> delaying(PhaseReport done) {
    if (shared.kit().settings().chaosCrashes().contains(phase)) {
      throw new IllegalStateException(
          "chaos: the " + phase.jsonName() + " phase's actor crashes (SYNCMESH_CHAOS_PHASE_CRASH)");
    }
    Duration delay = shared.kit().settings().chaosDelay(phase);
    if (delay.isZero()) {
      return deliver(done);
    }
    context.getLog().info("chaos: holding {} of session {} for {}", phase.jsonName(), progress.sessionId(), delay);
    timers.startSingleTimer(DelayOver.INSTANCE, delay);
    return Behaviors.receive(Message.class)
        .onMessage(DelayOver.class, over -> deliver(done))
        .onMessage(TimedOut.class, timeout -> deliver(timeout()))
        .build();
  }

  private Behavior<Message> deliver(PhaseReport done) {
    timers.cancel(TimedOut.INSTANCE);
    this.report = done;
    send();
    return Behaviors.receive(Message.class)
        .onMessage(Persisted.class, this::persisted)
        .onMessage(Redeliver.class, again -> { send(); return Behaviors.same(); })
        .onMessage(WorkDone.class, late -> Behaviors.same())
        .onMessage(WorkFailed.class, late -> Behaviors.same())
        .onMessage(DelayOver.class, late -> Behaviors.same())
        .build();
  }

  private void send() {
    deliveries++;
    ActorRef<PeerReply> replies = context.messageAdapter(PeerReply.class, Persisted::new);
    shared
        .peer()
        .tell(
            new PeerCommand.SessionStep(
                progress.remote().name(), progress.sessionId(), report, replies));
  }

  private Behavior<Message> persisted(Persisted persisted) {
    if (persisted.reply() instanceof PeerReply.StepDone done) {
      session.tell(new SyncSession.PhaseDone(done.session()));
      return Behaviors.stopped();
    }
    if (persisted.reply() instanceof PeerReply.SyncFinished) {
      session.tell(new SyncSession.Abandoned(null)); // the peer ended the session with this phase
      return Behaviors.stopped();
    }
    if (persisted.reply() instanceof PeerReply.Rejected rejected
        && rejected.error() == PeerError.UNAVAILABLE
        && deliveries < MAX_DELIVERIES) {
      timers.startSingleTimer(Redeliver.INSTANCE, RETRY);
      return Behaviors.same();
    }
    session.tell(new SyncSession.Abandoned(phase.jsonName() + ": " + persisted.reply()));
    return Behaviors.stopped();
  }

  private PhaseReport timeout() {
    return failure(
        new SyncError(
            SyncErrorKind.TIMEOUT,
            phase,
            "the " + phase.jsonName() + " phase took longer than " + shared.kit().settings().phaseTimeout()));
  }

  /** A failure: fatal, except in the push phase, where it is the push's error. */
  private PhaseReport failure(SyncError error) {
    if (phase == SyncPhase.PUSH) {
      return new PhaseReport.Pushed(record(PhaseStatus.FAILED), false, 0, error, false);
    }
    return new PhaseReport.Failed(record(PhaseStatus.FAILED), error);
  }

  private PhaseRecord record(PhaseStatus status) {
    return new PhaseRecord(phase, status, startedAt, Instant.now());
  }

  static Hash headOf(PeerReply reply) {
    return ((PeerReply.Roots) reply).head();
  }
}
