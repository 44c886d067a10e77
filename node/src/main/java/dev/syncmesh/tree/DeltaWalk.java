package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.tree.TreeDelta.DeltaNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The walk of {@link TreeDiff}, reporting also the nodes of the newer tree that the older one
 * lacks: a subtree of {@code to} that the walk opens, or a leaf it compares, is exactly one that
 * appears nowhere in {@code from} (a subtree present in both is dropped whole, wherever it sits on
 * the frontier). So the nodes to send, and the records changed, come from reading only the nodes
 * around the changes.
 *
 * <p>When checking (for a tree received from elsewhere, against a trusted one), every node it opens
 * in {@code to} must agree with the entry that points to it (level, last key, records below), every
 * entry of an internal node must end its child on a chunk boundary (all but the tree's last key),
 * an internal root has at least two entries, and a child shared with {@code from} must be described
 * as {@code from} describes it. With the checks of {@link NodeCodec} on each node, that makes the
 * newer tree canonical: the one tree its records give.
 */
final class DeltaWalk {
  private record Ref(Hash hash, int level, String key, long count) {}

  private final NodeReader nodes;
  private final Chunking chunking;
  private final boolean check;
  private final List<Node> found = new ArrayList<>();

  /** Per level, the nodes of {@code from} the walk opened, by last key: bases for patches. */
  private final Map<Integer, TreeMap<String, Hash>> fromNodes = new HashMap<>();

  private String lastKey;

  private DeltaWalk(NodeReader nodes, Chunking chunking, boolean check) {
    this.nodes = nodes;
    this.chunking = chunking;
    this.check = check;
  }

  static TreeDelta run(NodeReader nodes, Chunking chunking, Hash from, Hash to, boolean check) {
    if (from.equals(to)) {
      return TreeDelta.NONE;
    }
    return new DeltaWalk(nodes, chunking, check).walk(from, to);
  }

  private TreeDelta walk(Hash fromRoot, Hash toRoot) {
    Map<Hash, Node> roots = nodes.loadAll(List.of(fromRoot, toRoot));
    Node top = roots.get(toRoot);
    lastKey = top.entryCount() == 0 ? null : top.last().key();
    if (check && !top.isLeaf() && top.entryCount() < 2) {
      throw new MalformedNodeException(toRoot, "an internal root has a single entry");
    }
    List<Ref> from = new ArrayList<>(List.of(rootRef(roots.get(fromRoot))));
    List<Ref> to = new ArrayList<>(List.of(rootRef(top)));
    while (true) {
      dropShared(from, to);
      int level = Math.max(topLevel(from), topLevel(to));
      if (level <= 0) {
        break;
      }
      Map<Hash, Node> opened = nodes.loadAll(hashesAt(level, from, to));
      from = open(from, level, opened, false);
      to = open(to, level, opened, true);
    }
    Map<Hash, Node> leaves = nodes.loadAll(hashesAt(0, from, to));
    to.forEach(ref -> accept(ref, leaves.get(ref.hash())));
    from.forEach(ref -> remember(leaves.get(ref.hash())));
    List<Change> changes = new ArrayList<>();
    TreeDiff.compare(records(from, leaves), records(to, leaves), changes::add);
    List<DeltaNode> delta = new ArrayList<>(found.size());
    for (Node node : found) {
      String key = node.entryCount() == 0 ? "" : node.last().key();
      delta.add(new DeltaNode(node.hash(), node.level(), key, baseFor(node.level(), key)));
    }
    return new TreeDelta(delta, changes);
  }

  private void remember(Node node) {
    if (node.entryCount() > 0) {
      fromNodes
          .computeIfAbsent(node.level(), l -> new TreeMap<>())
          .put(node.last().key(), node.hash());
    }
  }

  /** The opened node of {@code from} at this level whose range holds {@code key}, or the last. */
  private Hash baseFor(int level, String key) {
    TreeMap<String, Hash> candidates = fromNodes.get(level);
    if (candidates == null) {
      return null;
    }
    Map.Entry<String, Hash> base = candidates.ceilingEntry(key);
    return (base != null ? base : candidates.lastEntry()).getValue();
  }

  private static Ref rootRef(Node node) {
    String key = node.entryCount() == 0 ? null : node.last().key();
    return new Ref(node.hash(), node.level(), key, node.size());
  }

  /** Drops subtrees present on both sides; in one tree a subtree appears at most once. */
  private void dropShared(List<Ref> from, List<Ref> to) {
    Map<Hash, Ref> inFrom = new HashMap<>();
    from.forEach(ref -> inFrom.putIfAbsent(ref.hash(), ref));
    Set<Hash> shared = new HashSet<>();
    to.removeIf(
        ref -> {
          Ref twin = inFrom.get(ref.hash());
          if (twin == null) {
            return false;
          }
          if (check && !twin.equals(ref)) {
            throw new MalformedNodeException(
                ref.hash(),
                "it is described as " + describe(ref) + ", but it is " + describe(twin),
                true);
          }
          shared.add(ref.hash());
          return true;
        });
    from.removeIf(ref -> shared.contains(ref.hash()));
  }

  private List<Ref> open(List<Ref> refs, int level, Map<Hash, Node> opened, boolean isTo) {
    List<Ref> next = new ArrayList<>();
    for (Ref ref : refs) {
      if (ref.level() != level) {
        next.add(ref);
        continue;
      }
      Node node = opened.get(ref.hash());
      if (isTo) {
        accept(ref, node);
      } else {
        remember(node);
      }
      for (int i = 0; i < node.entryCount(); i++) {
        NodeEntry entry = node.entry(i);
        next.add(new Ref(entry.hash(), level - 1, entry.key(), entry.count()));
      }
    }
    return next;
  }

  /** Records a node of {@code to} absent from {@code from}, after checking it if asked to. */
  private void accept(Ref ref, Node node) {
    if (check) {
      Ref actual = rootRef(node);
      if (!actual.equals(ref)) {
        throw new MalformedNodeException(
            ref.hash(), "it is described as " + describe(ref) + ", but it is " + describe(actual));
      }
      // Every node but the last of its level ends on a boundary: its last key's rank, or its
      // weight (the node's codec has checked that nothing before its last entry ends it).
      if (node.entryCount() > 0 && !node.last().key().equals(lastKey)) {
        long weight = 0;
        for (int i = 0; i < node.entryCount(); i++) {
          weight += Chunking.weight(node.entry(i).key());
        }
        if (!chunking.endsChunk(node.last().key(), node.level(), weight)) {
          throw new MalformedNodeException(
              node.hash(), "it ends at " + node.last().key() + ", which is not a chunk boundary");
        }
      }
    }
    found.add(node);
  }

  private static String describe(Ref ref) {
    return "level " + ref.level() + " with " + ref.count() + " records up to " + ref.key();
  }

  private static int topLevel(List<Ref> refs) {
    int top = -1;
    for (Ref ref : refs) {
      top = Math.max(top, ref.level());
    }
    return top;
  }

  private static List<Hash> hashesAt(int level, List<Ref> from, List<Ref> to) {
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

  private static List<TreeDiff.Record> records(List<Ref> refs, Map<Hash, Node> leaves) {
    List<TreeDiff.Record> records = new ArrayList<>();
    for (Ref ref : refs) {
      TreeDiff.addRecords(leaves.get(ref.hash()), records);
    }
    return records;
  }
}
