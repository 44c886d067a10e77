package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stored tree node refers to, for a walk over every object a tree holds without the tree's
 * cache (garbage collection): a leaf's record values (blobs) or an inner node's children (nodes).
 *
 * @param leaf whether the hashes are blobs (a leaf) or nodes
 * @param hashes the values or children, in key order
 */
public record NodeReferences(boolean leaf, List<Hash> hashes) {

  /**
   * The links of a node of this node's own store (so its keys are not checked again); a malformed
   * node is a {@link MalformedNodeException}.
   */
  public static NodeReferences of(StoredObject node) {
    Node decoded = NodeCodec.decode(node, Chunking.DEFAULT, false);
    List<Hash> hashes = new ArrayList<>(decoded.entryCount());
    for (int i = 0; i < decoded.entryCount(); i++) {
      hashes.add(decoded.entry(i).hash());
    }
    return new NodeReferences(decoded.isLeaf(), hashes);
  }
}
