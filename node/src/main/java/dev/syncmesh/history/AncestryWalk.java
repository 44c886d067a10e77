package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * One walk down from two heads in generation order, painting each commit with the sides that reach
 * it. Parents always have a lower generation than their children, so when a commit leaves the queue
 * every child of it has already been visited and its paint is final. Commits of one generation are
 * taken together (they cannot be ancestors of each other), which lets their parents be read from
 * the store in one batch. Single use, not thread-safe.
 */
final class AncestryWalk {
  private static final int OURS = 1;
  private static final int THEIRS = 2;
  private static final int BOTH = OURS | THEIRS;
  private static final Comparator<Node> HIGHEST_FIRST =
      Comparator.comparingLong((Node node) -> node.commit.generation())
          .reversed()
          .thenComparing(node -> node.hash);

  private static final class Node {
    final Hash hash;
    final Commit commit;
    int paint;

    Node(Hash hash, Commit commit, int paint) {
      this.hash = hash;
      this.commit = commit;
      this.paint = paint;
    }
  }

  /** What each side alone reaches, in generation order (parents before children). */
  record Partition(List<CommitEntry> onlyOurs, List<CommitEntry> onlyTheirs) {}

  private final CommitGraph graph;
  private final Map<Hash, Node> seen = new HashMap<>();
  private final PriorityQueue<Node> queue = new PriorityQueue<>(HIGHEST_FIRST);
  private int queuedWithOurs;
  private int queuedWithTheirs;
  private int queuedCommon;

  /** Starts from two heads; a {@code null} head is an empty history. */
  AncestryWalk(CommitGraph graph, Hash ours, Hash theirs) {
    this(graph, ours, theirs == null ? List.of() : List.of(theirs));
  }

  /** Starts from one head on our side and any number on theirs. */
  AncestryWalk(CommitGraph graph, Hash ours, Collection<Hash> theirs) {
    this.graph = graph;
    Map<Hash, Integer> start = new HashMap<>();
    if (ours != null) start.merge(ours, OURS, (a, b) -> a | b);
    theirs.forEach(head -> start.merge(head, THEIRS, (a, b) -> a | b));
    paint(start, Long.MAX_VALUE);
  }

  /**
   * The best common ancestor with the highest generation, and among those the smallest hash. A
   * common ancestor of the highest generation cannot be an ancestor of another common ancestor, so
   * it is always a best one; with criss-cross histories there may be several, and this rule picks
   * one the same way whichever side asks.
   */
  Optional<Hash> mergeBase() {
    while (queuedWithOurs > 0 && queuedWithTheirs > 0) {
      List<Node> level = popLevel();
      for (Node node : level) { // in hash order
        if (node.paint == BOTH) {
          return Optional.of(node.hash);
        }
      }
      paintParents(level);
    }
    return Optional.empty();
  }

  /** Walks until only common ancestors remain queued: everything below them is common too. */
  Partition partition() {
    List<CommitEntry> onlyOurs = new ArrayList<>();
    List<CommitEntry> onlyTheirs = new ArrayList<>();
    while (queue.size() > queuedCommon) {
      List<Node> level = popLevel();
      for (Node node : level) {
        if (node.paint == OURS) onlyOurs.add(new CommitEntry(node.hash, node.commit));
        if (node.paint == THEIRS) onlyTheirs.add(new CommitEntry(node.hash, node.commit));
      }
      paintParents(level);
    }
    return new Partition(oldestFirst(onlyOurs), oldestFirst(onlyTheirs));
  }

  private static List<CommitEntry> oldestFirst(List<CommitEntry> newestFirst) {
    List<CommitEntry> list = new ArrayList<>(newestFirst);
    list.sort(
        Comparator.comparingLong((CommitEntry e) -> e.commit().generation())
            .thenComparing(CommitEntry::hash));
    return list;
  }

  private List<Node> popLevel() {
    long generation = queue.element().commit.generation();
    List<Node> level = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().commit.generation() == generation) {
      Node node = queue.poll();
      count(node.paint, -1);
      level.add(node);
    }
    return level;
  }

  private void paintParents(List<Node> level) {
    Map<Hash, Integer> paints = new HashMap<>();
    for (Node node : level) {
      for (Hash parent : node.commit.parents()) {
        paints.merge(parent, node.paint, (a, b) -> a | b);
      }
    }
    paint(paints, level.get(0).commit.generation());
  }

  /** Adds paint to commits below {@code childGeneration}, reading the unseen ones in one batch. */
  private void paint(Map<Hash, Integer> paints, long childGeneration) {
    List<Hash> unseen = new ArrayList<>();
    for (Map.Entry<Hash, Integer> entry : paints.entrySet()) {
      Node node = seen.get(entry.getKey());
      if (node == null) {
        unseen.add(entry.getKey());
      } else {
        checkBelow(node, childGeneration);
        // Still queued: anything popped has a generation of at least childGeneration.
        count(node.paint, -1);
        node.paint |= entry.getValue();
        count(node.paint, +1);
      }
    }
    Map<Hash, Commit> commits = graph.readAll(unseen);
    for (Hash hash : unseen) {
      Node node = new Node(hash, commits.get(hash), paints.get(hash));
      checkBelow(node, childGeneration);
      seen.put(hash, node);
      queue.add(node);
      count(node.paint, +1);
    }
  }

  private static void checkBelow(Node parent, long childGeneration) {
    if (parent.commit.generation() >= childGeneration) {
      throw new IllegalStateException(
          "corrupt history: commit "
              + parent.hash
              + " has generation "
              + parent.commit.generation()
              + ", not below its child's "
              + childGeneration);
    }
  }

  private void count(int paint, int delta) {
    if ((paint & OURS) != 0) queuedWithOurs += delta;
    if ((paint & THEIRS) != 0) queuedWithTheirs += delta;
    if (paint == BOTH) queuedCommon += delta;
  }
}
