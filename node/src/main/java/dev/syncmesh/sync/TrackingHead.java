package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import java.util.Objects;

/**
 * A remote's head as this peer last saw it with everything under it stored here: fetched by a
 * session, left there by a landed push, or confirmed by a status call (null {@code head}: the
 * remote had no commit). {@code at} is when it was learned. Status counts against it, marked
 * stale, when the remote cannot be reached; its commits are garbage-collection roots.
 */
public record TrackingHead(Hash head, Instant at) implements CborSerializable {
  public TrackingHead {
    Objects.requireNonNull(at, "at");
  }
}
