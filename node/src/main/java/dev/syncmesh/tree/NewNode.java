package dev.syncmesh.tree;

import dev.syncmesh.protocol.store.StoredObject;
import java.util.List;

/** A node just made, with the object to store. */
record NewNode(Node node, StoredObject object) {
  /** The empty leaf: the root of the empty tree. */
  static final NewNode EMPTY = of(0, List.of());

  static NewNode of(int level, List<NodeEntry> entries) {
    StoredObject object = NodeCodec.encode(level, entries);
    return new NewNode(new Node(level, entries.toArray(new NodeEntry[0]), object.hash()), object);
  }
}
