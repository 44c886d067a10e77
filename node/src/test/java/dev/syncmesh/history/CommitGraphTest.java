package dev.syncmesh.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitGraphTest {
  private final HistoryFixture h = new HistoryFixture();
  private final CommitGraph graph = h.graph;

  @Test
  void theLogPagesJoinExactlyByCountAndByBytes() {
    Hash root = h.commit();
    Hash left = h.chain(root, 6);
    Hash right = h.chain(h.commit(root), 4);
    Hash head = h.commit(h.chain(h.commit(left, right), 3));
    List<Hash> whole = graph.log(head, 1000).stream().map(CommitEntry::hash).toList();
    assertThat(whole).hasSize(17);
    for (long maxBytes : new long[] {Long.MAX_VALUE, 1, 700}) {
      List<Hash> paged = new java.util.ArrayList<>();
      Hash after = null;
      int pages = 0;
      do {
        CommitGraph.LogPage page = graph.log(head, after, 4, maxBytes);
        assertThat(page.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        page.entries().forEach(entry -> paged.add(entry.hash()));
        after = page.next();
        pages++;
      } while (after != null);
      assertThat(paged).as("pages of at most %d bytes", maxBytes).isEqualTo(whole);
      assertThat(pages).isGreaterThanOrEqualTo(maxBytes == 1 ? 17 : 5);
    }
    Hash elsewhere = h.commit();
    assertThatThrownBy(() -> graph.log(head, elsewhere, 4, Long.MAX_VALUE))
        .isInstanceOf(MissingCommitException.class);
  }

  @Test
  void generationIsOneMoreThanTheHighestParent() {
    Hash root = h.commit();
    Hash side = h.commit(root);
    Hash tip = h.chain(root, 3);
    Hash merge = h.commit(side, tip);
    assertThat(graph.read(root).generation()).isEqualTo(1);
    assertThat(graph.read(side).generation()).isEqualTo(2);
    assertThat(graph.read(tip).generation()).isEqualTo(4);
    assertThat(graph.read(merge).generation()).isEqualTo(5);
    assertThat(graph.read(merge).parents()).containsExactly(side, tip);
  }

  @Test
  void writeRefusesWrongGenerationsAndDanglingReferences() {
    Hash root = h.commit();
    Instant now = Instant.EPOCH;
    assertThatThrownBy(() -> graph.write(new Commit(h.tree, List.of(root), "a", "m", now, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generation");
    Hash nowhere = RecordValue.parse("{}".getBytes()).hash();
    assertThatThrownBy(() -> graph.newCommit(h.tree, List.of(nowhere), "a", "m", now))
        .isInstanceOf(MissingCommitException.class)
        .hasMessageContaining(nowhere.hex());
    assertThatThrownBy(() -> graph.write(new Commit(nowhere, List.of(), "a", "m", now, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tree");
    assertThatThrownBy(() -> graph.newCommit(h.tree, List.of(root, root), "a", "m", now))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAndFindsStoredCommitsOnly() {
    Hash root = h.commit();
    assertThat(new CommitGraph(h.store).read(root)).isEqualTo(graph.read(root));
    assertThat(new CommitGraph(h.store).find(root)).contains(graph.read(root));
    Hash nowhere = StoredObject.of(ObjectKind.COMMIT, new byte[1]).hash();
    assertThat(graph.find(nowhere)).isEmpty();
    assertThatThrownBy(() -> graph.read(nowhere)).isInstanceOf(MissingCommitException.class);
    assertThatThrownBy(() -> graph.read(h.tree))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NODE");
  }

  @Test
  void logListsNewestFirstByGenerationThenTimeThenHash() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    Hash root = h.commit(t0);
    Hash early = h.commit(t0.plusSeconds(10), root);
    Hash late = h.commit(t0.plusSeconds(20), root);
    Hash tieA = h.commit(t0.plusSeconds(5), root);
    Hash tieB = h.commit(t0.plusSeconds(5), root);
    Hash merge1 = h.commit(t0.plusSeconds(1), early, late); // older clock, higher generation
    Hash head = h.commit(t0.plusSeconds(2), merge1, tieA);
    Hash top = h.commit(t0.plusSeconds(3), head, tieB);

    List<Hash> ties = tieA.compareTo(tieB) < 0 ? List.of(tieA, tieB) : List.of(tieB, tieA);
    assertThat(hashes(graph.log(top, 100)))
        .containsExactly(top, head, merge1, late, early, ties.get(0), ties.get(1), root);
    assertThat(hashes(graph.log(top, 3))).containsExactly(top, head, merge1);
    assertThat(graph.log(top, 0)).isEmpty();
    assertThat(graph.log(null, 10)).isEmpty();
    assertThat(graph.log(root, 10)).singleElement().extracting(CommitEntry::hash).isEqualTo(root);
    assertThatThrownBy(() -> graph.log(top, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullHeadsAreEmptyHistories() {
    Hash head = h.chain(null, 4);
    assertThat(graph.aheadBehind(head, null)).isEqualTo(new AheadBehind(4, 0));
    assertThat(graph.aheadBehind(null, head)).isEqualTo(new AheadBehind(0, 4));
    assertThat(graph.aheadBehind(null, null)).isEqualTo(new AheadBehind(0, 0));
    assertThat(graph.mergeBase(head, null)).isEmpty();
    assertThat(graph.mergeBase(null, null)).isEmpty();
    assertThat(graph.isAncestor(null, head)).isTrue();
    assertThat(graph.isAncestor(head, null)).isFalse();
    assertThat(graph.commitsBetween(null, head)).hasSize(4);
    assertThat(graph.commitsBetween(head, null)).isEmpty();
  }

  @Test
  void linearAndDisjointHistories() {
    Hash base = h.chain(null, 2);
    Hash ours = h.chain(base, 3);
    Hash other = h.chain(null, 2);
    assertThat(graph.mergeBase(ours, base)).contains(base);
    assertThat(graph.mergeBase(ours, ours)).contains(ours);
    assertThat(graph.mergeBase(ours, other)).isEmpty();
    assertThat(graph.aheadBehind(ours, base)).isEqualTo(new AheadBehind(3, 0));
    assertThat(graph.aheadBehind(ours, other)).isEqualTo(new AheadBehind(5, 2));
    assertThat(graph.aheadBehind(ours, ours).isUpToDate()).isTrue();
    assertThat(graph.isAncestor(base, ours)).isTrue();
    assertThat(graph.isAncestor(ours, base)).isFalse();
    assertThat(graph.isAncestor(other, ours)).isFalse();
  }

  @Test
  void crissCrossPicksTheHighestGenerationThenTheSmallestHash() {
    Hash root = h.commit();
    Hash a1 = h.commit(root);
    Hash b1 = h.commit(root);
    Hash ours = h.commit(h.commit(a1, b1));
    Hash theirs = h.commit(h.commit(b1, a1));
    Hash smaller = a1.compareTo(b1) < 0 ? a1 : b1;
    assertThat(graph.mergeBase(ours, theirs)).contains(smaller);
    assertThat(graph.mergeBase(theirs, ours)).contains(smaller);

    Hash deepB = h.commit(b1); // generation 3, above a1
    Hash ours2 = h.commit(a1, deepB);
    Hash theirs2 = h.commit(deepB, a1);
    assertThat(graph.mergeBase(ours2, theirs2)).contains(deepB);
  }

  @Test
  void commitsBetweenListsParentsBeforeChildren() {
    Hash base = h.chain(null, 3);
    Hash left = h.commit(base);
    Hash right = h.commit(base);
    Hash merge = h.commit(left, right);
    Hash tip = h.commit(merge);
    List<Hash> between = hashes(graph.commitsBetween(base, tip));
    assertThat(between).containsExactlyInAnyOrder(left, right, merge, tip);
    assertThat(between.subList(2, 4)).containsExactly(merge, tip);
    assertThat(graph.commitsBetween(tip, base)).isEmpty();
    assertThat(graph.commitsBetween(left, tip)).extracting(CommitEntry::hash)
        .containsExactly(right, merge, tip);
  }

  @Test
  void walksStopWhenOnlyCommonAncestorsRemain() {
    Hash shared = h.chain(null, 2_000);
    Hash ours = h.chain(shared, 3);
    Hash theirs = h.chain(shared, 2);
    CommitGraph cold = new CommitGraph(h.store);
    ObjectStoreStats before = h.store.stats();
    assertThat(cold.aheadBehind(ours, theirs)).isEqualTo(new AheadBehind(3, 2));
    assertThat(cold.mergeBase(ours, theirs)).contains(shared);
    assertThat(cold.isAncestor(shared, ours)).isTrue();
    ObjectStoreStats used = h.store.stats().minus(before);
    assertThat(used.objectsRead()).isLessThan(20);
    assertThat(used.roundTrips()).isLessThan(20);
  }

  @Test
  void corruptGenerationsAreDetected() {
    Hash deep = h.chain(null, 5);
    Commit liar = new Commit(h.tree, List.of(deep), "x", "claims too little", Instant.EPOCH, 2);
    StoredObject object = CommitGraph.encode(liar);
    h.store.putAll(List.of(object));
    Hash other = h.commit();
    assertThatThrownBy(() -> graph.aheadBehind(object.hash(), other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt history");
    assertThat(Optional.of(graph.read(object.hash()))).contains(liar);
  }

  private static List<Hash> hashes(List<CommitEntry> entries) {
    return entries.stream().map(CommitEntry::hash).toList();
  }
}
