package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.store.StagedObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A node shares its tree cache between the work that writes (whose objects are staged until the
 * work ends) and the completeness check: a node that is only in that cache is not stored, and a
 * head must not move to a tree that refers to it.
 */
class CompletenessStoredTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final StagedObjectStore staged = new StagedObjectStore(store);
  private final ProllyTree trees = new ProllyTree(staged);
  private final CommitGraph commits = new CommitGraph(staged);
  private final Completeness completeness = new Completeness(store, trees, commits);

  @Test
  void aNodeOnlyInTheTreeCacheIsAMissingReference() {
    RecordValue value = RecordValue.parse("{\"title\":\"cached only\"}".getBytes());
    store.putAll(List.of(value.blob()));
    Hash root;
    staged.begin();
    try {
      TreeMap<dev.syncmesh.protocol.model.RecordKey, Optional<Hash>> edits = new TreeMap<>();
      edits.put(Side.key(1), Optional.of(value.hash()));
      root = trees.apply(ProllyTree.EMPTY, edits); // made and cached, staged, never written
    } finally {
      staged.end();
    }
    assertThat(store.missing(List.of(root))).containsExactly(root);
    StoredObject commit =
        CommitGraph.encode(new Commit(root, List.of(), "pusher", "refers to a cached node", Instant.EPOCH, 1));
    store.putAll(List.of(commit));

    Completeness.Verdict verdict =
        completeness.check(
            List.of(commit.hash()),
            completeness.trust(List.of(), Set.of()),
            new Brought(Set.of(commit.hash(), root, value.hash()), Map.of()));

    assertThat(verdict.complete()).isFalse();
    assertThat(verdict.failure().kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(verdict.failure().message()).contains(root.toString());
  }
}
