package dev.syncmesh.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What a finished session adds to the node's metrics (on the node hosting its peer): {@code
 * syncmesh_sync_sessions_total} by outcome and error kind, {@code syncmesh_sync_phase_seconds} by
 * phase and status, and {@code syncmesh_sync_received_bytes_total}.
 */
public final class SyncMetrics {
  private SyncMetrics() {}

  public static void record(MeterRegistry registry, SyncResult result) {
    sessions(registry, result.outcome(), result.error() == null ? "none" : result.error().kind().name());
    for (PhaseRecord phase : result.phases()) {
      if (phase.startedAt() != null && phase.endedAt() != null) {
        Timer.builder("syncmesh_sync_phase")
            .description("Time sync phases took, by phase and status")
            .tags("phase", phase.phase().name(), "status", phase.status().name())
            .register(registry)
            .record(Duration.between(phase.startedAt(), phase.endedAt()));
      }
    }
    Counter.builder("syncmesh_sync_received")
        .description("Object bytes sessions received from their remotes")
        .baseUnit("bytes")
        .register(registry)
        .increment(result.bytesReceived());
  }

  /** A session recorded as skipped (once per pending merge that blocks a remote). */
  public static void skipped(MeterRegistry registry) {
    sessions(registry, SyncOutcome.SKIPPED, "none");
  }

  private static void sessions(MeterRegistry registry, SyncOutcome outcome, String error) {
    Counter.builder("syncmesh_sync_sessions")
        .description("Sync sessions ended, by outcome and (for a failure) error kind")
        .tags("outcome", outcome.name(), "error", error)
        .register(registry)
        .increment();
  }
}
