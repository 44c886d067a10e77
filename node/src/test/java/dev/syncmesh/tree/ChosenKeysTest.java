package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackLimits;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A writer who chooses record ids can pick keys of rank 0 only (63 in 64 keys are), which end no
 * chunk: without a bound on a chunk's weight their leaf grows without end, past the 1 MiB a pack
 * may carry for a node, and the peer can never federate. With it every node stays within the
 * chunk weight, the tree is still the same whatever the history, and it passes the checks another
 * mesh makes.
 */
class ChosenKeysTest {
  /** About 1.4 MB of keys with no boundary: one leaf of that size without the weight rule. */
  private static final int KEYS = 11_000;

  @Test
  void keysWithoutABoundaryStillMakeBoundedNodesAndTheSameTreeWhateverTheHistory() {
    List<RecordKey> keys = chosenKeys();
    InMemoryObjectStore store = new InMemoryObjectStore();
    ProllyTree tree = new ProllyTree(store, 1024);

    Hash built = tree.build(keys.stream().map(key -> new TreeEntry(key, value(key))).iterator());
    List<RecordKey> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(7));
    Hash edited = ProllyTree.EMPTY;
    for (int from = 0; from < shuffled.size(); from += 997) {
      TreeMap<RecordKey, Optional<Hash>> batch = new TreeMap<>();
      shuffled.subList(from, Math.min(shuffled.size(), from + 997))
          .forEach(key -> batch.put(key, Optional.of(value(key))));
      edited = tree.apply(edited, batch);
    }
    assertThat(edited).isEqualTo(built);
    assertThat(tree.size(built)).isEqualTo(KEYS);
    assertThat(tree.height(built)).as("more than one leaf").isGreaterThan(1);
    assertBounded(tree, store, built);

    // Deleting every other key gives the tree of the keys left.
    TreeMap<RecordKey, Optional<Hash>> deletes = new TreeMap<>();
    List<RecordKey> left = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (i % 2 == 0) {
        deletes.put(keys.get(i), Optional.empty());
      } else {
        left.add(keys.get(i));
      }
    }
    Hash thinned = tree.apply(built, deletes);
    assertThat(thinned)
        .isEqualTo(tree.build(left.stream().map(key -> new TreeEntry(key, value(key))).iterator()));
    assertBounded(tree, store, thinned);
  }

  /** Every node of the tree within the chunk weight, and the tree as another mesh checks it. */
  private static void assertBounded(ProllyTree tree, InMemoryObjectStore store, Hash root) {
    TreeDelta delta = tree.checkedDelta(ProllyTree.EMPTY, root);
    assertThat(delta.nodes()).isNotEmpty();
    for (TreeDelta.DeltaNode node : delta.nodes()) {
      StoredObject object = store.getAll(List.of(node.hash())).get(node.hash());
      assertThat(object.size())
          .as("node at level " + node.level() + " up to " + node.lastKey())
          .isLessThanOrEqualTo((int) Chunking.DEFAULT_MAX_CHUNK_WEIGHT + 300)
          .isLessThan(PackLimits.MAX_NODE_BYTES);
    }
  }

  /** Keys with long ids, each of rank 0: not one of them ends a chunk at any level. */
  private static List<RecordKey> chosenKeys() {
    List<RecordKey> keys = new ArrayList<>();
    String padding = "chosen-".repeat(16);
    for (int i = 0; keys.size() < KEYS; i++) {
      RecordKey key = new RecordKey("issues", padding + i);
      if (Chunking.DEFAULT.rank(key.toString()) == 0) {
        keys.add(key);
      }
    }
    Collections.sort(keys);
    return keys;
  }

  private static Hash value(RecordKey key) {
    long h = key.hashCode();
    return new Hash(h, h * 31, 1, 2);
  }
}
