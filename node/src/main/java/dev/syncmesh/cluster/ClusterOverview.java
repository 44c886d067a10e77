package dev.syncmesh.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.node.Stages;
import dev.syncmesh.sync.SessionCounters;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/**
 * The cluster as the mesh sees it: this node, the members and their status, where each active
 * peer runs (learned by asking every member's shard region for the entities it hosts), and the
 * sessions in flight (asked of every member's {@link SessionRegistry}). A member that does not
 * answer in time simply contributes no peers and no sessions.
 */
public final class ClusterOverview {
  /**
   * A member: its status, its roles (sorted) and whether this node's failure detector reaches it
   * now.
   */
  public record MemberView(String address, String status, List<String> roles, boolean reachable) {}

  /**
   * An unfinished session of a peer: {@code phase} is the phase it runs (or resumes with), or
   * {@code end} when only its ending is left to persist.
   */
  public record SessionView(
      String peer,
      String remote,
      String sessionId,
      String phase,
      @JsonInclude(JsonInclude.Include.NON_NULL) SessionCounters progress)
      implements CborSerializable {
    public static SessionView of(String peer, SessionProgress session) {
      SyncPhase phase = session.nextPhase();
      return new SessionView(
          peer,
          session.remote().name(),
          session.sessionId(),
          phase == null ? "end" : phase.jsonName(),
          null);
    }

    /** The same, with what the session has done so far on the node that runs it. */
    public SessionView withProgress(SessionCounters counters) {
      return new SessionView(peer, remote, sessionId, phase, counters);
    }
  }

  public record View(
      String self, List<MemberView> members, Map<String, String> peers, List<SessionView> sessions) {}

  private static final Comparator<SessionView> BY_PEER =
      Comparator.comparing(SessionView::peer)
          .thenComparing(SessionView::remote)
          .thenComparing(SessionView::sessionId);

  private final ActorSystem<?> system;
  private final String entityType;
  private final Duration timeout;

  public ClusterOverview(ActorSystem<?> system, String entityType, Duration timeout) {
    this.system = system;
    this.entityType = entityType;
    this.timeout = timeout;
  }

  public CompletionStage<View> overview() {
    Cluster cluster = Cluster.get(system);
    String self = cluster.selfMember().address().toString();
    List<MemberView> members = new ArrayList<>();
    List<CompletableFuture<Map<String, String>>> placements = new ArrayList<>();
    Set<Member> unreachable = cluster.state().getUnreachable();
    for (Member member : cluster.state().getMembers()) {
      String address = member.address().toString();
      members.add(
          new MemberView(
              address,
              member.status().toString(),
              member.getRoles().stream().sorted().toList(),
              !unreachable.contains(member)));
      if (hostsShards(member.status())) {
        placements.add(entitiesOf(address).toCompletableFuture());
      }
    }
    CompletableFuture<List<SessionView>> sessions = sessions().toCompletableFuture();
    return CompletableFuture.allOf(placements.toArray(CompletableFuture[]::new))
        .thenCombine(
            sessions,
            (done, inFlight) -> {
              Map<String, String> peers = new TreeMap<>();
              placements.forEach(placement -> peers.putAll(placement.join()));
              return new View(self, members, peers, inFlight);
            });
  }

  /**
   * The sessions every registry the receptionist knows reports, by peer, remote and session id; a
   * session reported twice (its peer just moved) is listed once.
   */
  private CompletionStage<List<SessionView>> sessions() {
    CompletionStage<Receptionist.Listing> found =
        AskPattern.ask(
            system.receptionist(),
            (ActorRef<Receptionist.Listing> replyTo) -> Receptionist.find(SessionRegistry.KEY, replyTo),
            timeout,
            system.scheduler());
    return Stages.plain(found)
        .exceptionally(error -> null)
        .thenCompose(
            listing -> {
              List<CompletableFuture<List<SessionView>>> asked = new ArrayList<>();
              if (listing != null) {
                listing
                    .getServiceInstances(SessionRegistry.KEY)
                    .forEach(registry -> asked.add(sessionsOf(registry)));
              }
              return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<String, SessionView> byId = new TreeMap<>();
                        asked.forEach(a -> a.join().forEach(s -> byId.putIfAbsent(s.sessionId(), s)));
                        List<SessionView> sorted = new ArrayList<>(byId.values());
                        sorted.sort(BY_PEER);
                        return sorted;
                      });
            });
  }

  private CompletableFuture<List<SessionView>> sessionsOf(ActorRef<SessionRegistry.Command> registry) {
    CompletionStage<SessionRegistry.Sessions> reply =
        AskPattern.ask(registry, SessionRegistry.Snapshot::new, timeout, system.scheduler());
    return Stages.plain(reply)
        .handle((sessions, error) -> sessions == null ? List.<SessionView>of() : sessions.sessions());
  }

  private static boolean hostsShards(MemberStatus status) {
    return status == MemberStatus.up()
        || status == MemberStatus.weaklyUp()
        || status == MemberStatus.leaving();
  }

  /** The entities the member's shard region hosts, each mapped to the member's address. */
  private CompletionStage<Map<String, String>> entitiesOf(String address) {
    ActorSelection region =
        Adapter.toClassic(system).actorSelection(address + "/system/sharding/" + entityType);
    return Stages.plain(Patterns.ask(region, ShardRegion.getShardRegionStateInstance(), timeout))
        .handle(
            (reply, error) -> {
              Map<String, String> entities = new TreeMap<>();
              if (reply instanceof ShardRegion.CurrentShardRegionState state) {
                state
                    .getShards()
                    .forEach(shard -> shard.getEntityIds().forEach(id -> entities.put(id, address)));
              }
              return entities;
            });
  }
}
