package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/** A decoded, immutable tree node: a chunk of one level. Level 0 nodes are leaves. */
final class Node {
  private final int level;
  private final NodeEntry[] entries;
  private final Hash hash;
  private final long size;

  Node(int level, NodeEntry[] entries, Hash hash) {
    this.level = level;
    this.entries = entries;
    this.hash = hash;
    long total = 0;
    for (NodeEntry entry : entries) {
      total = Math.addExact(total, entry.count());
    }
    this.size = total;
  }

  int level() {
    return level;
  }

  boolean isLeaf() {
    return level == 0;
  }

  Hash hash() {
    return hash;
  }

  /** The number of records below this node. */
  long size() {
    return size;
  }

  int entryCount() {
    return entries.length;
  }

  NodeEntry entry(int index) {
    return entries[index];
  }

  NodeEntry last() {
    return entries[entries.length - 1];
  }

  /** This node as an entry of its parent. */
  NodeEntry asEntry() {
    return new NodeEntry(last().key(), hash, size);
  }

  /** The index of the first entry whose key is at least {@code key}, or the entry count if none. */
  int ceiling(String key) {
    int low = 0;
    int high = entries.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (entries[mid].key().compareTo(key) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
