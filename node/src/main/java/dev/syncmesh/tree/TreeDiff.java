package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Diffs two trees level by level. Each side is a frontier of subtrees that together hold the
 * records not yet known to be shared; a subtree found on both sides (same hash, so the same
 * records) is dropped from both, and the highest subtrees left are opened, all of them in one
 * store request. When only leaves remain, their records are compared in key order. Because node
 * boundaries depend only on keys, shared regions show up as shared subtrees, so the walk opens
 * only nodes around changes, with one store request per level.
 */
final class TreeDiff {
  private record Ref(Hash hash, int level) {}

  record Record(String key, Hash value) {}

  private final NodeReader nodes;

  private TreeDiff(NodeReader nodes) {
    this.nodes = nodes;
  }

  static void run(NodeReader nodes, Hash from, Hash to, Consumer<Change> sink) {
    if (!from.equals(to)) {
      new TreeDiff(nodes).walk(from, to, sink);
    }
  }

  private void walk(Hash fromRoot, Hash toRoot, Consumer<Change> sink) {
    Map<Hash, Node> roots = nodes.loadAll(List.of(fromRoot, toRoot));
    List<Ref> from = new ArrayList<>(List.of(new Ref(fromRoot, roots.get(fromRoot).level())));
    List<Ref> to = new ArrayList<>(List.of(new Ref(toRoot, roots.get(toRoot).level())));
    while (true) {
      dropShared(from, to);
      int top = Math.max(topLevel(from), topLevel(to));
      if (top <= 0) {
        break;
      }
      Map<Hash, Node> opened = nodes.loadAll(hashesAt(top, from, to));
      from = open(from, top, opened);
      to = open(to, top, opened);
    }
    Map<Hash, Node> leaves = nodes.loadAll(hashesAt(0, from, to));
    compare(records(from, leaves), records(to, leaves), sink);
  }

  /** Removes every subtree present on both sides (as many times as it is on both). */
  private static void dropShared(List<Ref> from, List<Ref> to) {
    Map<Hash, Integer> inFrom = new HashMap<>();
    for (Ref ref : from) {
      inFrom.merge(ref.hash(), 1, Integer::sum);
    }
    Map<Hash, Integer> shared = new HashMap<>();
    to.removeIf(ref -> take(inFrom, ref.hash()) && shared.merge(ref.hash(), 1, Integer::sum) > 0);
    from.removeIf(ref -> take(shared, ref.hash()));
  }

  /** Takes one occurrence of a hash from a count; false when there is none left. */
  private static boolean take(Map<Hash, Integer> counts, Hash hash) {
    Integer left = counts.get(hash);
    if (left == null) {
      return false;
    }
    if (left == 1) {
      counts.remove(hash);
    } else {
      counts.put(hash, left - 1);
    }
    return true;
  }

  private static int topLevel(List<Ref> refs) {
    int top = -1;
    for (Ref ref : refs) {
      top = Math.max(top, ref.level());
    }
    return top;
  }

  private static Collection<Hash> hashesAt(int level, List<Ref> from, List<Ref> to) {
    List<Hash> hashes = new ArrayList<>();
    for (List<Ref> side : List.of(from, to)) {
      for (Ref ref : side) {
        if (ref.level() == level) {
          hashes.add(ref.hash());
        }
      }
    }
    return hashes;
  }

  /** Replaces the subtrees at {@code level} by their children. */
  private static List<Ref> open(List<Ref> refs, int level, Map<Hash, Node> opened) {
    List<Ref> next = new ArrayList<>();
    for (Ref ref : refs) {
      if (ref.level() != level) {
        next.add(ref);
        continue;
      }
      Node node = opened.get(ref.hash());
      for (int i = 0; i < node.entryCount(); i++) {
        next.add(new Ref(node.entry(i).hash(), level - 1));
      }
    }
    return next;
  }

  private static List<Record> records(List<Ref> refs, Map<Hash, Node> leaves) {
    List<Record> records = new ArrayList<>();
    for (Ref ref : refs) {
      addRecords(leaves.get(ref.hash()), records);
    }
    return records;
  }

  /**
   * Appends a leaf's records. The walk keeps its subtrees in key order and a node's keys are in
   * order, so the records come sorted with no sort; a leaf whose first key is not after the
   * records before it belongs to a malformed tree and is refused.
   */
  static void addRecords(Node leaf, List<Record> records) {
    if (leaf.entryCount() == 0) {
      return;
    }
    String first = leaf.entry(0).key();
    if (!records.isEmpty() && first.compareTo(records.get(records.size() - 1).key()) <= 0) {
      throw new MalformedNodeException(
          leaf.hash(), "its first key " + first + " is not after the keys of the node before it");
    }
    for (int i = 0; i < leaf.entryCount(); i++) {
      records.add(new Record(leaf.entry(i).key(), leaf.entry(i).hash()));
    }
  }

  static void compare(List<Record> from, List<Record> to, Consumer<Change> sink) {
    int i = 0;
    int j = 0;
    while (i < from.size() || j < to.size()) {
      Record a = i < from.size() ? from.get(i) : null;
      Record b = j < to.size() ? to.get(j) : null;
      int order = a == null ? 1 : b == null ? -1 : a.key().compareTo(b.key());
      if (order < 0) {
        emit(sink, a.key(), a.value(), null);
        i++;
      } else if (order > 0) {
        emit(sink, b.key(), null, b.value());
        j++;
      } else {
        if (!a.value().equals(b.value())) {
          emit(sink, a.key(), a.value(), b.value());
        }
        i++;
        j++;
      }
    }
  }

  private static void emit(Consumer<Change> sink, String key, Hash before, Hash after) {
    sink.accept(new Change(ProllyTree.toKey(key), before, after));
  }
}
