package dev.syncmesh.ops.harness;

import java.util.Map;
import java.util.Set;

/**
 * One node's view of the cluster, from Pekko Management's {@code GET /cluster/members}.
 *
 * @param members member address ({@code pekko://syncmesh@host:port}) to status ({@code Up}, ...)
 * @param unreachable addresses this node's failure detector (or another's) marks unreachable
 */
public record ClusterView(
    String self, String leader, String oldest, Map<String, String> members, Set<String> unreachable) {

  public ClusterView {
    members = Map.copyOf(members);
    unreachable = Set.copyOf(unreachable);
  }

  /** Exactly these members, all Up and reachable. */
  public boolean isExactlyUp(Set<String> addresses) {
    return unreachable.isEmpty()
        && members.keySet().equals(addresses)
        && members.values().stream().allMatch("Up"::equals);
  }

  /** Whether the address is still a member (in any status). */
  public boolean hasMember(String address) {
    return members.containsKey(address);
  }
}
