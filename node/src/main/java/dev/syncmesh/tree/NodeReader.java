package dev.syncmesh.tree;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Loads and decodes nodes through a bounded cache, counting every node it hands out. */
final class NodeReader {
  private final ObjectStore store;
  private final Chunking chunking;
  private final Cache<Hash, Node> cache;
  private final LongAdder reads = new LongAdder();

  NodeReader(ObjectStore store, Chunking chunking, long maxCachedNodes) {
    this.store = store;
    this.chunking = chunking;
    this.cache = Caffeine.newBuilder().maximumSize(maxCachedNodes).recordStats().build();
  }

  void bindMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, "tree-nodes");
  }

  Node load(Hash hash) {
    reads.increment();
    Node node = cached(hash);
    if (node == null) {
      node = decode(hash, store.get(hash).orElse(null));
    }
    return node;
  }

  /** Loads several nodes with at most one request to the store. */
  Map<Hash, Node> loadAll(Collection<Hash> hashes) {
    reads.add(hashes.size());
    return fetchAll(hashes);
  }

  /** Loads nodes into the cache ahead of use; they count as read when they are used. */
  Map<Hash, Node> prefetchAll(Collection<Hash> hashes) {
    return fetchAll(hashes);
  }

  private Map<Hash, Node> fetchAll(Collection<Hash> hashes) {
    Map<Hash, Node> found = new HashMap<>();
    List<Hash> absent = new ArrayList<>();
    for (Hash hash : hashes) {
      Node node = cached(hash);
      if (node == null) {
        absent.add(hash);
      } else {
        found.put(hash, node);
      }
    }
    if (!absent.isEmpty()) {
      Map<Hash, StoredObject> objects = store.getAll(absent);
      for (Hash hash : absent) {
        found.put(hash, decode(hash, objects.get(hash)));
      }
    }
    return found;
  }

  void remember(Node node) {
    cache.put(node.hash(), node);
  }

  /** Nodes handed out since this reader was made, from the cache or from the store. */
  long reads() {
    return reads.sum();
  }

  private Node cached(Hash hash) {
    Node node = cache.getIfPresent(hash);
    if (node == null && hash.equals(NewNode.EMPTY.node().hash())) {
      node = NewNode.EMPTY.node();
    }
    return node;
  }

  private Node decode(Hash hash, StoredObject object) {
    if (object == null) {
      throw new MissingNodeException(hash);
    }
    Node node = NodeCodec.decode(object, chunking, false); // our own store: checked when stored
    cache.put(hash, node);
    return node;
  }
}
