package dev.syncmesh.merge;

import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.model.Hash;
import java.util.List;

/**
 * The outcome of merging two trees: the merged tree (tentative while conflicts are unresolved: it
 * keeps our side of each), every conflict found, those left unresolved, how many records the
 * merge changed on our side, and how many fields (or records) merge rules settled.
 */
public record TreeMergeResult(
    Hash tree,
    List<Conflict> conflicts,
    List<Conflict> unresolved,
    int recordsChanged,
    int settledByRules) {

  public TreeMergeResult {
    conflicts = List.copyOf(conflicts);
    unresolved = List.copyOf(unresolved);
  }

  public boolean clean() {
    return unresolved.isEmpty();
  }

  /** Conflicts were found and all of them were settled by a strategy or by choices. */
  public boolean conflictsResolved() {
    return !conflicts.isEmpty() && unresolved.isEmpty();
  }
}
