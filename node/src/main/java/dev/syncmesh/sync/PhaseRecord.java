package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import java.time.Instant;
import java.util.Objects;

/** One phase of a session: its status and, once it ran, when. */
public record PhaseRecord(SyncPhase phase, PhaseStatus status, Instant startedAt, Instant endedAt)
    implements CborSerializable {
  public PhaseRecord {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(status, "status");
  }

  public static PhaseRecord pending(SyncPhase phase) {
    return new PhaseRecord(phase, PhaseStatus.PENDING, null, null);
  }

  public boolean done() {
    return status == PhaseStatus.COMPLETED
        || status == PhaseStatus.SKIPPED
        || status == PhaseStatus.FAILED;
  }
}
