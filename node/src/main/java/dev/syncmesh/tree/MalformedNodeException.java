package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * Bytes that are not a valid tree node: an unknown format, truncated or trailing data, keys out of
 * order or invalid, or chunk boundaries where the chunking rule puts none. Nodes can come from
 * another mesh, so decoding checks everything that makes a node canonical.
 */
public final class MalformedNodeException extends RuntimeException {
  private final transient Hash hash;
  private final boolean ofTrustedTree;

  MalformedNodeException(Hash hash, String problem) {
    this(hash, problem, false);
  }

  MalformedNodeException(Hash hash, String problem, boolean ofTrustedTree) {
    super("tree node " + hash.shortHex() + " is malformed: " + problem);
    this.hash = hash;
    this.ofTrustedTree = ofTrustedTree;
  }

  public Hash hash() {
    return hash;
  }

  /**
   * Whether the node is one of the trusted tree a checked one was compared with (the fault is in
   * how the checked tree describes it), so saying what it is tells nothing new.
   */
  public boolean ofTrustedTree() {
    return ofTrustedTree;
  }
}
