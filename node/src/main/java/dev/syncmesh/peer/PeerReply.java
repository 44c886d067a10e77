package dev.syncmesh.peer;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.SessionCounters;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncResult;
import java.util.Map;

/** A peer's answer to a {@link PeerCommand.Request}: a result, or {@link Rejected} with a kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PeerReply.Roots.class, name = "roots"),
  @JsonSubTypes.Type(value = PeerReply.Position.class, name = "position"),
  @JsonSubTypes.Type(value = PeerReply.RecordWrite.class, name = "record-write"),
  @JsonSubTypes.Type(value = PeerReply.CommitDone.class, name = "commit-done"),
  @JsonSubTypes.Type(value = PeerReply.Autocommit.class, name = "autocommit"),
  @JsonSubTypes.Type(value = PeerReply.Rejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = PeerReply.State.class, name = "state"),
  @JsonSubTypes.Type(value = PeerReply.RemoteDone.class, name = "remote"),
  @JsonSubTypes.Type(value = PeerReply.AccessDone.class, name = "access"),
  @JsonSubTypes.Type(value = PeerReply.MergeRulesDone.class, name = "merge-rules"),
  @JsonSubTypes.Type(value = PeerReply.Done.class, name = "done"),
  @JsonSubTypes.Type(value = PeerReply.Awake.class, name = "awake"),
  @JsonSubTypes.Type(value = PeerReply.SyncAccepted.class, name = "sync-accepted"),
  @JsonSubTypes.Type(value = PeerReply.StepDone.class, name = "step-done"),
  @JsonSubTypes.Type(value = PeerReply.SyncFinished.class, name = "sync-finished"),
  @JsonSubTypes.Type(value = PeerReply.Unresolved.class, name = "unresolved")
})
public sealed interface PeerReply extends CborSerializable {

  /**
   * What reads need: the head ({@code null} before the first commit), its tree, the working root
   * (equal to the head's tree when nothing is uncommitted) and the policy.
   */
  record Roots(
      String name, Hash head, Hash headTree, Hash workingRoot, AutocommitMode autocommit)
      implements PeerReply {
    public boolean hasUncommittedChanges() {
      return !workingRoot.equals(headTree);
    }
  }

  /** The roots after the peer's events up to {@code sequenceNr} (0: none), and no others. */
  record Position(Roots roots, long sequenceNr) implements PeerReply {}

  /**
   * A write's result: the record's hash now ({@code null} after a delete), the commit it made
   * ({@code null} when none), and whether it created the record.
   */
  record RecordWrite(RecordKey key, Hash hash, Hash commit, boolean created) implements PeerReply {}

  /** A transaction's or commit's result: the commit, or none and {@code nothingToCommit}. */
  record CommitDone(Hash commit, int changed, boolean nothingToCommit) implements PeerReply {
    static CommitDone nothing() {
      return new CommitDone(null, 0, true);
    }
  }

  record Autocommit(AutocommitMode mode) implements PeerReply {}

  record Rejected(PeerError error, String detail) implements PeerReply {}

  /** The state, and the live counters of its sessions that run on this peer's node. */
  record State(PeerState.Active state, Map<String, SessionCounters> live) implements PeerReply {
    public State {
      live = Map.copyOf(live);
    }
  }

  record RemoteDone(Remote remote) implements PeerReply {}

  record AccessDone(Access access) implements PeerReply {}

  record MergeRulesDone(MergeRules rules) implements PeerReply {}

  /** Done, nothing to report. */
  record Done() implements PeerReply {}

  /**
   * The answer to {@link PeerCommand.Wake}: {@code busy} while the peer has an unfinished session,
   * a scheduled remote or writes in its lane.
   */
  record Awake(boolean busy) implements PeerReply {}

  /** The session that runs for the remote, and whether the request joined it. */
  record SyncAccepted(String sessionId, boolean joined) implements PeerReply {}

  /** A session step persisted: where the session stands now. */
  record StepDone(SessionProgress session) implements PeerReply {}

  /**
   * A finished session: its {@code result}, or, from a peer that no longer holds it in memory,
   * its history {@code entry} (whose result object the caller loads).
   */
  record SyncFinished(SyncResult result, HistoryEntry entry) implements PeerReply {}

  /** How many conflicts of the pending merge still wait for a choice. */
  record Unresolved(int unresolved) implements PeerReply {}
}
