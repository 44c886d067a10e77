package dev.syncmesh.sync;

/**
 * How a session ended ({@code RUNNING} while it runs). The merge phase classifies the histories
 * as {@code UP_TO_DATE}, {@code FAST_FORWARD}, {@code REMOTE_BEHIND} or a merge, which ends
 * {@code MERGED}, or {@code CONFLICTS} when conflicts are left for a person. {@code SKIPPED}: the
 * session could not start because of a pending merge (its result says why; nothing ran). {@code
 * FETCHED}: a fetch-only session moved the tracking head and nothing else.
 */
public enum SyncOutcome {
  RUNNING,
  UP_TO_DATE,
  FAST_FORWARD,
  REMOTE_BEHIND,
  MERGED,
  CONFLICTS,
  FAILED,
  SKIPPED,
  FETCHED
}
