package dev.syncmesh.merge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of merging one record: the merged value (empty: the record is deleted), every
 * conflict found, and those of them that no strategy or choice settled. While some are unresolved
 * the value is tentative: it keeps our side of each unresolved conflict. {@code settledByRules}
 * counts the fields (or the record) that merge rules settled, which would conflict without them.
 */
public record RecordMerge(
    RecordKey key,
    Optional<ObjectNode> value,
    List<Conflict> conflicts,
    List<Conflict> unresolved,
    int settledByRules) {

  /** Whether the record merged by itself, was settled, or waits for a person. */
  public enum Status {
    CLEAN,
    RESOLVED,
    CONFLICTED
  }

  public RecordMerge {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    conflicts = List.copyOf(conflicts);
    unresolved = List.copyOf(unresolved);
  }

  static RecordMerge clean(RecordKey key, Optional<ObjectNode> value) {
    return new RecordMerge(key, value, List.of(), List.of(), 0);
  }

  public Status status() {
    if (conflicts.isEmpty()) return Status.CLEAN;
    return unresolved.isEmpty() ? Status.RESOLVED : Status.CONFLICTED;
  }

  /** Conflicts were found and a strategy or a person's choices settled all of them. */
  public boolean conflictsResolved() {
    return status() == Status.RESOLVED;
  }

  public boolean isDeletion() {
    return value.isEmpty();
  }
}
