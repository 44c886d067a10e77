package dev.syncmesh.sync;

import java.util.concurrent.Executor;

/** What every session of a node shares: the links, the merge work, the blocking dispatcher. */
public record SyncKit(
    RemoteLinks links, SyncMerger merger, Executor blocking, SyncSettings settings) {}
