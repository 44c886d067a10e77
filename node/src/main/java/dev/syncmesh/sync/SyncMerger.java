package dev.syncmesh.sync;

import dev.syncmesh.history.AheadBehind;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.merge.TreeMerge;
import dev.syncmesh.merge.TreeMergeResult;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.StagedObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The store work of the merge and resolve phases: classifying two heads, merging their trees and
 * writing the merge commit. Blocking; the phase actors run it on the blocking dispatcher, and the
 * peer's lane runs it again when its head moved meanwhile. Every object a merge makes is written
 * before it returns, all in one write to the store (or in the lane's batch); objects of a result
 * that is never used are harmless garbage.
 */
public final class SyncMerger {
  public static final String AUTHOR = "syncmesh";

  /**
   * What merging {@code theirs} into {@code ours} gives: the classification, the merge base, how
   * many commits we gain, the new head and its tree (null when the head stays), and the conflicts
   * found (listed in the object {@code conflictsObject}), and how many records merging changed on
   * our side (0 for a fast-forward, which merges nothing); with conflicts settled by a strategy,
   * the new head is the merge commit that settles them.
   */
  public record Result(
      SyncOutcome kind,
      Hash base,
      int pulled,
      Hash newHead,
      Hash newHeadTree,
      List<Conflict> conflicts,
      Hash conflictsObject,
      boolean resolvedByStrategy,
      int recordsChanged) {
    public Result {
      conflicts = List.copyOf(conflicts);
    }

    public boolean conflicted() {
      return newHead == null && !conflicts.isEmpty();
    }
  }

  private final StagedObjectStore store;
  private final ProllyTree tree;
  private final CommitGraph commits;
  private final TreeMerge merge;
  private final Clock clock;

  /** {@code tree} and {@code commits} must write through {@code store}. */
  public SyncMerger(StagedObjectStore store, ProllyTree tree, CommitGraph commits, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.tree = tree;
    this.commits = commits;
    this.merge = new TreeMerge(tree, store);
    this.clock = clock;
  }

  public CommitGraph commits() {
    return commits;
  }

  /**
   * Merges {@code theirs} into {@code ours} with merge rules and a strategy, or without one
   * ({@code null}): conflicts the rules leave then leave the head where it is and are listed in
   * the result.
   */
  public Result merge(
      Hash ours, Hash theirs, MergeStrategy strategy, MergeRules rules, String what) {
    return store.inOneWrite(() -> mergeStaged(ours, theirs, strategy, rules, what));
  }

  private Result mergeStaged(
      Hash ours, Hash theirs, MergeStrategy strategy, MergeRules rules, String what) {
    if (theirs == null || theirs.equals(ours)) {
      return unchanged(theirs == null && ours != null ? SyncOutcome.REMOTE_BEHIND : SyncOutcome.UP_TO_DATE, null);
    }
    if (ours == null) {
      return fastForward(null, theirs, commits.commitsBetween(null, theirs).size());
    }
    if (commits.isAncestor(theirs, ours)) {
      return unchanged(SyncOutcome.REMOTE_BEHIND, theirs);
    }
    AheadBehind counts = commits.aheadBehind(ours, theirs);
    if (commits.isAncestor(ours, theirs)) {
      return fastForward(ours, theirs, counts.behind());
    }
    Hash base = commits.mergeBase(ours, theirs).orElse(null);
    Hash baseTree = base == null ? ProllyTree.EMPTY : commits.read(base).tree();
    Hash ourTree = commits.read(ours).tree();
    Hash theirTree = commits.read(theirs).tree();
    TreeMergeResult merged = merge.merge(baseTree, ourTree, theirTree, rules, strategy);
    if (!merged.clean()) {
      // Only what a person must decide is listed: with a strategy, the fields of manual rules.
      StoredObject list = SyncJson.object(merged.unresolved());
      store.putAll(List.of(list));
      return new Result(
          SyncOutcome.MERGED, base, counts.behind(), null, null, merged.unresolved(), list.hash(), false,
          merged.recordsChanged());
    }
    String message =
        "syncmesh: merge "
            + what
            + (merged.conflictsResolved() ? " (conflicts resolved: " + strategy.jsonName() + ")" : "");
    Hash commit = commit(merged.tree(), ours, theirs, message);
    Hash listed = null;
    if (!merged.conflicts().isEmpty()) {
      StoredObject list = SyncJson.object(merged.conflicts());
      store.putAll(List.of(list));
      listed = list.hash();
    }
    return new Result(
        SyncOutcome.MERGED,
        base,
        counts.behind(),
        commit,
        merged.tree(),
        merged.conflicts(),
        listed,
        merged.conflictsResolved(),
        merged.recordsChanged());
  }

  /**
   * Merges {@code theirs} into {@code ours} from {@code base} with the rules and strategy of the
   * first merge and a person's choices; the result lists the conflicts none of them settles (the
   * head does not move then).
   */
  public Result resolve(Hash ours, Hash theirs, Hash base, Settle settle, String message) {
    return store.inOneWrite(() -> resolveStaged(ours, theirs, base, settle, message));
  }

  /** What settles a pending merge: its rules, its strategy (or null), a person's choices. */
  public record Settle(MergeRules rules, MergeStrategy strategy, Collection<Resolution> choices) {}

  private Result resolveStaged(Hash ours, Hash theirs, Hash base, Settle settle, String message) {
    Hash baseTree = base == null ? ProllyTree.EMPTY : commits.read(base).tree();
    TreeMergeResult merged =
        merge.resolve(
            baseTree,
            commits.read(ours).tree(),
            commits.read(theirs).tree(),
            settle.rules(),
            settle.strategy(),
            settle.choices());
    int pulled = commits.aheadBehind(ours, theirs).behind();
    if (!merged.clean()) {
      return new Result(
          SyncOutcome.MERGED, base, pulled, null, null, merged.unresolved(), null, false, 0);
    }
    Hash commit = commit(merged.tree(), ours, theirs, message);
    return new Result(
        SyncOutcome.MERGED, base, pulled, commit, merged.tree(), merged.conflicts(), null, false, 0);
  }

  /**
   * The working set carried onto a new head: our uncommitted changes (from {@code oldHeadTree}
   * to {@code working}) applied on {@code newHeadTree}. With {@code strategy} null a conflict
   * refuses the rebase (returns null); with {@code OURS} the uncommitted values win.
   */
  public Hash rebaseWorkingSet(
      Hash oldHeadTree, Hash working, Hash newHeadTree, MergeStrategy strategy) {
    if (working.equals(oldHeadTree)) {
      return newHeadTree;
    }
    TreeMergeResult rebased =
        store.inOneWrite(() -> merge.merge(oldHeadTree, working, newHeadTree, strategy));
    return rebased.clean() ? rebased.tree() : null;
  }

  /**
   * How {@code ours} and {@code theirs} stand, with nothing merged: {@code UP_TO_DATE}, {@code
   * REMOTE_BEHIND} (theirs is ours or behind it), {@code FAST_FORWARD} (ours is behind theirs) or
   * {@code MERGED} (they diverged: a merge would be needed).
   */
  public SyncOutcome classify(Hash ours, Hash theirs) {
    if (java.util.Objects.equals(ours, theirs)) return SyncOutcome.UP_TO_DATE;
    if (theirs == null) return SyncOutcome.REMOTE_BEHIND;
    if (ours == null) return SyncOutcome.FAST_FORWARD;
    if (commits.isAncestor(theirs, ours)) return SyncOutcome.REMOTE_BEHIND;
    return commits.isAncestor(ours, theirs) ? SyncOutcome.FAST_FORWARD : SyncOutcome.MERGED;
  }

  public Hash treeOf(Hash commit) {
    return commit == null ? ProllyTree.EMPTY : commits.read(commit).tree();
  }

  /** Commits reachable from {@code head} and not from {@code since}. */
  public int commitsBeyond(Hash since, Hash head) {
    if (head == null) {
      return 0;
    }
    return since == null ? commits.commitsBetween(null, head).size() : commits.aheadBehind(head, since).ahead();
  }

  private Result unchanged(SyncOutcome kind, Hash base) {
    return new Result(kind, base, 0, null, null, List.of(), null, false, 0);
  }

  private Result fastForward(Hash ours, Hash theirs, int pulled) {
    return new Result(
        SyncOutcome.FAST_FORWARD, ours, pulled, theirs, commits.read(theirs).tree(), List.of(), null, false, 0);
  }

  private Hash commit(Hash mergedTree, Hash ours, Hash theirs, String message) {
    return commits.write(
        commits.newCommit(mergedTree, List.of(ours, theirs), AUTHOR, message, clock.instant()));
  }
}
