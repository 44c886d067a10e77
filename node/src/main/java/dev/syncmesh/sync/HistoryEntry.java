package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;

/**
 * A finished session in a peer's history; the full SyncResult is the object {@code result}. A
 * skipped session also keeps its {@code reason} (null otherwise), which status shows.
 */
public record HistoryEntry(
    String sessionId, String remote, SyncOutcome outcome, Instant endedAt, Hash result, String reason)
    implements CborSerializable {

  public HistoryEntry(
      String sessionId, String remote, SyncOutcome outcome, Instant endedAt, Hash result) {
    this(sessionId, remote, outcome, endedAt, result, null);
  }
}
