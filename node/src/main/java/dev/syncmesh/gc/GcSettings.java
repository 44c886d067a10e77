package dev.syncmesh.gc;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Garbage collection's settings ({@code syncmesh.gc}).
 *
 * @param grace objects written less than this long before a collection began are kept, reachable
 *     or not
 * @param every how often the mesh collects by itself (on one node, the oldest); zero: never
 * @param maxMarkBytes the memory the marks of one collection may take
 */
public record GcSettings(Duration grace, Duration every, long maxMarkBytes) {
  /** A push's parts are kept 10 minutes and a fetch's an hour: objects must outlive both. */
  public static final Duration SAFE_GRACE = Duration.ofHours(2);

  public GcSettings {
    if (grace.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "syncmesh.gc.grace (SYNCMESH_GC_GRACE) must be at least 1s, not " + grace);
    }
    if (every.isNegative()) {
      throw new IllegalArgumentException(
          "syncmesh.gc.every (SYNCMESH_GC_EVERY) must not be negative, not " + every);
    }
    if (maxMarkBytes < 1 << 20) {
      throw new IllegalArgumentException(
          "syncmesh.gc.max-mark-memory must be at least 1 MiB, not " + maxMarkBytes + " bytes");
    }
  }

  public static GcSettings fromConfig(Config config) {
    Config gc = config.getConfig("syncmesh.gc");
    return new GcSettings(
        gc.getDuration("grace"), gc.getDuration("every"), gc.getBytes("max-mark-memory"));
  }

  /**
   * How long a write of the object store lets a later write of the same object skip the database:
   * well inside the grace period.
   */
  public Duration trustWritten() {
    Duration quarter = grace.dividedBy(4);
    Duration most = Duration.ofSeconds(30);
    return quarter.compareTo(most) < 0 ? quarter : most;
  }

  /** Whether the grace period is shorter than what resumed pushes and fetches rely on. */
  public boolean shortGrace() {
    return grace.compareTo(SAFE_GRACE) < 0;
  }
}
