package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * Bytes that are not a valid tree node: an unknown format, truncated or trailing data, keys out of
 * order or invalid, or chunk boundaries where the chunking rule puts none. Nodes can come from
 * another mesh, so decoding checks everything that makes a node canonical.
 */
public final class MalformedNodeException extends RuntimeException {
  private final transient Hash hash;

  MalformedNodeException(Hash hash, String problem) {
    super("tree node " + hash.shortHex() + " is malformed: " + problem);
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
