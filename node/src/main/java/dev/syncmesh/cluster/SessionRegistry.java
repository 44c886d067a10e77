package dev.syncmesh.cluster;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.cluster.ClusterOverview.SessionView;
import dev.syncmesh.sync.SessionCounters;
import dev.syncmesh.sync.SessionMeters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The sessions in flight of the peers this node hosts, one registry per node. Each peer entity
 * reports its unfinished sessions whenever they change (and after its recovery); the registry
 * watches the entity, so a peer that stops here (passivated, handed off to another member) drops
 * out at once, and a node that dies takes its registry with it. Registries register with the
 * receptionist, so {@link ClusterOverview} finds every member's.
 */
public final class SessionRegistry {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "syncmesh-sessions");

  public sealed interface Command extends CborSerializable {}

  /** The unfinished sessions of {@code peer}, whose entity is {@code entity} (empty: none). */
  public record Report(String peer, ActorRef<?> entity, List<SessionView> sessions)
      implements Command {
    public Report {
      sessions = List.copyOf(sessions);
    }
  }

  /** Asks for every session registered here. */
  public record Snapshot(ActorRef<Sessions> replyTo) implements Command {}

  public record Sessions(List<SessionView> sessions) implements CborSerializable {
    public Sessions {
      sessions = List.copyOf(sessions);
    }
  }

  private record EntityStopped(String peer, ActorRef<?> entity) implements Command {}

  private record Entry(ActorRef<?> entity, List<SessionView> sessions) {}

  private final ActorContext<Command> context;
  private final SessionMeters meters;
  private final Map<String, Entry> byPeer = new HashMap<>();

  private SessionRegistry(ActorContext<Command> context, SessionMeters meters) {
    this.context = context;
    this.meters = meters;
  }

  /** A node's registry; {@code meters} are the live counters of the sessions running here. */
  public static Behavior<Command> create(SessionMeters meters) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.register(KEY, context.getSelf()));
          return new SessionRegistry(context, meters).running();
        });
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(Report.class, this::report)
        .onMessage(EntityStopped.class, this::entityStopped)
        .onMessage(
            Snapshot.class,
            snapshot -> {
              List<SessionView> all = new ArrayList<>();
              byPeer.values().forEach(entry -> entry.sessions().forEach(session -> all.add(withProgress(session))));
              snapshot.replyTo().tell(new Sessions(all));
              return Behaviors.same();
            })
        .build();
  }

  private SessionView withProgress(SessionView session) {
    SessionCounters counters = meters.read(session.sessionId());
    return counters == null ? session : session.withProgress(counters);
  }

  private Behavior<Command> report(Report report) {
    Entry previous = byPeer.get(report.peer());
    if (previous != null && !previous.entity().equals(report.entity())) {
      context.unwatch(previous.entity());
      previous = null;
    }
    if (report.sessions().isEmpty()) {
      if (previous != null) {
        context.unwatch(previous.entity());
      }
      byPeer.remove(report.peer());
      return Behaviors.same();
    }
    if (previous == null) {
      context.watchWith(report.entity(), new EntityStopped(report.peer(), report.entity()));
    }
    byPeer.put(report.peer(), new Entry(report.entity(), report.sessions()));
    return Behaviors.same();
  }

  private Behavior<Command> entityStopped(EntityStopped stopped) {
    Entry entry = byPeer.get(stopped.peer());
    if (entry != null && entry.entity().equals(stopped.entity())) {
      byPeer.remove(stopped.peer());
    }
    return Behaviors.same();
  }
}
