package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProllyTreeTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ProllyTree tree = new ProllyTree(store, 1024);

  @Test
  void theEmptyTreeIsStoredAndEmpty() {
    assertThat(store.get(ProllyTree.EMPTY)).isPresent();
    assertThat(tree.size(ProllyTree.EMPTY)).isZero();
    assertThat(tree.height(ProllyTree.EMPTY)).isEqualTo(1);
    assertThat(tree.list(ProllyTree.EMPTY, null, null, 10)).isEmpty();
    assertThat(tree.get(ProllyTree.EMPTY, key("a", 1))).isEmpty();
    assertThat(tree.diff(ProllyTree.EMPTY, ProllyTree.EMPTY)).isEmpty();
    assertThat(tree.build(List.<TreeEntry>of().iterator())).isEqualTo(ProllyTree.EMPTY);
    assertThat(tree.apply(ProllyTree.EMPTY, edits(Map.of(key("a", 1), Optional.empty()))))
        .isEqualTo(ProllyTree.EMPTY);
  }

  @Test
  void applyWritesOneBatchAndEveryNodeOfTheRootIsStored() {
    CountingStore counting = new CountingStore();
    ProllyTree writer = new ProllyTree(counting, 16, new Chunking(2));
    Hash root = writer.build(entries(2000).iterator());
    int batches = counting.batches.get();
    TreeMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      edits.put(key("c" + i % 3, i * 7), i % 4 == 0 ? Optional.empty() : Optional.of(value(-i)));
    }
    Hash changed = writer.apply(root, edits);
    assertThat(counting.batches.get()).isEqualTo(batches + 1);

    ProllyTree reader = new ProllyTree(counting, 16, new Chunking(2));
    List<TreeEntry> all = reader.list(changed, null, null, Integer.MAX_VALUE);
    assertThat(all).hasSize((int) writer.size(changed));
    assertThat(reader.diff(root, changed)).isEqualTo(writer.diff(root, changed));
  }

  @Test
  void editsThatChangeNothingWriteNothing() {
    Hash root = tree.build(entries(500).iterator());
    long written = tree.nodesWritten();
    TreeMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    edits.put(key("zz", 1), Optional.empty());
    edits.put(key("c0", 0), Optional.of(value(0)));
    assertThat(tree.apply(root, edits)).isEqualTo(root);
    assertThat(tree.nodesWritten()).isEqualTo(written);
  }

  @Test
  void heightGrowsAndShrinksWithTheRecords() {
    ProllyTree deep = new ProllyTree(store, 1024, new Chunking(2));
    TreeMap<RecordKey, Optional<Hash>> puts = new TreeMap<>();
    entries(3000).forEach(entry -> puts.put(entry.key(), Optional.of(entry.value())));
    Hash big = deep.apply(ProllyTree.EMPTY, puts);
    assertThat(deep.height(big)).isGreaterThanOrEqualTo(5);
    assertThat(big).isEqualTo(deep.build(entries(3000).iterator()));

    TreeMap<RecordKey, Optional<Hash>> deletes = new TreeMap<>();
    puts.keySet().stream().skip(1).forEach(key -> deletes.put(key, Optional.empty()));
    Hash one = deep.apply(big, deletes);
    assertThat(deep.height(one)).isEqualTo(1);
    assertThat(deep.list(one, null, null, 10)).containsExactly(entries(3000).get(0));
  }

  @Test
  void listingFiltersByCollectionAndPagesAfterAKey() {
    List<TreeEntry> entries = new ArrayList<>();
    for (String collection : List.of("a", "a-b", "ab", "b")) {
      for (int i = 0; i < 3; i++) {
        entries.add(new TreeEntry(key(collection, i), value(i)));
      }
    }
    entries.sort((x, y) -> x.key().compareTo(y.key()));
    Hash root = tree.build(entries.iterator());
    assertThat(tree.list(root, "a", null, 10))
        .extracting(entry -> entry.key().toString())
        .containsExactly("a/k000000", "a/k000001", "a/k000002");
    assertThat(tree.list(root, "a", key("a", 0), 1))
        .extracting(entry -> entry.key().toString())
        .containsExactly("a/k000001");
    assertThat(tree.list(root, "ab", key("a", 0), 10)).hasSize(3);
    assertThat(tree.list(root, "a-b", key("a", 0), 10)).as("a-b/ sorts before a/").isEmpty();
    assertThat(tree.list(root, "a-b", null, 10)).hasSize(3);
    assertThat(tree.list(root, "c", null, 10)).isEmpty();
    assertThat(tree.list(root, null, key("zz", 0), 10)).isEmpty();
    assertThat(tree.list(root, null, null, 0)).isEmpty();
    assertThatThrownBy(() -> tree.list(root, "Bad", null, 1)).hasMessageContaining("collection");
  }

  @Test
  void buildRefusesEntriesOutOfOrder() {
    List<TreeEntry> entries = new ArrayList<>(entries(3));
    entries.add(entries.get(0));
    assertThatThrownBy(() -> tree.build(entries.iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increasing key order");
  }

  @Test
  void malformedOrMissingNodesAreRefused() {
    StoredObject blob = StoredObject.of(ObjectKind.BLOB, new byte[] {1, 0, 0});
    StoredObject garbage = StoredObject.of(ObjectKind.NODE, new byte[] {1, 0, 5, 1});
    store.putAll(List.of(blob, garbage));
    assertThatThrownBy(() -> tree.size(blob.hash())).isInstanceOf(MalformedNodeException.class);
    assertThatThrownBy(() -> tree.get(garbage.hash(), key("a", 1)))
        .isInstanceOf(MalformedNodeException.class);
    assertThatThrownBy(() -> tree.list(new Hash(9, 9, 9, 9), null, null, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in the object store");
  }

  @Test
  void concurrentAppliesGiveTheSameRootsAsSequentialOnes() {
    Hash base = tree.build(entries(5000).iterator());
    List<TreeMap<RecordKey, Optional<Hash>>> batches =
        IntStream.range(0, 16)
            .mapToObj(
                b -> {
                  TreeMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
                  for (int i = 0; i < 50; i++) {
                    edits.put(key("c" + i % 3, b * 311 + i * 13), Optional.of(value(b)));
                  }
                  return edits;
                })
            .toList();
    List<Hash> parallel = batches.parallelStream().map(e -> tree.apply(base, e)).toList();
    ProllyTree fresh = new ProllyTree(new InMemoryObjectStore(), 64);
    Hash freshBase = fresh.build(entries(5000).iterator());
    assertThat(batches.stream().map(e -> fresh.apply(freshBase, e)).toList())
        .isEqualTo(parallel);
  }

  private static RecordKey key(String collection, int i) {
    return new RecordKey(collection, String.format("k%06d", i));
  }

  private static Hash value(int i) {
    return new Hash(i, i, 0, 7);
  }

  /** Records in three collections, in key order. */
  private static List<TreeEntry> entries(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new TreeEntry(key("c" + i % 3, i), value(i)))
        .sorted((x, y) -> x.key().compareTo(y.key()))
        .toList();
  }

  private static TreeMap<RecordKey, Optional<Hash>> edits(Map<RecordKey, Optional<Hash>> map) {
    return new TreeMap<>(map);
  }

  /** An in-memory store that counts write batches. */
  private static final class CountingStore implements ObjectStore {
    final InMemoryObjectStore delegate = new InMemoryObjectStore();
    final AtomicInteger batches = new AtomicInteger();

    @Override
    public void putAll(Collection<StoredObject> objects) {
      batches.incrementAndGet();
      delegate.putAll(objects);
    }

    @Override
    public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
      return delegate.getAll(hashes);
    }

    @Override
    public Set<Hash> missing(Collection<Hash> hashes) {
      return delegate.missing(hashes);
    }

    @Override
    public ObjectStoreStats stats() {
      return delegate.stats();
    }
  }
}
