package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;

/**
 * What a phase actor reports to its peer when its work is done; the peer persists it (with the
 * head it moves, if any) before the session goes on. {@link End} ends the session.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PhaseReport.Fetched.class, name = "fetched"),
  @JsonSubTypes.Type(value = PhaseReport.Merged.class, name = "merged"),
  @JsonSubTypes.Type(value = PhaseReport.Resolved.class, name = "resolved"),
  @JsonSubTypes.Type(value = PhaseReport.Pushed.class, name = "pushed"),
  @JsonSubTypes.Type(value = PhaseReport.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = PhaseReport.End.class, name = "end")
})
public sealed interface PhaseReport extends CborSerializable {

  /** The remote's head found and its objects present here. */
  record Fetched(PhaseRecord record, Hash remoteHead, RemoteLink.Transfer received)
      implements PhaseReport {}

  /**
   * The merge as computed from our head {@code expectedHead}: if the head moved since, the peer
   * computes it again from its head.
   */
  record Merged(PhaseRecord record, Hash expectedHead, MergeOutcome outcome)
      implements PhaseReport {}

  /** Conflicts settled by the session's strategy (a new head), or left for a person. */
  record Resolved(PhaseRecord record, Hash expectedHead, MergeOutcome outcome)
      implements PhaseReport {}

  /** The push's end; {@code pushedHead} is the head that landed (null when none did). */
  record Pushed(
      PhaseRecord record,
      boolean landed,
      int pushedCommits,
      SyncError pushError,
      boolean followUp,
      Hash pushedHead)
      implements PhaseReport {
    public Pushed(
        PhaseRecord record, boolean landed, int pushedCommits, SyncError pushError, boolean followUp) {
      this(record, landed, pushedCommits, pushError, followUp, null);
    }
  }

  /** The phase failed: fatal for the session. */
  record Failed(PhaseRecord record, SyncError error) implements PhaseReport {}

  record End() implements PhaseReport {}

  /** A merge's result as it travels in a report: hashes and counts only. */
  record MergeOutcome(
      SyncOutcome kind,
      Hash base,
      int pulled,
      Hash newHead,
      Hash newHeadTree,
      Hash conflicts,
      int conflictCount)
      implements CborSerializable {
    public static MergeOutcome of(SyncMerger.Result result) {
      return new MergeOutcome(
          result.kind(),
          result.base(),
          result.pulled(),
          result.newHead(),
          result.newHeadTree(),
          result.conflictsObject(),
          result.conflicts().size());
    }
  }
}
