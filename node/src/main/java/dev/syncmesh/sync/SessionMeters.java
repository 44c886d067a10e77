package dev.syncmesh.sync;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of the sessions running on this node, by session id: opened when a session's actor
 * starts here, closed when it stops (or its peer stops here).
 */
public final class SessionMeters {
  private final Clock clock;
  private final Map<String, SessionMeter> running = new ConcurrentHashMap<>();

  public SessionMeters(Clock clock) {
    this.clock = clock;
  }

  /** The meter of {@code sessionId}, opened now unless it already runs here. */
  public SessionMeter open(String sessionId) {
    return running.computeIfAbsent(sessionId, id -> new SessionMeter(clock));
  }

  public void close(String sessionId) {
    running.remove(sessionId);
  }

  /** The counters of {@code sessionId}, null unless it runs here. */
  public SessionCounters read(String sessionId) {
    SessionMeter meter = running.get(sessionId);
    return meter == null ? null : meter.read();
  }

  /** The counters of those of {@code sessionIds} that run here. */
  public Map<String, SessionCounters> read(Collection<String> sessionIds) {
    Map<String, SessionCounters> counters = new LinkedHashMap<>();
    for (String id : sessionIds) {
      SessionCounters read = read(id);
      if (read != null) {
        counters.put(id, read);
      }
    }
    return counters;
  }

  /** How many sessions run here (for tests and metrics). */
  public int size() {
    return running.size();
  }
}
