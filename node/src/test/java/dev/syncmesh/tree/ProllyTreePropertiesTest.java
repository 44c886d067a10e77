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

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.testing.Cases;
import dev.syncmesh.tree.TreeGen.Edit;
import dev.syncmesh.tree.TreeGen.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the tree against a {@code TreeMap} model. Small chunkings (fan-out 2 and 4) grow
 * deep trees from a few hundred keys, so every level's re-cutting is exercised.
 */
class ProllyTreePropertiesTest {

  @Seeds(120)
  void sameRecordsGiveTheSameRootWhateverTheHistory(Gen gen) {
    checkSameRoot(chunking(gen), ops(gen, 500), gen);
  }

  @ParameterizedTest
  @MethodSource("shortHistories")
  void sameRecordsGiveTheSameRootForShortHistories(Chunking chunking, List<Op> ops) {
    checkSameRoot(chunking, ops, new Gen(0));
  }

  private static void checkSameRoot(Chunking chunking, List<Op> ops, Random random) {
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

  @Seeds(120)
  void diffReportsExactlyTheAppliedChanges(Gen gen) {
    checkDiff(chunking(gen), ops(gen, 500), ops(gen, 500));
  }

  @Test
  void diffReportsExactlyTheAppliedChangesForShortHistories() {
    for (Chunking chunking : CHUNKINGS) {
      for (List<Op> base : shortOps()) {
        for (List<Op> changes : shortOps()) {
          Cases.check(
              chunking + " " + base + " then " + changes, () -> checkDiff(chunking, base, changes));
        }
      }
    }
  }

  private static void checkDiff(Chunking chunking, List<Op> base, List<Op> changes) {
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

  @Seeds(120)
  void readsAgreeWithTheModel(Gen gen) {
    checkReads(chunking(gen), ops(gen, 500), gen);
  }

  @ParameterizedTest
  @MethodSource("shortHistories")
  void readsAgreeWithTheModelForShortHistories(Chunking chunking, List<Op> ops) {
    checkReads(chunking, ops, new Gen(0));
  }

  private static void checkReads(Chunking chunking, List<Op> ops, Random random) {
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

  @Seeds(12)
  void largeTreesWithTheDefaultChunking(Gen gen) {
    ProllyTree tree = tree(Chunking.DEFAULT);
    TreeMap<RecordKey, Hash> model = new TreeMap<>();
    int size = 2000 + gen.nextInt(6000);
    for (int i = 0; i < size; i++) {
      model.put(key(gen.nextInt(20_000)), value(gen.nextInt(5)));
    }
    Hash from = build(tree, model);
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < 1 + gen.nextInt(400); i++) {
      RecordKey key = key(gen.nextInt(20_000));
      edits.add(new Edit(key, gen.nextInt(3) == 0 ? Optional.empty() : Optional.of(value(i))));
    }
    TreeMap<RecordKey, Hash> after = new TreeMap<>(model);
    Hash to = applyInBatches(tree, from, edits, after, gen);
    assertThat(to).isEqualTo(build(tree, after));
    assertThat(tree.size(to)).isEqualTo(after.size());
    List<Change> changes = tree.diff(from, to);
    TreeMap<RecordKey, Hash> replayed = new TreeMap<>(model);
    changes.forEach(
        change -> new Edit(change.key(), Optional.ofNullable(change.after())).applyTo(replayed));
    assertThat(replayed).isEqualTo(after);
  }

  static Stream<Arguments> shortHistories() {
    return CHUNKINGS.stream()
        .flatMap(chunking -> shortOps().stream().map(ops -> Arguments.of(chunking, ops)));
  }

  static ProllyTree tree(Chunking chunking) {
    return new ProllyTree(new InMemoryObjectStore(), 256, chunking);
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
