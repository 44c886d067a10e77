package dev.syncmesh.sync;

import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerReply;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.util.Map;

/**
 * One session, a child of its peer: runs the phases that have not completed yet, each as a child
 * actor of its own ({@link PhaseActor}), one after the other, then ends the session through the
 * peer (which persists the result and answers those who wait). It holds nothing the peer has not
 * persisted: a session that dies is resumed by its peer from the persisted progress.
 */
public final class SyncSession {

  /** What a session hears from its phases and from the peer. */
  public sealed interface Message {}

  /** A phase's report was persisted: the session stands at {@code progress}. */
  record PhaseDone(SessionProgress progress) implements Message {}

  /** The session is over (the peer ended it with its last phase: no reason) or lost: stop. */
  record Abandoned(String reason) implements Message {}

  record EndReply(PeerReply reply) implements Message {}

  private SyncSession() {}

  /** What the phases of one session share; {@code meter} counts what they move, live. */
  record Context(
      ActorRef<PeerCommand> peer,
      String peerName,
      RemoteLink link,
      SyncKit kit,
      org.apache.pekko.actor.typed.Scheduler scheduler,
      SessionMeter meter) {}

  public static Behavior<Message> create(
      ActorRef<PeerCommand> peer, String peerName, SessionProgress progress, SyncKit kit) {
    return Behaviors.withMdc(Message.class, logContext(peerName, progress), Behaviors.setup(
        context -> {
          Context shared =
              new Context(
                  peer,
                  peerName,
                  kit.links().link(peerName, progress.remote()),
                  kit,
                  context.getSystem().scheduler(),
                  kit.meters().open(progress.sessionId()));
          return next(context, shared, progress);
        }));
  }

  /** What every line a session's actors log carries: its peer, remote and session id. */
  static Map<String, String> logContext(String peerName, SessionProgress progress) {
    return Map.of(
        "peer", peerName, "remote", progress.remote().name(), "session", progress.sessionId());
  }

  private static Behavior<Message> next(
      ActorContext<Message> context, Context shared, SessionProgress progress) {
    SyncPhase phase = progress.nextPhase();
    if (phase == null) {
      return ending(context, shared, progress);
    }
    ActorRef<PhaseActor.Message> child =
        context.spawn(
            PhaseActor.create(phase, progress, shared, context.getSelf()), phase.jsonName());
    context.watch(child);
    return running(context, shared, progress, phase, child);
  }

  /**
   * Waits for the phase's report. A phase actor that fails (a bug, never the remote's doing: its
   * work's failures are reports) is replaced by one that reports the failure as {@code INTERNAL},
   * so the session ends with it in its history instead of waiting for a restart.
   */
  private static Behavior<Message> running(
      ActorContext<Message> context,
      Context shared,
      SessionProgress progress,
      SyncPhase phase,
      ActorRef<PhaseActor.Message> child) {
    return Behaviors.receive(Message.class)
        .onMessage(
            PhaseDone.class,
            done -> {
              context.unwatch(child);
              return next(context, shared, done.progress());
            })
        .onMessage(Abandoned.class, abandoned -> abandon(context, abandoned))
        .onSignal(
            ChildFailed.class,
            failed -> {
              context.getLog().error(
                  "session {}: the {} phase's actor failed", progress.sessionId(), phase.jsonName(), failed.cause());
              ActorRef<PhaseActor.Message> reporter =
                  context.spawn(
                      PhaseActor.failed(phase, progress, shared, context.getSelf(), failed.cause()),
                      phase.jsonName() + "-failed");
              return running(context, shared, progress, phase, reporter);
            })
        .onSignal(Terminated.class, stopped -> Behaviors.same())
        .build();
  }

  private static Behavior<Message> ending(
      ActorContext<Message> context, Context shared, SessionProgress progress) {
    ActorRef<PeerReply> replies = context.messageAdapter(PeerReply.class, EndReply::new);
    shared
        .peer()
        .tell(
            new PeerCommand.SessionStep(
                progress.remote().name(), progress.sessionId(), new PhaseReport.End(), replies));
    return Behaviors.receive(Message.class)
        .onMessage(
            EndReply.class,
            reply -> {
              if (reply.reply() instanceof PeerReply.Rejected rejected
                  && rejected.error() == dev.syncmesh.peer.PeerError.UNAVAILABLE) {
                // The store failed under the batch: try again shortly (the peer keeps the session).
                return Behaviors.withTimers(
                    timers -> {
                      timers.startSingleTimer(new Abandoned("retry"), java.time.Duration.ofSeconds(1));
                      return Behaviors.receive(Message.class)
                          .onMessage(Abandoned.class, retry -> ending(context, shared, progress))
                          .build();
                    });
              }
              return Behaviors.stopped();
            })
        .build();
  }

  private static Behavior<Message> abandon(ActorContext<Message> context, Abandoned abandoned) {
    if (abandoned.reason() != null) {
      context.getLog().info("session stops: {}", abandoned.reason());
    }
    return Behaviors.stopped();
  }
}
