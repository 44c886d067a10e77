package dev.syncmesh.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a phase's work must be over. A link gives each call what is left of it, waits no longer
 * than it between attempts, and breaks off a transfer still running when it passes, so a stalled
 * remote holds a thread for at most the phase's time.
 */
public record Deadline(Instant at, Clock clock) {

  /** A deadline {@code after} from now. */
  public static Deadline after(Duration after) {
    Clock clock = Clock.systemUTC();
    return new Deadline(clock.instant().plus(after), clock);
  }

  /** What is left, never negative. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean passed() {
    return !clock.instant().isBefore(at);
  }
}
