package dev.syncmesh.sync;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every session of a node shares: the links, the merge work, the blocking dispatcher, and the
 * live meters of the sessions running here.
 */
public record SyncKit(
    RemoteLinks links,
    SyncMerger merger,
    Executor blocking,
    SyncSettings settings,
    SessionMeters meters) {

  /** A kit with meters of its own. */
  public SyncKit(RemoteLinks links, SyncMerger merger, Executor blocking, SyncSettings settings) {
    this(links, merger, blocking, settings, new SessionMeters(Clock.systemUTC()));
  }
}
