package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;

/**
 * A commit that should be in the object store is not: a head or a parent that points nowhere. Since
 * objects are written before anything refers to them, this is a bug or a broken store, unless the
 * hash came from a user (then check with {@link CommitGraph#find} first).
 */
public final class MissingCommitException extends RuntimeException {
  private final Hash hash;

  public MissingCommitException(Hash hash) {
    super("commit " + hash + " is not in the object store");
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
