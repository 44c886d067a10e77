package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;

/**
 * A finished session in a peer's history; the full SyncResult is the object {@code result}. A
 * skipped session also keeps its {@code reason} (null otherwise), which status shows, and a
 * follow-up session the session it follows up ({@code followUpOf}).
 */
public record HistoryEntry(
    String sessionId,
    String remote,
    SyncOutcome outcome,
    Instant endedAt,
    Hash result,
    String reason,
    String followUpOf)
    implements CborSerializable {

  public HistoryEntry(
      String sessionId, String remote, SyncOutcome outcome, Instant endedAt, Hash result) {
    this(sessionId, remote, outcome, endedAt, result, null, null);
  }

  public HistoryEntry(
      String sessionId,
      String remote,
      SyncOutcome outcome,
      Instant endedAt,
      Hash result,
      String reason) {
    this(sessionId, remote, outcome, endedAt, result, reason, null);
  }
}
