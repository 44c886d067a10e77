package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.store.InMemoryObjectStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the tree against a {@code TreeMap} model. Small chunkings (fan-out 2 and 4) grow
 * deep trees from a few hundred keys, so every level's re-cutting is exercised.
 */
class ProllyTreePropertiesTest {

  /** A put of value {@code value} to key {@code key}, or a delete when the value is negative. */
  record Op(int key, int value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 400), Arbitraries.integers().between(-1, 4))
        .as(Op::new)
        .list()
        .ofMaxSize(500);
  }

  @Provide
  Arbitrary<Chunking> chunkings() {
    return Arbitraries.of(new Chunking(1), new Chunking(2), Chunking.DEFAULT);
  }

  @Property(tries = 120)
  void sameRecordsGiveTheSameRootWhateverTheHistory(
      @ForAll("chunkings") Chunking chunking, @ForAll("ops") List<Op> ops, @ForAll Random random) {
    ProllyTree tree = tree(chunking);
    TreeMap<RecordKey, Hash> model = new TreeMap<>();
    Hash edited = applyInBatches(tree, ProllyTree.EMPTY, edits(ops), model, random);
    Hash built = build(tree, model);
    assertThat(edited).isEqualTo(built);

    List<Edit> noise = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(80); i++) {
      noise.add(new Edit(key(1000 + random.nextInt(300)), Optional.of(value(i))));
    }
    List<Edit> puts = new ArrayList<>(noise);
    model.forEach((key, value) -> puts.add(new Edit(key, Optional.of(value))));
    Collections.shuffle(puts, random);
    List<Edit> deletes = new ArrayList<>();
    noise.forEach(edit -> deletes.add(new Edit(edit.key(), Optional.empty())));
    Collections.shuffle(deletes, random);
    puts.addAll(deletes);
    assertThat(applyInBatches(tree, ProllyTree.EMPTY, puts, new TreeMap<>(), random))
        .isEqualTo(built);

    List<Edit> deleteAll = new ArrayList<>();
    model.keySet().forEach(key -> deleteAll.add(new Edit(key, Optional.empty())));
    Collections.shuffle(deleteAll, random);
    int kept = Math.min(deleteAll.size(), random.nextInt(4));
    TreeMap<RecordKey, Hash> few = new TreeMap<>(model);
    Hash shrunk =
        applyInBatches(tree, built, deleteAll.subList(kept, deleteAll.size()), few, random);
    assertThat(shrunk).isEqualTo(build(tree, few));
    Hash emptied = applyInBatches(tree, shrunk, deleteAll.subList(0, kept), few, random);
    assertThat(emptied).isEqualTo(ProllyTree.EMPTY);
  }

  @Property(tries = 120)
  void diffReportsExactlyTheAppliedChanges(
      @ForAll("chunkings") Chunking chunking,
      @ForAll("ops") List<Op> base,
      @ForAll("ops") List<Op> changes) {
    ProllyTree tree = tree(chunking);
    TreeMap<RecordKey, Hash> before = new TreeMap<>();
    edits(base).forEach(edit -> edit.applyTo(before));
    Hash from = build(tree, before);
    TreeMap<RecordKey, Optional<Hash>> batch = new TreeMap<>();
    edits(changes).forEach(edit -> batch.put(edit.key(), edit.value()));
    Hash to = tree.apply(from, batch);

    List<Change> expected = new ArrayList<>();
    batch.forEach(
        (key, value) -> {
          if (!Objects.equals(before.get(key), value.orElse(null))) {
            expected.add(new Change(key, before.get(key), value.orElse(null)));
          }
        });
    assertThat(tree.diff(from, to)).isEqualTo(expected);
    assertThat(tree.diff(to, from))
        .isEqualTo(expected.stream().map(Change::reversed).collect(Collectors.toList()));
    assertThat(tree.diff(from, from)).isEmpty();
    assertThat(tree.diff(ProllyTree.EMPTY, from))
        .isEqualTo(
            before.entrySet().stream()
                .map(e -> new Change(e.getKey(), null, e.getValue()))
                .collect(Collectors.toList()));
  }

  @Property(tries = 120)
  void readsAgreeWithTheModel(
      @ForAll("chunkings") Chunking chunking, @ForAll("ops") List<Op> ops, @ForAll Random random) {
    ProllyTree tree = tree(chunking);
    TreeMap<RecordKey, Hash> model = new TreeMap<>();
    Hash root = applyInBatches(tree, ProllyTree.EMPTY, edits(ops), model, random);

    assertThat(tree.size(root)).isEqualTo(model.size());
    List<RecordKey> sample = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sample.add(key(random.nextInt(420)));
    }
    Map<RecordKey, Hash> expected = new TreeMap<>(model);
    expected.keySet().retainAll(sample);
    assertThat(tree.getAll(root, sample)).isEqualTo(expected);
    for (RecordKey key : sample.subList(0, 5)) {
      assertThat(tree.get(root, key)).isEqualTo(Optional.ofNullable(model.get(key)));
    }

    assertThat(pageThrough(tree, root, null, 1 + random.nextInt(9))).isEqualTo(entries(model));
    String collection = "c" + random.nextInt(3);
    TreeMap<RecordKey, Hash> inCollection = new TreeMap<>(model);
    inCollection.keySet().removeIf(key -> !key.collection().equals(collection));
    assertThat(pageThrough(tree, root, collection, 1 + random.nextInt(9)))
        .isEqualTo(entries(inCollection));

    RecordKey after = key(random.nextInt(420));
    int limit = random.nextInt(30);
    List<TreeEntry> expectedPage =
        entries(model.tailMap(after, false)).stream().limit(limit).collect(Collectors.toList());
    assertThat(tree.list(root, null, after, limit)).isEqualTo(expectedPage);
  }

  @Property(tries = 12)
  void largeTreesWithTheDefaultChunking(@ForAll Random random) {
    ProllyTree tree = tree(Chunking.DEFAULT);
    TreeMap<RecordKey, Hash> model = new TreeMap<>();
    int size = 2000 + random.nextInt(6000);
    for (int i = 0; i < size; i++) {
      model.put(key(random.nextInt(20_000)), value(random.nextInt(5)));
    }
    Hash from = build(tree, model);
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(400); i++) {
      RecordKey key = key(random.nextInt(20_000));
      edits.add(new Edit(key, random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value(i))));
    }
    TreeMap<RecordKey, Hash> after = new TreeMap<>(model);
    Hash to = applyInBatches(tree, from, edits, after, random);
    assertThat(to).isEqualTo(build(tree, after));
    assertThat(tree.size(to)).isEqualTo(after.size());
    List<Change> changes = tree.diff(from, to);
    TreeMap<RecordKey, Hash> replayed = new TreeMap<>(model);
    changes.forEach(
        change -> new Edit(change.key(), Optional.ofNullable(change.after())).applyTo(replayed));
    assertThat(replayed).isEqualTo(after);
  }

  record Edit(RecordKey key, Optional<Hash> value) {
    void applyTo(Map<RecordKey, Hash> model) {
      if (value.isPresent()) {
        model.put(key, value.get());
      } else {
        model.remove(key);
      }
    }
  }

  static ProllyTree tree(Chunking chunking) {
    return new ProllyTree(new InMemoryObjectStore(), 256, chunking);
  }

  static RecordKey key(int i) {
    return new RecordKey("c" + i % 3, "k" + i);
  }

  static Hash value(int v) {
    return new Hash(v, 0, 0, v + 1);
  }

  static List<Edit> edits(List<Op> ops) {
    return ops.stream().map(ProllyTreePropertiesTest::edit).collect(Collectors.toList());
  }

  static Edit edit(Op op) {
    return new Edit(
        key(op.key()), op.value() < 0 ? Optional.empty() : Optional.of(value(op.value())));
  }

  /** Applies the edits in order, in batches of random sizes, to the tree and to the model. */
  static Hash applyInBatches(
      ProllyTree tree, Hash root, List<Edit> edits, Map<RecordKey, Hash> model, Random random) {
    int start = 0;
    while (start < edits.size()) {
      int end = Math.min(edits.size(), start + 1 + random.nextInt(60));
      TreeMap<RecordKey, Optional<Hash>> batch = new TreeMap<>();
      for (Edit edit : edits.subList(start, end)) {
        batch.put(edit.key(), edit.value());
        edit.applyTo(model);
      }
      root = tree.apply(root, batch);
      start = end;
    }
    return root;
  }

  static Hash build(ProllyTree tree, TreeMap<RecordKey, Hash> model) {
    return tree.build(entries(model).iterator());
  }

  static List<TreeEntry> entries(Map<RecordKey, Hash> model) {
    return model.entrySet().stream()
        .map(e -> new TreeEntry(e.getKey(), e.getValue()))
        .collect(Collectors.toList());
  }

  static List<TreeEntry> pageThrough(ProllyTree tree, Hash root, String collection, int limit) {
    List<TreeEntry> all = new ArrayList<>();
    RecordKey after = null;
    while (true) {
      List<TreeEntry> page = tree.list(root, collection, after, limit);
      all.addAll(page);
      if (page.size() < limit) {
        return all;
      }
      after = page.get(page.size() - 1).key();
    }
  }
}
