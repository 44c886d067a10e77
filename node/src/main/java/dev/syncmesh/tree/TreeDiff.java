package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Walks two trees side by side in key order. Each side is a stack of pending items, records or
 * subtrees; a subtree that heads both stacks with the same hash holds the same records on both
 * sides and is skipped whole, so the walk only opens nodes around changes.
 */
final class TreeDiff {
  /** A record (level -1, hash is its value) or a subtree whose root node is at {@code level}. */
  private record Item(String key, Hash hash, int level) {
    boolean isRecord() {
      return level < 0;
    }
  }

  private final NodeReader nodes;
  private final Consumer<Change> sink;
  private final Deque<Item> from = new ArrayDeque<>();
  private final Deque<Item> to = new ArrayDeque<>();

  private TreeDiff(NodeReader nodes, Consumer<Change> sink) {
    this.nodes = nodes;
    this.sink = sink;
  }

  static void run(NodeReader nodes, Hash from, Hash to, Consumer<Change> sink) {
    if (!from.equals(to)) {
      new TreeDiff(nodes, sink).walk(from, to);
    }
  }

  private void walk(Hash fromRoot, Hash toRoot) {
    open(from, fromRoot);
    open(to, toRoot);
    while (!from.isEmpty() && !to.isEmpty()) {
      Item a = from.peek();
      Item b = to.peek();
      if (a.isRecord() && b.isRecord()) {
        int order = a.key().compareTo(b.key());
        if (order <= 0) {
          from.pop();
        }
        if (order >= 0) {
          to.pop();
        }
        if (order < 0) {
          emit(a.key(), a.hash(), null);
        } else if (order > 0) {
          emit(b.key(), null, b.hash());
        } else if (!a.hash().equals(b.hash())) {
          emit(a.key(), a.hash(), b.hash());
        }
      } else if (a.level() == b.level() && a.hash().equals(b.hash())) {
        from.pop();
        to.pop();
      } else {
        if (a.level() >= b.level()) {
          open(from, from.pop().hash());
        }
        if (b.level() >= a.level()) {
          open(to, to.pop().hash());
        }
      }
    }
    drain(from, true);
    drain(to, false);
  }

  private void drain(Deque<Item> side, boolean deleted) {
    while (!side.isEmpty()) {
      Item item = side.pop();
      if (!item.isRecord()) {
        open(side, item.hash());
      } else if (deleted) {
        emit(item.key(), item.hash(), null);
      } else {
        emit(item.key(), null, item.hash());
      }
    }
  }

  private void open(Deque<Item> side, Hash hash) {
    Node node = nodes.load(hash);
    int childLevel = node.level() - 1;
    for (int i = node.entryCount() - 1; i >= 0; i--) {
      NodeEntry entry = node.entry(i);
      side.push(new Item(entry.key(), entry.hash(), childLevel));
    }
  }

  private void emit(String key, Hash before, Hash after) {
    sink.accept(new Change(ProllyTree.toKey(key), before, after));
  }
}
