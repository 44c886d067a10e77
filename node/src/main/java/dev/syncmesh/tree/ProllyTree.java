package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Snapshots as history-independent Merkle trees (key-chunked prolly trees, see
 * docs/ARCHITECTURE.md): the same records give the same root hash whatever edits led to them. A
 * tree is named by its root hash; all trees share the object store and a bounded cache of decoded
 * nodes. Stateless apart from the cache and counters, so one instance serves every thread.
 */
public final class ProllyTree {
  /** The root of the empty tree, stored when a {@code ProllyTree} is made. */
  public static final Hash EMPTY = NewNode.EMPTY.node().hash();

  public static final long DEFAULT_CACHED_NODES = 4096;
  private static final int BUILD_BATCH = 512;

  private final ObjectStore store;
  private final Chunking chunking;
  private final NodeReader nodes;
  private final LongAdder written = new LongAdder();

  public ProllyTree(ObjectStore store) {
    this(store, DEFAULT_CACHED_NODES);
  }

  public ProllyTree(ObjectStore store, long maxCachedNodes) {
    this(store, maxCachedNodes, Chunking.DEFAULT);
  }

  ProllyTree(ObjectStore store, long maxCachedNodes, Chunking chunking) {
    this.store = Objects.requireNonNull(store, "store");
    this.chunking = chunking;
    this.nodes = new NodeReader(store, chunking, maxCachedNodes);
    store.putAll(List.of(NewNode.EMPTY.object()));
  }

  public Optional<Hash> get(Hash root, RecordKey key) {
    return Optional.ofNullable(getAll(root, List.of(key)).get(key));
  }

  /** The values of the keys present; one store request per level at most. */
  public Map<RecordKey, Hash> getAll(Hash root, Collection<RecordKey> keys) {
    return descend(root, keys, true);
  }

  /** Loads the path of every key into the cache, one store request per level. */
  private void prefetchPaths(Hash root, Collection<RecordKey> keys) {
    descend(root, keys, false);
  }

  private Map<RecordKey, Hash> descend(Hash root, Collection<RecordKey> keys, boolean counted) {
    Map<RecordKey, Hash> found = new HashMap<>();
    Map<Hash, List<RecordKey>> wanted = new HashMap<>();
    wanted.put(root, List.copyOf(keys));
    while (!wanted.isEmpty()) {
      Map<Hash, Node> loaded =
          counted ? nodes.loadAll(wanted.keySet()) : nodes.prefetchAll(wanted.keySet());
      Map<Hash, List<RecordKey>> below = new HashMap<>();
      wanted.forEach(
          (hash, group) -> {
            Node node = loaded.get(hash);
            for (RecordKey key : group) {
              String text = key.toString();
              int i = node.ceiling(text);
              if (i == node.entryCount()) {
                continue;
              }
              NodeEntry entry = node.entry(i);
              if (!node.isLeaf()) {
                below.computeIfAbsent(entry.hash(), h -> new ArrayList<>()).add(key);
              } else if (entry.key().equals(text)) {
                found.put(key, entry.hash());
              }
            }
          });
      wanted = below;
    }
    return found;
  }

  /**
   * Applies puts (a present value) and deletes (an empty one; deleting an absent key does
   * nothing), writes every new node in one batch and returns the new root.
   */
  public Hash apply(Hash root, NavigableMap<RecordKey, Optional<Hash>> edits) {
    TreeMap<String, NodeEntry> leafEdits = new TreeMap<>();
    edits.forEach(
        (key, value) -> {
          String text = key.toString();
          leafEdits.put(text, value.map(v -> new NodeEntry(text, v, 1)).orElse(null));
        });
    Node top = nodes.load(root);
    if (leafEdits.isEmpty()) {
      return root;
    }
    if (top.entryCount() == 0) {
      return buildFrom(
          leafEdits.values().stream().filter(Objects::nonNull).iterator(), Integer.MAX_VALUE);
    }
    prefetchPaths(root, edits.keySet());
    EditApplier applier = new EditApplier(nodes, chunking);
    Node newRoot = applier.apply(top, leafEdits);
    write(applier.newNodes(), true);
    return newRoot.hash();
  }

  /** Builds a tree from entries in strictly increasing key order, writing nodes in batches. */
  public Hash build(Iterator<TreeEntry> sortedEntries) {
    return buildFrom(
        new Iterator<>() {
          private String previous;

          @Override
          public boolean hasNext() {
            return sortedEntries.hasNext();
          }

          @Override
          public NodeEntry next() {
            TreeEntry entry = sortedEntries.next();
            String key = entry.key().toString();
            if (previous != null && key.compareTo(previous) <= 0) {
              throw new IllegalArgumentException(
                  "entries must come in increasing key order: " + key + " after " + previous);
            }
            previous = key;
            return new NodeEntry(key, entry.value(), 1);
          }
        },
        BUILD_BATCH);
  }

  /**
   * Up to {@code limit} entries in key order after {@code afterOrNull} (exclusive), only of the
   * given collection unless it is null. Reads the page's leaves and one path from the root.
   */
  public List<TreeEntry> list(
      Hash root, String collectionOrNull, RecordKey afterOrNull, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a page limit cannot be negative: " + limit);
    }
    String prefix =
        collectionOrNull == null ? "" : RecordKey.requireCollection(collectionOrNull) + "/";
    String after = afterOrNull == null ? null : afterOrNull.toString();
    String from = after == null || after.compareTo(prefix) < 0 ? prefix : after;
    List<TreeEntry> page = new ArrayList<>();
    Node top = nodes.load(root);
    if (limit == 0 || top.entryCount() == 0) {
      return page;
    }
    TreeCursor cursor = new TreeCursor(nodes, top, -1);
    cursor.seek(from);
    while (true) {
      NodeEntry entry = cursor.current();
      if (entry.key().compareTo(from) >= 0 && !entry.key().equals(after)) {
        if (!entry.key().startsWith(prefix)) {
          break;
        }
        page.add(new TreeEntry(toKey(entry.key()), entry.hash()));
        if (page.size() == limit) {
          break;
        }
      }
      if (!cursor.hasNext()) {
        break;
      }
      cursor.next();
    }
    return page;
  }

  /** Sends the changes from one tree to another in key order, opening only nodes that differ. */
  public void diff(Hash from, Hash to, Consumer<Change> sink) {
    TreeDiff.run(nodes, from, to, sink);
  }

  public List<Change> diff(Hash from, Hash to) {
    List<Change> changes = new ArrayList<>();
    diff(from, to, changes::add);
    return changes;
  }

  /**
   * What {@code to} holds that {@code from} lacks: its nodes absent from {@code from} and the
   * changed records, reading only nodes around the changes (one store request per level).
   */
  public TreeDelta delta(Hash from, Hash to) {
    return DeltaWalk.run(nodes, chunking, from, to, false);
  }

  /**
   * {@link #delta}, checking that {@code to} is complete and canonical where it differs from the
   * trusted tree {@code from}: for trees received from elsewhere. A node that is absent is a
   * {@link MissingNodeException}; one that disagrees with its parent or breaks the chunking rule a
   * {@link MalformedNodeException}.
   */
  public TreeDelta checkedDelta(Hash trustedFrom, Hash to) {
    return DeltaWalk.run(nodes, chunking, trustedFrom, to, true);
  }

  /**
   * Decodes a node received from elsewhere with every check its bytes allow (format, canonical
   * numbers, key syntax and order, no chunk boundary before the last entry), under this tree's
   * chunking; a {@link MalformedNodeException} otherwise.
   */
  public CheckedNode checkNode(StoredObject object) {
    return CheckedNode.of(NodeCodec.decode(object, chunking));
  }

  /** The number of records, from the root node alone. */
  public long size(Hash root) {
    return nodes.load(root).size();
  }

  /** The number of node levels: 1 for a single leaf (and for the empty tree). */
  public int height(Hash root) {
    return nodes.load(root).level() + 1;
  }

  /** Nodes this tree has looked at since it was made, whether the cache or the store gave them. */
  /** Reports the cache of decoded nodes ({@code cache="tree-nodes"}). */
  public void bindMetrics(MeterRegistry registry) {
    nodes.bindMetrics(registry);
  }

  public long nodesRead() {
    return nodes.reads();
  }

  /** Nodes this tree has handed to the store to write since it was made. */
  public long nodesWritten() {
    return written.sum();
  }

  static RecordKey toKey(String text) {
    return RecordKey.parse(text);
  }

  /** Builds from sorted entries, writing every {@code batchSize} nodes (apply writes once). */
  private Hash buildFrom(Iterator<NodeEntry> entries, int batchSize) {
    boolean remember = batchSize == Integer.MAX_VALUE;
    List<NewNode> batch = new ArrayList<>();
    TreeBuilder builder =
        new TreeBuilder(
            chunking,
            0,
            node -> {
              batch.add(node);
              if (batch.size() >= batchSize) {
                write(batch, remember);
                batch.clear();
              }
            });
    entries.forEachRemaining(builder::add);
    Node root = builder.finish();
    write(batch, remember);
    return root.hash();
  }

  private void write(Collection<NewNode> made, boolean remember) {
    if (made.isEmpty()) {
      return;
    }
    store.putAll(made.stream().map(NewNode::object).toList());
    written.add(made.size());
    if (remember) {
      made.forEach(node -> nodes.remember(node.node()));
    }
  }
}
