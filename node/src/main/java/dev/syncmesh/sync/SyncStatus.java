package dev.syncmesh.sync;

import java.time.Instant;

/**
 * Where a peer stands against one remote: exact commit counts, or none and {@code unknownReason}
 * when they cannot be known now (the remote is unreachable, or has commits not fetched yet); the
 * last session's end and outcome, and for a skipped one the reason ({@code lastReason}).
 */
public record SyncStatus(
    String remote,
    Integer ahead,
    Integer behind,
    String unknownReason,
    boolean hasConflicts,
    Instant lastSyncAt,
    SyncOutcome lastOutcome,
    String lastReason) {}
