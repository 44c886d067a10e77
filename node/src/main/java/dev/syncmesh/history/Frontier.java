package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How far a reader of a peer's history has read: the commits it has seen, which it has together
 * with all their ancestors. One commit, usually; a reader that stopped inside parallel histories
 * (before the merge that joins them) stands at the tip of each. No tips: nothing read yet.
 */
public record Frontier(List<Hash> tips) {
  /** The most tips a frontier given by a client may have (they travel in a URL). */
  public static final int MAX_TIPS = 16;

  public static final Frontier START = new Frontier(List.of());

  public Frontier {
    tips = List.copyOf(new TreeSet<>(tips));
  }

  public static Frontier of(Collection<Hash> commits) {
    return new Frontier(List.copyOf(commits));
  }

  public boolean isStart() {
    return tips.isEmpty();
  }

  /**
   * Where the reader stands after reading {@code listed}: the commits beyond this frontier,
   * parents before children (as {@code CommitGraph.commitsBeyond} lists them), or a first part of
   * them. Such a part holds every ancestor of its commits that lies beyond the frontier, so the
   * commits it reached are exactly those that are no listed commit's parent.
   */
  public Frontier after(List<CommitEntry> listed) {
    Set<Hash> reached = new TreeSet<>(tips);
    listed.forEach(entry -> reached.add(entry.hash()));
    listed.forEach(entry -> entry.commit().parents().forEach(reached::remove));
    return of(reached);
  }

  /** The tips separated by commas, as the API's {@code since} takes them. */
  public String text() {
    return tips.stream().map(Hash::hex).collect(Collectors.joining(","));
  }
}
