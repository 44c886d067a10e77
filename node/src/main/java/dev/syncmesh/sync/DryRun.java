package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a sync would do, worked out without doing it: the fetch runs (its objects are verified and
 * stored, as a fetch's always are), the merge is computed in the store, and nothing else moves: no
 * head, working set, tracking head, session or history entry. Objects the computed merge wrote
 * are unreferenced, and garbage collection removes them.
 */
public final class DryRun {
  /** Keys listed per side; the counts are exact. */
  public static final int FIRST_KEYS = 20;

  /** Conflicts listed; {@code conflictCount} counts them all. */
  public static final int FIRST_CONFLICTS = 100;

  /** What a sync would do. */
  @JsonPropertyOrder({
    "dryRun", "peer", "remote", "strategy", "outcome", "reason", "localHead", "remoteHead", "base",
    "newHead", "incoming", "push", "conflictCount", "conflicts", "conflictsResolved",
    "objectsReceived", "bytesReceived", "error"
  })
  public record Result(
      boolean dryRun,
      String peer,
      String remote,
      MergeStrategy strategy,
      SyncOutcome outcome,
      String reason,
      Hash localHead,
      Hash remoteHead,
      Hash base,
      Hash newHead,
      Changes incoming,
      Push push,
      int conflictCount,
      List<Conflict> conflicts,
      boolean conflictsResolved,
      long objectsReceived,
      long bytesReceived,
      SyncResult.ErrorView error) {}

  /** How a head's records would change: counts by kind and the first keys, in key order. */
  public record Changes(int added, int modified, int deleted, List<String> firstKeys) {
    static final Changes NONE = new Changes(0, 0, 0, List.of());
  }

  /** What the push would send: whether it runs, the commits and the remote's record changes. */
  public record Push(boolean wouldPush, int commits, Changes changes) {
    static final Push NONE = new Push(false, 0, Changes.NONE);
  }

  private final SyncKit kit;
  private final ProllyTree tree;

  public DryRun(SyncKit kit, ProllyTree tree) {
    this.kit = kit;
    this.tree = tree;
  }

  /**
   * Works out a session of {@code state}'s peer with {@code remote}, with the strategy and rules a
   * session would use, or says why it would be skipped (a pending merge that blocks it).
   */
  public CompletionStage<Result> run(
      Active state, Remote remote, MergeStrategy strategy, MergeRules rules, String skipReason) {
    if (skipReason != null) {
      return CompletableFuture.completedFuture(
          new Result(
              true, state.name(), remote.name(), strategy, SyncOutcome.SKIPPED, skipReason,
              state.head(), null, null, null, Changes.NONE, Push.NONE, 0, List.of(), false, 0, 0,
              null));
    }
    RemoteLink link = kit.links().link(state.name(), remote);
    Deadline deadline = Deadline.after(kit.settings().phaseTimeout());
    return link.head(deadline)
        .thenCompose(
            head ->
                link.fetch(head.head(), state.head(), deadline, SessionMeter.NONE)
                    .exceptionally(
                        failure -> {
                          throw new PhaseFailed(SyncPhase.FETCH, failure);
                        })
                    .thenApplyAsync(
                        received -> {
                          try {
                            return merge(state, remote, strategy, rules, head.head(), received);
                          } catch (RuntimeException e) {
                            throw new PhaseFailed(SyncPhase.MERGE, e);
                          }
                        },
                        kit.blocking()))
        .exceptionally(failure -> failed(state, remote, strategy, failure));
  }

  /** A fetch or merge that failed: the outcome a session would end with, and why. */
  private static Result failed(Active state, Remote remote, MergeStrategy strategy, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    SyncError error =
        cause instanceof PhaseFailed phase
            ? SyncError.of(phase.phase, phase.getCause())
            : SyncError.of(SyncPhase.FETCH, cause); // the remote's head could not be read
    return new Result(
        true, state.name(), remote.name(), strategy, SyncOutcome.FAILED, null, state.head(), null,
        null, null, Changes.NONE, Push.NONE, 0, List.of(), false, 0, 0,
        SyncResult.ErrorView.fatal(error));
  }

  /** A failure of the fetch, told from one of the merge that follows it. */
  private static final class PhaseFailed extends RuntimeException {
    private final SyncPhase phase;

    PhaseFailed(SyncPhase phase, Throwable cause) {
      super(cause);
      this.phase = phase;
    }
  }

  private Result merge(
      Active state,
      Remote remote,
      MergeStrategy strategy,
      MergeRules rules,
      Hash remoteHead,
      RemoteLink.Transfer received) {
    SyncMerger merger = kit.merger();
    SyncMerger.Result merged =
        merger.merge(
            state.head(), remoteHead, strategy, rules, SyncNames.what(state.name(), remote));
    boolean conflicted = merged.conflicted();
    Hash newHead = merged.newHead() != null ? merged.newHead() : conflicted ? null : state.head();
    Changes incoming =
        conflicted ? Changes.NONE : changes(state.headTree(), merger.treeOf(newHead));
    boolean remoteLacks =
        merged.kind() == SyncOutcome.REMOTE_BEHIND || merged.kind() == SyncOutcome.MERGED;
    Push push =
        remoteLacks && remote.push() && !conflicted && !Objects.equals(newHead, remoteHead)
            ? new Push(
                true,
                merger.commitsBeyond(remoteHead, newHead),
                changes(merger.treeOf(remoteHead), merger.treeOf(newHead)))
            : Push.NONE;
    List<Conflict> conflicts = merged.conflicts();
    return new Result(
        true,
        state.name(),
        remote.name(),
        strategy,
        conflicted ? SyncOutcome.CONFLICTS : merged.kind(),
        null,
        state.head(),
        remoteHead,
        merged.base(),
        conflicted ? null : newHead,
        incoming,
        push,
        conflicts.size(),
        conflicts.subList(0, Math.min(FIRST_CONFLICTS, conflicts.size())),
        merged.resolvedByStrategy(),
        received.objects(),
        received.bytes(),
        null);
  }

  private Changes changes(Hash from, Hash to) {
    int[] counts = new int[3];
    List<String> first = new ArrayList<>();
    tree.diff(
        from,
        to,
        (Change change) -> {
          counts[change.before() == null ? 0 : change.isDelete() ? 2 : 1]++;
          if (first.size() < FIRST_KEYS) {
            first.add(change.key().toString());
          }
        });
    return new Changes(counts[0], counts[1], counts[2], first);
  }
}
