package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * A forward-moving position among the items of one level of a stored tree: the entries of the
 * nodes one level up (level -1 means the records themselves). It keeps the path from the root, so
 * moving on reloads only the nodes that change.
 */
final class TreeCursor {
  private final NodeReader nodes;
  private final int itemLevel;
  private final int top;
  private final Node[] path;
  private final int[] index;

  /** A cursor over a non-empty tree, for an item level from -1 to the root's level minus one. */
  TreeCursor(NodeReader nodes, Node root, int itemLevel) {
    if (itemLevel < -1 || itemLevel >= root.level() || root.entryCount() == 0) {
      throw new IllegalArgumentException("no items at level " + itemLevel + " below this root");
    }
    this.nodes = nodes;
    this.itemLevel = itemLevel;
    this.top = root.level();
    this.path = new Node[top + 1];
    this.index = new int[top + 1];
    path[top] = root;
  }

  /** Moves to the first item whose key is at least {@code key}, or to the last item if none. */
  void seek(String key) {
    for (int level = top; level > itemLevel; level--) {
      Node node = path[level];
      int i = Math.min(node.ceiling(key), node.entryCount() - 1);
      index[level] = i;
      if (level - 1 > itemLevel) {
        Hash child = node.entry(i).hash();
        if (path[level - 1] == null || !path[level - 1].hash().equals(child)) {
          path[level - 1] = nodes.load(child);
        }
      }
    }
  }

  NodeEntry current() {
    return path[itemLevel + 1].entry(index[itemLevel + 1]);
  }

  boolean hasNext() {
    for (int level = itemLevel + 1; level <= top; level++) {
      if (index[level] < path[level].entryCount() - 1) {
        return true;
      }
    }
    return false;
  }

  void next() {
    int level = itemLevel + 1;
    while (index[level] == path[level].entryCount() - 1) {
      level++;
      if (level > top) {
        throw new IllegalStateException("the cursor is at the last item");
      }
    }
    index[level]++;
    for (; level - 1 > itemLevel; level--) {
      path[level - 1] = nodes.load(path[level].entry(index[level]).hash());
      index[level - 1] = 0;
    }
  }
}
