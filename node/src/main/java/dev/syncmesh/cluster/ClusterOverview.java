package dev.syncmesh.cluster;

import dev.syncmesh.node.Stages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/**
 * The cluster as the mesh sees it: this node, the members and their status, and where each active
 * peer runs, learned by asking every member's shard region for the entities it hosts. A member
 * that does not answer in time simply contributes no peers.
 */
public final class ClusterOverview {
  public record MemberView(String address, String status) {}

  public record SessionView(String peer, String remote, String sessionId, String phase) {}

  public record View(
      String self, List<MemberView> members, Map<String, String> peers, List<SessionView> sessions) {}

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
    for (Member member : cluster.state().getMembers()) {
      String address = member.address().toString();
      members.add(new MemberView(address, member.status().toString()));
      if (hostsShards(member.status())) {
        placements.add(entitiesOf(address).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(placements.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, String> peers = new TreeMap<>();
              placements.forEach(placement -> peers.putAll(placement.join()));
              return new View(self, members, peers, List.of());
            });
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
