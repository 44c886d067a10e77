package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One {@link ProllyTree#apply}: level after level, re-cuts only the runs of chunks that edits
 * touch. A run starts at the chunk holding the first pending edit and pulls in the next chunk
 * while the re-cut entries do not end on a boundary. Replaced chunks become deletes of their last
 * keys one level up and new chunks become puts, until the root's level, which is rebuilt whole and
 * may grow new levels; a root with a single child then gives way to that child. New nodes are
 * collected so that the caller writes them in one batch.
 */
final class EditApplier {
  private final NodeReader nodes;
  private final Chunking chunking;
  private final Map<Hash, NewNode> made = new LinkedHashMap<>();

  EditApplier(NodeReader nodes, Chunking chunking) {
    this.nodes = nodes;
    this.chunking = chunking;
  }

  /** Applies edits (key to new entry, or to null for a delete) and returns the new root. */
  Node apply(Node root, TreeMap<String, NodeEntry> edits) {
    TreeMap<String, NodeEntry> levelEdits = edits;
    for (int level = 0; level < root.level(); level++) {
      levelEdits = applyToLevel(root, level, levelEdits);
      if (levelEdits.isEmpty()) {
        return root;
      }
    }
    TreeBuilder builder = new TreeBuilder(chunking, root.level(), this::keep);
    new EditRun(levelEdits).mergeInto(root, null, builder::add);
    Node newRoot = collapse(builder.finish());
    if (newRoot.hash().equals(root.hash())) {
      made.clear();
    }
    return newRoot;
  }

  /** The nodes the new root needs that the old tree did not have, children before parents. */
  Collection<NewNode> newNodes() {
    return made.values();
  }

  private TreeMap<String, NodeEntry> applyToLevel(
      Node root, int level, TreeMap<String, NodeEntry> edits) {
    TreeMap<String, NodeEntry> above = new TreeMap<>();
    EditRun run = new EditRun(edits);
    TreeCursor cursor = new TreeCursor(nodes, root, level);
    while (run.hasNext()) {
      cursor.seek(run.nextKey());
      List<Node> replaced = new ArrayList<>();
      List<NewNode> chunks = new ArrayList<>();
      List<NodeEntry> open = new ArrayList<>();
      long[] weight = {0};
      Consumer<NodeEntry> cut =
          entry -> {
            open.add(entry);
            weight[0] += Chunking.weight(entry.key());
            if (chunking.endsChunk(entry.key(), level, weight[0])) {
              chunks.add(NewNode.of(level, open));
              open.clear();
              weight[0] = 0;
            }
          };
      while (true) {
        Node chunk = nodes.load(cursor.current().hash());
        replaced.add(chunk);
        boolean lastOfLevel = !cursor.hasNext();
        run.mergeInto(chunk, lastOfLevel ? null : chunk.last().key(), cut);
        if (lastOfLevel || open.isEmpty()) {
          break;
        }
        cursor.next();
      }
      if (!open.isEmpty()) {
        chunks.add(NewNode.of(level, open));
      }
      replace(replaced, chunks, above);
    }
    return above;
  }

  private void replace(
      List<Node> replaced, List<NewNode> chunks, TreeMap<String, NodeEntry> above) {
    Set<Hash> before = new HashSet<>();
    replaced.forEach(node -> before.add(node.hash()));
    Set<Hash> after = new HashSet<>();
    chunks.forEach(chunk -> after.add(chunk.node().hash()));
    for (Node node : replaced) {
      if (!after.contains(node.hash())) {
        above.put(node.last().key(), null);
      }
    }
    for (NewNode chunk : chunks) {
      if (!before.contains(chunk.node().hash())) {
        above.put(chunk.node().last().key(), chunk.node().asEntry());
        keep(chunk);
      }
    }
  }

  /** The first level with one chunk is the root: drop single-child nodes above it. */
  private Node collapse(Node top) {
    while (!top.isLeaf() && top.entryCount() == 1) {
      made.remove(top.hash());
      Hash child = top.entry(0).hash();
      NewNode fresh = made.get(child);
      top = fresh != null ? fresh.node() : nodes.load(child);
    }
    return top;
  }

  private void keep(NewNode node) {
    made.put(node.node().hash(), node);
  }

  /** Edits in key order, consumed chunk by chunk. */
  private static final class EditRun {
    private final String[] keys;
    private final NodeEntry[] values;
    private int next;

    EditRun(TreeMap<String, NodeEntry> edits) {
      keys = edits.keySet().toArray(new String[0]);
      values = edits.values().toArray(new NodeEntry[0]);
    }

    boolean hasNext() {
      return next < keys.length;
    }

    String nextKey() {
      return keys[next];
    }

    /** Sends the chunk's entries with the edits up to {@code bound} (all if null) spliced in. */
    void mergeInto(Node chunk, String bound, Consumer<NodeEntry> out) {
      int i = 0;
      while (next < keys.length && (bound == null || keys[next].compareTo(bound) <= 0)) {
        String key = keys[next];
        while (i < chunk.entryCount() && chunk.entry(i).key().compareTo(key) < 0) {
          out.accept(chunk.entry(i++));
        }
        if (i < chunk.entryCount() && chunk.entry(i).key().equals(key)) {
          i++;
        }
        if (values[next] != null) {
          out.accept(values[next]);
        }
        next++;
      }
      while (i < chunk.entryCount()) {
        out.accept(chunk.entry(i++));
      }
    }
  }
}
