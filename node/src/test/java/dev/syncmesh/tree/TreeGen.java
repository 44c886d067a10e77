package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.testing.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Random and exhaustive edit sequences for the tree's property tests. */
final class TreeGen {
  /** Fan-out 2 and 4 grow deep trees from a few hundred keys; the default is the real one. */
  static final List<Chunking> CHUNKINGS =
      List.of(
          new Chunking(1),
          new Chunking(2),
          Chunking.DEFAULT,
          // Chunks cut by weight as often as by rank: the boundary rule's second half, everywhere.
          new Chunking(2, Chunking.MIN_CHUNK_WEIGHT),
          new Chunking(6, Chunking.MIN_CHUNK_WEIGHT));

  private TreeGen() {}

  /** A put of value {@code value} to key {@code key}, or a delete when the value is negative. */
  record Op(int key, int value) {
    @Override
    public String toString() {
      return value < 0 ? "-" + key : key + "=" + value;
    }
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

  static Chunking chunking(Gen gen) {
    return gen.pick(CHUNKINGS);
  }

  /**
   * Up to {@code maxSize} puts (values 0 to 4) and deletes of keys 0 to 400. Some sequences keep
   * to a few keys, so that keys are often put, overwritten and deleted again.
   */
  static List<Op> ops(Gen gen, int maxSize) {
    int keys = gen.pick(8, 60, 401);
    List<Op> ops = new ArrayList<>();
    for (int i = gen.size(maxSize); i > 0; i--) {
      ops.add(new Op(gen.nextInt(keys), gen.between(-1, 4)));
    }
    return ops;
  }

  /** Every sequence of at most two puts or deletes of keys 0 and 1 with values 0 and 1. */
  static List<List<Op>> shortOps() {
    List<Op> single = new ArrayList<>();
    for (int key = 0; key <= 1; key++) {
      for (int value = -1; value <= 1; value++) {
        single.add(new Op(key, value));
      }
    }
    List<List<Op>> all = new ArrayList<>();
    all.add(List.of());
    for (Op a : single) {
      all.add(List.of(a));
      for (Op b : single) {
        all.add(List.of(a, b));
      }
    }
    return all;
  }

  static RecordKey key(int i) {
    return new RecordKey("c" + i % 3, "k" + i);
  }

  static Hash value(int v) {
    return new Hash(v, 0, 0, v + 1);
  }

  static List<Edit> edits(List<Op> ops) {
    return ops.stream().map(TreeGen::edit).collect(Collectors.toList());
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
}
