package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A node decoded with every check its bytes alone allow (see {@link ProllyTree#checkNode}): what it
 * refers to, so that a receiver can check that every child is present and agrees with it.
 */
public record CheckedNode(Hash hash, int level, List<NodeLink> links) {
  public CheckedNode {
    links = List.copyOf(links);
  }

  static CheckedNode of(Node node) {
    List<NodeLink> links = new ArrayList<>(node.entryCount());
    for (int i = 0; i < node.entryCount(); i++) {
      NodeEntry entry = node.entry(i);
      links.add(new NodeLink(entry.key(), entry.hash(), entry.count()));
    }
    return new CheckedNode(node.hash(), node.level(), links);
  }

  public boolean isLeaf() {
    return level == 0;
  }

  /** The number of records below this node. */
  public long size() {
    long total = 0;
    for (NodeLink link : links) {
      total += link.count();
    }
    return total;
  }

  /** The node's last key; null only for the empty leaf. */
  public String lastKey() {
    return links.isEmpty() ? null : links.get(links.size() - 1).key();
  }
}
