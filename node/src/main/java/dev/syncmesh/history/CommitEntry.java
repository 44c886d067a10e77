package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;

/** A commit together with its hash, as the log lists it. */
public record CommitEntry(Hash hash, Commit commit) {}
