package dev.syncmesh.sync;

import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;

/**
 * Where a peer stands against one remote: exact commit counts against the remote's head of now
 * ({@code asOf} now), or, when the remote cannot be reached, against its tracking head ({@code
 * stale}, {@code asOf} when it was learned), or none; {@code unknownReason} says why the counts
 * are not of now; {@code trackingHead} is the remote's head as last stored here. Then the last session's end and outcome, and for a skipped one the reason
 * ({@code lastReason}).
 */
public record SyncStatus(
    String remote,
    Integer ahead,
    Integer behind,
    String unknownReason,
    boolean stale,
    Instant asOf,
    Hash trackingHead,
    boolean hasConflicts,
    Instant lastSyncAt,
    SyncOutcome lastOutcome,
    String lastReason) {}
