package dev.syncmesh.peer;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
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
  @JsonSubTypes.Type(value = PeerEvent.AutocommitSet.class, name = "autocommit-set")
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
}
