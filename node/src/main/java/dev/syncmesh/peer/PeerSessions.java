package dev.syncmesh.peer;

import dev.syncmesh.cluster.ClusterOverview;
import dev.syncmesh.cluster.SessionRegistry;
import dev.syncmesh.node.NodeMetrics;
import dev.syncmesh.peer.PeerCommand.Mutation;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncMetrics;
import dev.syncmesh.sync.SyncOutcome;
import dev.syncmesh.sync.SyncSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The sync side of one peer entity that is not persisted state: the session actors it runs, who
 * waits for which session, the timers of remotes with a schedule, and what the node's session
 * registry was last told. The entity calls it on recovery, after each persisted batch and on the
 * session commands; the mutations it needs (start, resume) go into the entity's lane through
 * {@code enqueue}.
 */
final class PeerSessions {
  /** How long a session actor that stopped unexpectedly waits before its peer resumes it. */
  private static final Duration SESSION_RESTART = Duration.ofSeconds(2);

  private final ActorContext<PeerCommand> context;
  private final TimerScheduler<PeerCommand> timers;
  private final PeerEntity.Lane lane;
  private final BiConsumer<Active, Mutation> enqueue;
  /** Session actors running, by remote. */
  private final Map<String, ActorRef<SyncSession.Message>> actors = new HashMap<>();
  /** Who waits for a session's result, by session id. */
  private final Map<String, List<ActorRef<PeerReply>>> waiters = new HashMap<>();
  private final Set<String> scheduled = new HashSet<>();
  /** What the node's session registry was last told about this peer. */
  private List<ClusterOverview.SessionView> reported = List.of();

  PeerSessions(
      ActorContext<PeerCommand> context,
      TimerScheduler<PeerCommand> timers,
      PeerEntity.Lane lane,
      BiConsumer<Active, Mutation> enqueue) {
    this.context = context;
    this.timers = timers;
    this.lane = lane;
    this.enqueue = enqueue;
  }

  /** Whether the peer has work that must run without a client: a session or a schedule. */
  static boolean needsWaking(Active state) {
    return !state.sessions().isEmpty()
        || state.remotes().values().stream().anyMatch(remote -> remote.syncEverySeconds() != null);
  }

  /** After recovery: report, schedule, and resume the sessions the journal left unfinished. */
  void recovered(Active state) {
    report(state);
    schedule(state);
    if (!state.sessions().isEmpty()) {
      context.getSelf().tell(PeerCommand.ResumeSessions.INSTANCE);
    }
  }

  /** Tells the node's session registry this peer's unfinished sessions, when they changed. */
  void report(Active state) {
    List<ClusterOverview.SessionView> now =
        state.sessions().values().stream()
            .map(session -> ClusterOverview.SessionView.of(state.name(), session))
            .toList();
    if (!now.equals(reported)) {
      reported = now;
      lane.sessions().tell(new SessionRegistry.Report(state.name(), context.getSelf(), now));
    }
  }

  /**
   * What follows a persisted sync event: a session started or resumed gets its actor, a finished
   * one answers those who wait (and starts its follow-up if asked), remotes reschedule.
   */
  void afterPersisted(Active before, Active after, Outcome outcome) {
    for (PeerEvent event : outcome.events()) {
      if (event instanceof PeerEvent.SyncProgressed progressed) {
        String remote = progressed.session().remote().name();
        if (!actors.containsKey(remote) && after.sessions().containsKey(remote)) {
          spawn(after.name(), after.sessions().get(remote));
        }
      } else if (event instanceof PeerEvent.SyncEnded ended) {
        ended(before, after, ended, outcome);
      } else if (event instanceof PeerEvent.RemoteSet || event instanceof PeerEvent.RemoteRemoved) {
        schedule(after);
      }
    }
  }

  private void ended(Active before, Active after, PeerEvent.SyncEnded ended, Outcome outcome) {
    forget(ended.entry().remote(), ended.entry().sessionId());
    List<ActorRef<PeerReply>> waiting = waiters.remove(ended.entry().sessionId());
    if (waiting != null) {
      waiting.forEach(waiter -> waiter.tell(outcome.reply()));
    }
    if (outcome.reply() instanceof PeerReply.SyncFinished done && done.result() != null) {
      SyncMetrics.record(NodeMetrics.get(context.getSystem()).registry(), done.result());
    } else if (ended.entry().outcome() == SyncOutcome.SKIPPED) {
      SyncMetrics.skipped(NodeMetrics.get(context.getSystem()).registry());
    }
    SessionProgress finished = before.sessions().get(ended.entry().remote());
    boolean followUpNeeded =
        outcome.reply() instanceof PeerReply.SyncFinished result
            && result.result() != null
            && result.result().followUpNeeded();
    if (finished != null && followUpNeeded && finished.followUps() > 0) {
      enqueue.accept(
          after,
          new PeerCommand.StartSync(
              finished.remote().name(),
              finished.strategy(),
              finished.followUps() - 1,
              finished.kind(),
              finished.sessionId(),
              context.getSystem().ignoreRef()));
    }
  }

  /** Waits for a running session's result: false when no session with that id runs. */
  boolean await(Active state, PeerCommand.AwaitSession await) {
    boolean running =
        state.sessions().values().stream().anyMatch(s -> s.sessionId().equals(await.sessionId()));
    if (running) {
      waiters.computeIfAbsent(await.sessionId(), id -> new ArrayList<>()).add(await.replyTo());
    }
    return running;
  }

  /** Resumes every unfinished session that has no actor. */
  void resume(Active state) {
    for (String remote : state.sessions().keySet()) {
      if (!actors.containsKey(remote)) {
        enqueue.accept(
            state, new PeerCommand.ResumeSession(remote, context.getSystem().ignoreRef()));
      }
    }
  }

  /** A remote's schedule is due: a session starts unless one runs or a merge is pending. */
  void scheduledSync(Active state, PeerCommand.ScheduledSync due) {
    // With a merge pending, the lane runs the session if it can, else records it as skipped.
    if (state.remotes().containsKey(due.remote()) && !state.sessions().containsKey(due.remote())) {
      enqueue.accept(
          state, new PeerCommand.StartSync(due.remote(), null, 0, context.getSystem().ignoreRef()));
    }
  }

  /** A session actor stopped: if its session has not ended, it is resumed shortly. */
  void stopped(Active state, PeerCommand.SessionStopped stopped) {
    forget(stopped.remote(), stopped.sessionId());
    lane.sync().meters().close(stopped.sessionId());
    SessionProgress session = state.sessions().get(stopped.remote());
    if (session != null && session.sessionId().equals(stopped.sessionId())) {
      context.getLog().warn(
          "peer {}: session {} stopped before it ended; resuming it in {}",
          state.name(), stopped.sessionId(), SESSION_RESTART);
      timers.startSingleTimer(
          "resume-" + stopped.remote(), PeerCommand.ResumeSessions.INSTANCE, SESSION_RESTART);
    }
  }

  private void spawn(String peer, SessionProgress session) {
    ActorRef<SyncSession.Message> actor =
        context.spawn(
            SyncSession.create(context.getSelf(), peer, session, lane.sync()),
            "session-" + session.sessionId());
    context.watchWith(
        actor, new PeerCommand.SessionStopped(session.remote().name(), session.sessionId()));
    actors.put(session.remote().name(), actor);
  }

  /** The peer stops here: its sessions' actors stop with it, and so do their meters. */
  void peerStopped() {
    actors.values().forEach(
        actor -> lane.sync().meters().close(actor.path().name().substring("session-".length())));
  }

  /** Drops the actor of {@code remote} if it is the one of session {@code sessionId}. */
  private void forget(String remote, String sessionId) {
    ActorRef<SyncSession.Message> actor = actors.get(remote);
    if (actor != null && actor.path().name().equals("session-" + sessionId)) {
      actors.remove(remote);
    }
  }

  /** Starts, stops or changes the timers of remotes with a schedule. */
  private void schedule(Active state) {
    Set<String> due = new HashSet<>();
    for (Remote remote : state.remotes().values()) {
      if (remote.syncEverySeconds() != null) {
        String key = "schedule-" + remote.name() + "-" + remote.syncEverySeconds();
        due.add(key);
        if (!scheduled.contains(key)) {
          timers.startTimerWithFixedDelay(
              key,
              new PeerCommand.ScheduledSync(remote.name()),
              Duration.ofSeconds(remote.syncEverySeconds()));
        }
      }
    }
    for (String key : scheduled) {
      if (!due.contains(key)) {
        timers.cancel(key);
      }
    }
    scheduled.clear();
    scheduled.addAll(due);
  }
}
