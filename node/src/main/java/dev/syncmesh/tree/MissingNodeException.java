package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * A tree node that should be in the object store is not. In a store only this node writes to, that
 * is a bug or a broken store; for objects received from elsewhere it means the transfer is
 * incomplete.
 */
public final class MissingNodeException extends IllegalStateException {
  private final transient Hash hash;

  MissingNodeException(Hash hash) {
    super("tree node " + hash + " is not in the object store");
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
