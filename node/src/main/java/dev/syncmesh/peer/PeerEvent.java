package dev.syncmesh.peer;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.TrackingHead;
import java.time.Instant;

/**
 * What happened to a peer: a stored schema, so change it only as a migration. Events hold names,
 * keys and hashes, never record contents (the journal's payload column holds 64 KiB); the
 * objects they name are stored before the event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PeerEvent.PeerCreated.class, name = "created"),
  @JsonSubTypes.Type(value = PeerEvent.RecordWritten.class, name = "record-written"),
  @JsonSubTypes.Type(value = PeerEvent.TransactionApplied.class, name = "transaction-applied"),
  @JsonSubTypes.Type(value = PeerEvent.WorkingSetCommitted.class, name = "working-set-committed"),
  @JsonSubTypes.Type(value = PeerEvent.AutocommitSet.class, name = "autocommit-set"),
  @JsonSubTypes.Type(value = PeerEvent.RemoteSet.class, name = "remote-set"),
  @JsonSubTypes.Type(value = PeerEvent.RemoteRemoved.class, name = "remote-removed"),
  @JsonSubTypes.Type(value = PeerEvent.AccessSet.class, name = "access-set"),
  @JsonSubTypes.Type(value = PeerEvent.MergeRulesSet.class, name = "merge-rules-set"),
  @JsonSubTypes.Type(value = PeerEvent.TrackingUpdated.class, name = "tracking-updated"),
  @JsonSubTypes.Type(value = PeerEvent.SyncProgressed.class, name = "sync-progressed"),
  @JsonSubTypes.Type(value = PeerEvent.SyncEnded.class, name = "sync-ended"),
  @JsonSubTypes.Type(value = PeerEvent.ConflictChosen.class, name = "conflict-chosen"),
  @JsonSubTypes.Type(value = PeerEvent.MergeCommitted.class, name = "merge-committed"),
  @JsonSubTypes.Type(value = PeerEvent.MergeAborted.class, name = "merge-aborted"),
  @JsonSubTypes.Type(value = PeerEvent.PushReceived.class, name = "push-received")
})
public sealed interface PeerEvent extends CborSerializable {

  record PeerCreated(String name, Instant at) implements PeerEvent {}

  /**
   * One record written ({@code value}) or deleted (null); the working set is now {@code
   * workingRoot}. With a {@code commit} (autocommit on) that commit, whose tree is {@code
   * workingRoot}, is the new head.
   */
  record RecordWritten(String key, Hash value, Hash workingRoot, Hash commit) implements PeerEvent {}

  /**
   * A transaction: {@code commit} (null when it changed nothing at the head) with tree {@code tree}
   * is the new head, and its writes applied to the working set made {@code workingRoot}.
   */
  record TransactionApplied(Hash commit, Hash tree, Hash workingRoot, int changed)
      implements PeerEvent {}

  /** The working set committed as {@code commit}, whose tree is the working root. */
  record WorkingSetCommitted(Hash commit, int changed) implements PeerEvent {}

  record AutocommitSet(AutocommitMode mode) implements PeerEvent {}

  /** The events of remotes, sessions and merges. */
  sealed interface SyncEvent extends PeerEvent {}

  /** A remote added or replaced. */
  record RemoteSet(Remote remote) implements SyncEvent {}

  record RemoteRemoved(String name) implements SyncEvent {}

  record AccessSet(Access access) implements SyncEvent {}

  /** A remote's head learned outside a session (a status call found it stored here). */
  record TrackingUpdated(String remote, TrackingHead head) implements SyncEvent {}

  /** The peer's merge rules replaced (empty: none); sessions started later use them. */
  record MergeRulesSet(MergeRules rules) implements SyncEvent {}

  /**
   * A session started, resumed, or completed a phase: {@code session} is where it stands now. A
   * phase that moved the head gives the new roots ({@code head} non-null); one that left conflicts
   * for a person gives the {@code pending} merge.
   */
  record SyncProgressed(
      SessionProgress session, Hash head, Hash headTree, Hash workingRoot, PendingMerge pending)
      implements SyncEvent {
    public static SyncProgressed of(SessionProgress session) {
      return new SyncProgressed(session, null, null, null, null);
    }
  }

  /** A session finished; its result is the object {@code entry.result()}. */
  record SyncEnded(HistoryEntry entry) implements SyncEvent {}

  record ConflictChosen(PendingMerge.Choice choice) implements SyncEvent {}

  /** The pending merge committed as {@code commit}, the new head. */
  record MergeCommitted(Hash commit, Hash headTree, Hash workingRoot) implements SyncEvent {}

  record MergeAborted() implements SyncEvent {}

  /** Another peer pushed: {@code head} is the new head, the working set rebased on it. */
  record PushReceived(Hash head, Hash headTree, Hash workingRoot) implements SyncEvent {}
}
