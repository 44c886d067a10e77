package dev.syncmesh.merge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * The three-way merge of two trees from their base: our tree plus their changes, with records
 * changed on both sides merged field by field ({@link FieldMerge}). Work grows with the number of
 * records changed since the base, not with the size of the trees. Writes the merged records and
 * tree nodes before returning; stateless otherwise.
 */
public final class TreeMerge {
  private final ProllyTree tree;
  private final ObjectStore store;
  private final Executor executor;
  private final FieldMerge fieldMerge = new FieldMerge();

  /** A merge that does all its work on the calling thread. */
  public TreeMerge(ProllyTree tree, ObjectStore store) {
    this(tree, store, Runnable::run);
  }

  /**
   * A merge that reads their side's changes on {@code executor} while it reads ours: the two
   * diffs are independent, and each mostly waits on the store.
   */
  public TreeMerge(ProllyTree tree, ObjectStore store, Executor executor) {
    this.tree = tree;
    this.store = store;
    this.executor = executor;
  }

  /** Merges with a strategy, or without one ({@code null}): conflicts then stay unresolved. */
  public TreeMergeResult merge(Hash base, Hash ours, Hash theirs, MergeStrategy strategyOrNull) {
    return merge(base, ours, theirs, MergeRules.NONE, strategyOrNull);
  }

  /** Merges with rules, then a strategy or none (see {@link FieldMerge}). */
  public TreeMergeResult merge(
      Hash base, Hash ours, Hash theirs, MergeRules rules, MergeStrategy strategyOrNull) {
    return run(
        base,
        ours,
        theirs,
        (key, sides) ->
            fieldMerge.merge(sides.base, sides.ours, sides.theirs, key, rules, strategyOrNull));
  }

  /**
   * Merges again with the rules and strategy of the first merge, applying a person's choices;
   * conflicts that none of them settles stay unresolved.
   */
  public TreeMergeResult resolve(
      Hash base,
      Hash ours,
      Hash theirs,
      MergeRules rules,
      MergeStrategy strategyOrNull,
      Collection<Resolution> choices) {
    return run(
        base,
        ours,
        theirs,
        (key, sides) ->
            fieldMerge.resolve(
                sides.base, sides.ours, sides.theirs, key, rules, strategyOrNull, choices));
  }

  private TreeMergeResult run(
      Hash base, Hash ours, Hash theirs, BiFunction<RecordKey, Sides, RecordMerge> mergeRecord) {
    CompletableFuture<List<Change>> theirChanges =
        CompletableFuture.supplyAsync(() -> tree.diff(base, theirs), executor);
    Map<RecordKey, Change> ourChanges = new HashMap<>();
    tree.diff(base, ours, change -> ourChanges.put(change.key(), change));
    NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    List<Change> bothChanged = new ArrayList<>();
    for (Change their : joined(theirChanges)) {
      Change our = ourChanges.get(their.key());
      if (our == null) {
        edits.put(their.key(), Optional.ofNullable(their.after()));
      } else if (!Objects.equals(our.after(), their.after())) {
        bothChanged.add(their);
      }
    }

    Map<Hash, ObjectNode> values = loadValues(bothChanged, ourChanges);
    List<Conflict> conflicts = new ArrayList<>();
    List<Conflict> unresolved = new ArrayList<>();
    int settledByRules = 0;
    List<StoredObject> newRecords = new ArrayList<>();
    for (Change change : bothChanged) { // their side of each record changed on both
      RecordKey key = change.key();
      Change our = ourChanges.get(key);
      Sides sides =
          new Sides(
              value(values, change.before()),
              value(values, our.after()),
              value(values, change.after()));
      RecordMerge merged = mergeRecord.apply(key, sides);
      conflicts.addAll(merged.conflicts());
      unresolved.addAll(merged.unresolved());
      settledByRules += merged.settledByRules();
      Optional<Hash> mergedHash = merged.value().map(v -> RecordValue.of(v).hash());
      if (!mergedHash.equals(Optional.ofNullable(our.after()))) {
        merged.value().ifPresent(v -> newRecords.add(RecordValue.of(v).blob()));
        edits.put(key, mergedHash);
      }
    }
    store.putAll(newRecords);
    Hash mergedTree = tree.apply(ours, edits);
    return new TreeMergeResult(mergedTree, conflicts, unresolved, edits.size(), settledByRules);
  }

  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Reads the three versions of every record changed on both sides, in one batch. */
  private Map<Hash, ObjectNode> loadValues(
      List<Change> bothChanged, Map<RecordKey, Change> ourChanges) {
    Set<Hash> wanted = new HashSet<>();
    for (Change their : bothChanged) {
      addIfPresent(wanted, their.before());
      addIfPresent(wanted, their.after());
      addIfPresent(wanted, ourChanges.get(their.key()).after());
    }
    Map<Hash, ObjectNode> values = new HashMap<>();
    store.getAll(wanted).forEach((hash, blob) -> values.put(hash, RecordValue.fromBlob(blob).json()));
    if (values.size() != wanted.size()) {
      throw new IllegalStateException("the store lacks records that the merged trees refer to");
    }
    return values;
  }

  private static void addIfPresent(Set<Hash> set, Hash hash) {
    if (hash != null) {
      set.add(hash);
    }
  }

  private static Optional<ObjectNode> value(Map<Hash, ObjectNode> values, Hash hash) {
    return hash == null ? Optional.empty() : Optional.of(values.get(hash));
  }

  private record Sides(
      Optional<ObjectNode> base, Optional<ObjectNode> ours, Optional<ObjectNode> theirs) {}
}
