package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.syncmesh.CborSerializable;
import java.time.Instant;

/**
 * What a running session has done so far (API: a running {@code SyncResult}'s and a cluster
 * session's {@code progress}): objects and their bytes received and sent, records its merge
 * changed, and of a push the commits it sends (the total once the push planned them, else
 * absent) and those sent; {@code updatedAt} is when a count last moved.
 */
public record SessionCounters(
    long objectsReceived,
    long bytesReceived,
    long objectsSent,
    long bytesSent,
    long recordsMerged,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long commitsToSend,
    long commitsSent,
    Instant updatedAt)
    implements CborSerializable {}
