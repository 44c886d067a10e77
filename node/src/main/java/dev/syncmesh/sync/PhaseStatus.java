package dev.syncmesh.sync;

/** Where a phase of a session stands. */
public enum PhaseStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  SKIPPED,
  FAILED
}
