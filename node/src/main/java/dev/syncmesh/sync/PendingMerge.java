package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A merge left for a person: the merge of {@code theirs} (the remote's head) from {@code base},
 * the conflicts it found ({@code conflicts}, an object of the store listing them) and the choices
 * made so far, each with its value stored as an object ({@code valueObject}, null for "absent").
 * The merge is redone on commit against the head of that moment, with these choices and the
 * session's {@code mergeRules} and {@code strategy} (null: none; with one, only the fields of
 * {@code manual} rules were left), so that rules changed meanwhile cannot turn a settled field
 * into a conflict nobody was shown, or the reverse.
 */
public record PendingMerge(
    String sessionId,
    String remote,
    Hash base,
    Hash theirs,
    Hash conflicts,
    int conflictCount,
    List<Choice> choices,
    MergeRules mergeRules,
    MergeStrategy strategy)
    implements CborSerializable {

  /** A person's choice for one conflict; the value, if any, is stored under its hash. */
  public record Choice(String key, String field, Resolution.Choice choice, Hash valueObject)
      implements CborSerializable {
    public Choice {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(choice, "choice");
    }

    public boolean sameConflict(String otherKey, String otherField) {
      return key.equals(otherKey) && field.equals(otherField);
    }
  }

  public PendingMerge {
    Objects.requireNonNull(theirs, "theirs");
    choices = choices == null ? List.of() : List.copyOf(choices);
    mergeRules = mergeRules == null ? MergeRules.NONE : mergeRules; // merges left before rules
  }

  /** The pending merge with {@code choice} made (replacing an earlier one for its conflict). */
  public PendingMerge with(Choice choice) {
    List<Choice> updated = new ArrayList<>();
    for (Choice existing : choices) {
      if (!existing.sameConflict(choice.key(), choice.field())) {
        updated.add(existing);
      }
    }
    updated.add(choice);
    return new PendingMerge(
        sessionId, remote, base, theirs, conflicts, conflictCount, updated, mergeRules, strategy);
  }

  /**
   * Whether this merge blocks a session with {@code remote}: one with its own remote, and any
   * that could leave conflicts for a person (no strategy, or manual rules), since a peer holds one
   * pending merge. A session whose strategy settles everything may run meanwhile: this merge is
   * redone against the head of its commit anyway.
   */
  public boolean blocks(Remote remote, MergeStrategy strategy, MergeRules rules) {
    return this.remote.equals(remote.name()) || strategy == null || rules.hasManual();
  }

  /** Why a session with {@code remote} cannot run (see {@link #blocks}). */
  public String blockReason(Remote remote, MergeStrategy strategy) {
    return "a merge from remote "
        + this.remote
        + " is pending (session "
        + sessionId
        + "): resolve and commit it, or abort it, before syncing with "
        + remote.name()
        + (this.remote.equals(remote.name()) || strategy != null ? "" : " without a strategy");
  }

  public int unresolved() {
    return Math.max(0, conflictCount - choices.size());
  }
}
