package dev.syncmesh.tree;

import static dev.syncmesh.tree.TreeGen.CHUNKINGS;
import static dev.syncmesh.tree.TreeGen.applyInBatches;
import static dev.syncmesh.tree.TreeGen.chunking;
import static dev.syncmesh.tree.TreeGen.edits;
import static dev.syncmesh.tree.TreeGen.key;
import static dev.syncmesh.tree.TreeGen.ops;
import static dev.syncmesh.tree.TreeGen.shortOps;
import static dev.syncmesh.tree.TreeGen.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.testing.Cases;
import dev.syncmesh.tree.TreeDelta.DeltaNode;
import dev.syncmesh.tree.TreeGen.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tree delta against a brute-force model: every node of one tree minus every node of another.
 */
class TreeDeltaTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  @Seeds(150)
  void deltaIsExactlyTheNodesOfToAbsentFromFromAndTheChanges(Gen gen) {
    Chunking chunking = chunking(gen);
    List<Op> base = ops(gen, 400);
    List<Op> edits = ops(gen, 400);
    checkDelta(chunking, base, edits.subList(0, edits.size() / 4), gen);
  }

  @Test
  void deltaIsExactlyTheNodesOfToAbsentFromFromAndTheChangesForShortHistories() {
    for (Chunking chunking : CHUNKINGS) {
      for (List<Op> base : shortOps()) {
        for (List<Op> changes : shortOps()) {
          Cases.check(
              chunking + " " + base + " then " + changes,
              () -> checkDelta(chunking, base, changes, new Gen(0)));
        }
      }
    }
  }

  /** Deltas between the tree of {@code base}, it after {@code changes}, and the empty tree. */
  private static void checkDelta(
      Chunking chunking, List<Op> base, List<Op> changes, Random random) {
    InMemoryObjectStore store = new InMemoryObjectStore();
    ProllyTree tree = new ProllyTree(store, 64, chunking);
    Hash from = applyInBatches(tree, ProllyTree.EMPTY, edits(base), new TreeMap<>(), random);
    Hash to =
        applyInBatches(
            tree, from, edits(changes), new TreeMap<>(), random);

    for (Hash[] pair : new Hash[][] {{from, to}, {to, from}, {ProllyTree.EMPTY, to}}) {
      TreeDelta delta = tree.delta(pair[0], pair[1]);
      Set<Hash> expected = reachable(store, chunking, pair[1]);
      if (!pair[0].equals(pair[1])) {
        expected.removeAll(reachable(store, chunking, pair[0]));
      } else {
        expected.clear();
      }
      assertThat(delta.nodes().stream().map(DeltaNode::hash).collect(Collectors.toSet()))
          .isEqualTo(expected);
      assertThat(delta.nodes()).hasSize(expected.size());
      assertThat(delta.changes()).isEqualTo(tree.diff(pair[0], pair[1]));
      assertThat(tree.checkedDelta(pair[0], pair[1])).isEqualTo(delta);
    }
  }

  @Test
  void checkedDeltaRefusesAParentThatMisdescribesAChild() {
    ProllyTree tree = new ProllyTree(store, 64, new Chunking(1));
    TreeMap<RecordKey, java.util.Optional<Hash>> puts = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      puts.put(key(i), java.util.Optional.of(value(i)));
    }
    Hash root = tree.apply(ProllyTree.EMPTY, puts);
    Node node = NodeCodec.decode(store.get(root).orElseThrow(), new Chunking(1));
    assertThat(node.isLeaf()).isFalse();

    List<NodeEntry> entries = entries(node);
    NodeEntry first = entries.get(0);
    entries.set(0, new NodeEntry(first.key(), first.hash(), first.count() + 1));
    Hash miscounted = put(NodeCodec.encode(node.level(), entries));
    assertThatThrownBy(() -> tree.checkedDelta(ProllyTree.EMPTY, miscounted))
        .isInstanceOf(MalformedNodeException.class);
    assertThatThrownBy(() -> tree.checkedDelta(root, miscounted))
        .isInstanceOf(MalformedNodeException.class);

    Hash single = put(NodeCodec.encode(node.level(), List.of(first)));
    assertThatThrownBy(() -> tree.checkedDelta(ProllyTree.EMPTY, single))
        .hasMessageContaining("single entry");

    Hash absent = new Hash(1, 2, 3, 4);
    entries = entries(node);
    entries.set(0, new NodeEntry(first.key(), absent, first.count()));
    Hash dangling = put(NodeCodec.encode(node.level(), entries));
    assertThatThrownBy(() -> tree.checkedDelta(root, dangling))
        .isInstanceOf(MissingNodeException.class);
  }

  @Test
  void checkedDeltaRefusesAChildThatDoesNotEndOnABoundary() {
    Chunking chunking = Chunking.DEFAULT;
    ProllyTree tree = new ProllyTree(store, 64, chunking);
    String a = null;
    String b = null;
    for (int i = 0; b == null; i++) {
      String k = "c/k" + i;
      if (!chunking.endsChunk(k, 0)) {
        if (a == null) {
          a = k;
        } else if (k.compareTo(a) > 0) {
          b = k;
        }
      }
    }
    Hash leafA = put(NodeCodec.encode(0, List.of(new NodeEntry(a, value(1), 1))));
    Hash leafB = put(NodeCodec.encode(0, List.of(new NodeEntry(b, value(2), 1))));
    Hash parent =
        put(NodeCodec.encode(1, List.of(new NodeEntry(a, leafA, 1), new NodeEntry(b, leafB, 1))));
    assertThatThrownBy(() -> tree.checkedDelta(ProllyTree.EMPTY, parent))
        .hasMessageContaining("chunk boundary");
  }

  @Test
  void checkedDeltaRefusesLeavesWhoseKeysOverlap() {
    Chunking chunking = Chunking.DEFAULT;
    ProllyTree tree = new ProllyTree(store, 64, chunking);
    List<String> inner = new ArrayList<>();
    List<String> boundaries = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String k = "c/k" + (1_000 + i);
      (chunking.endsChunk(k, 0) ? boundaries : inner).add(k);
    }
    String boundary =
        boundaries.stream()
            .filter(k -> inner.stream().filter(i -> i.compareTo(k) < 0).count() >= 2)
            .filter(k -> inner.stream().anyMatch(i -> i.compareTo(k) > 0))
            .findFirst()
            .orElseThrow();
    List<String> below = inner.stream().filter(k -> k.compareTo(boundary) < 0).toList();
    List<String> above = inner.stream().filter(k -> k.compareTo(boundary) > 0).toList();
    // The second leaf starts below where the first one ends: every node is well formed on its
    // own, and the records, sorted, would make a valid set, but no canonical tree looks like this.
    Hash first =
        put(NodeCodec.encode(0, List.of(new NodeEntry(below.get(1), value(1), 1), new NodeEntry(boundary, value(2), 1))));
    Hash second =
        put(NodeCodec.encode(0, List.of(new NodeEntry(below.get(0), value(3), 1), new NodeEntry(above.get(0), value(4), 1))));
    Hash parent =
        put(NodeCodec.encode(1, List.of(new NodeEntry(boundary, first, 2), new NodeEntry(above.get(0), second, 2))));
    assertThatThrownBy(() -> tree.checkedDelta(ProllyTree.EMPTY, parent))
        .isInstanceOf(MalformedNodeException.class)
        .hasMessageContaining("is not after the keys of the node before it");
  }

  private Hash put(StoredObject object) {
    store.putAll(List.of(object));
    return object.hash();
  }

  private static List<NodeEntry> entries(Node node) {
    List<NodeEntry> entries = new ArrayList<>();
    for (int i = 0; i < node.entryCount(); i++) {
      entries.add(node.entry(i));
    }
    return entries;
  }

  private static Set<Hash> reachable(InMemoryObjectStore store, Chunking chunking, Hash root) {
    Set<Hash> seen = new HashSet<>();
    Deque<Hash> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Hash hash = todo.pop();
      if (!seen.add(hash)) {
        continue;
      }
      Node node = NodeCodec.decode(store.get(hash).orElseThrow(), chunking);
      for (int i = 0; i < node.entryCount() && !node.isLeaf(); i++) {
        todo.push(node.entry(i).hash());
      }
    }
    return seen;
  }
}
