package dev.syncmesh.gc;

import java.time.Instant;

/**
 * What one collection did.
 *
 * @param startedAt when it began, by the database's clock
 * @param graceSeconds objects written less than this long before {@code startedAt} were kept
 * @param peers the peers whose states gave the roots
 * @param reachable the objects marked reachable (commits, tree nodes and other objects)
 * @param missing hashes a peer refers to that the store does not hold (logged; nothing to keep)
 * @param scanned the objects in the store when the sweep passed them
 * @param keptYoung unreachable objects kept because they were written within the grace period
 * @param deleted the objects deleted
 * @param deletedBytes their bytes
 * @param tookMillis how long it ran, in milliseconds
 */
public record GcReport(
    Instant startedAt,
    long graceSeconds,
    long peers,
    long reachable,
    long missing,
    long scanned,
    long keptYoung,
    long deleted,
    long deletedBytes,
    long tookMillis) {}
