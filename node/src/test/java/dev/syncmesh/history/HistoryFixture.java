package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A commit graph over an in-memory store, with one stored tree that every commit points to. */
final class HistoryFixture {
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final CommitGraph graph;
  final Hash tree;
  private int made;

  HistoryFixture() {
    this(CommitGraph.DEFAULT_CACHE_BYTES);
  }

  HistoryFixture(long cacheBytes) {
    graph = new CommitGraph(store, cacheBytes);
    StoredObject node = StoredObject.of(ObjectKind.NODE, "[]".getBytes(StandardCharsets.UTF_8));
    store.putAll(List.of(node));
    tree = node.hash();
  }

  /** A new commit on the given parents, one second after the previous one. */
  Hash commit(Hash... parents) {
    return commit(Instant.EPOCH.plusSeconds(made), parents);
  }

  Hash commit(Instant time, Hash... parents) {
    String message = "commit " + made++;
    return graph.write(graph.newCommit(tree, List.of(parents), "tester", message, time));
  }

  /** {@code length} commits in a line on top of {@code from} (null: a new root); the last one. */
  Hash chain(Hash from, int length) {
    Hash head = from;
    for (int i = 0; i < length; i++) {
      head = head == null ? commit() : commit(head);
    }
    return head;
  }
}
