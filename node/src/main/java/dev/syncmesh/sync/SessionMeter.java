package dev.syncmesh.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counters of one running session on the node that runs it: its phases count what they
 * move as they move it (objects and bytes received or sent, records merged), and status calls
 * read them at any time. Never persisted: a session resumed after a crash counts afresh, and
 * the session's result keeps what its phases reported.
 */
public final class SessionMeter {
  /** A meter that counts into nothing, for work outside a session. */
  public static final SessionMeter NONE = new SessionMeter(Clock.systemUTC());

  private final Clock clock;
  private final AtomicLong objectsReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong objectsSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong recordsMerged = new AtomicLong();
  private final AtomicLong commitsToSend = new AtomicLong(-1);
  private final AtomicLong commitsSent = new AtomicLong();
  private volatile Instant updatedAt;

  SessionMeter(Clock clock) {
    this.clock = clock;
    this.updatedAt = clock.instant();
  }

  /** Objects of the remote's, stored here, verified. */
  public void received(long objects, long bytes) {
    objectsReceived.addAndGet(objects);
    bytesReceived.addAndGet(bytes);
    touch();
  }

  /** Objects written into a pack on its way to the remote. */
  public void sent(long objects, long bytes) {
    objectsSent.addAndGet(objects);
    bytesSent.addAndGet(bytes);
    touch();
  }

  /** The push will send {@code commits} commits (added up over its parts). */
  public void willSend(long commits) {
    commitsToSend.accumulateAndGet(commits, (known, more) -> Math.max(known, 0) + more);
    touch();
  }

  /** One commit and everything it needs were written into a pack. */
  public void commitSent() {
    commitsSent.incrementAndGet();
    touch();
  }

  public void merged(long records) {
    recordsMerged.addAndGet(records);
    touch();
  }

  public SessionCounters read() {
    long toSend = commitsToSend.get();
    return new SessionCounters(
        objectsReceived.get(),
        bytesReceived.get(),
        objectsSent.get(),
        bytesSent.get(),
        recordsMerged.get(),
        toSend < 0 ? null : toSend,
        commitsSent.get(),
        updatedAt);
  }

  private void touch() {
    if (this != NONE) {
      updatedAt = clock.instant();
    }
  }
}
