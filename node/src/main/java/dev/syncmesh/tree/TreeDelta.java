package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import java.util.List;

/**
 * What one tree holds that another does not: its nodes absent from the other tree (each with its
 * level and last key, the position that orders children before parents) and the record changes.
 */
public record TreeDelta(List<DeltaNode> nodes, List<Change> changes) {
  public static final TreeDelta NONE = new TreeDelta(List.of(), List.of());

  public TreeDelta {
    nodes = List.copyOf(nodes);
    changes = List.copyOf(changes);
  }

  /**
   * A node of the newer tree; {@code lastKey} is empty only for the empty leaf. {@code base}, if
   * not null, is a node of the older tree at the same level and around the same keys: a good base
   * for a {@link NodePatch}, since whoever has the older tree has it.
   */
  public record DeltaNode(Hash hash, int level, String lastKey, Hash base) {}
}
