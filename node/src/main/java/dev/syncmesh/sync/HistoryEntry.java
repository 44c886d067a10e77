package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;

/** A finished session in a peer's history; the full SyncResult is the object {@code result}. */
public record HistoryEntry(
    String sessionId, String remote, SyncOutcome outcome, Instant endedAt, Hash result)
    implements CborSerializable {}
