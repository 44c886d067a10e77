package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.store.InMemoryObjectStore;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The work of apply and diff grows with the edits times the height, not with the tree: counted in
 * nodes (cache hits included), never in time.
 */
class ProllyTreeCostTest {
  private static final int EDITS = 100;

  /** What 100 random edits cost on a tree of the given size. */
  record Cost(int size, int height, long applyReads, long applyWrites, long diffReads) {}

  @Test
  void hundredEditsOnTenThousandRecords() {
    assertCheap(measure(10_000));
  }

  @Test
  void hundredEditsOnHundredThousandRecords() {
    assertCheap(measure(100_000));
  }

  @Test
  void hundredEditsOnAMillionRecords() {
    Cost cost = measure(1_000_000);
    assertThat(cost.height()).isEqualTo(4);
    assertCheap(cost);
  }

  private static void assertCheap(Cost cost) {
    System.out.println(cost);
    long bound = (long) EDITS * cost.height();
    assertThat(cost.applyReads()).isLessThanOrEqualTo(bound);
    assertThat(cost.applyWrites()).isLessThanOrEqualTo(bound);
    assertThat(cost.diffReads()).as("both trees are read").isLessThanOrEqualTo(2 * bound);
  }

  private static Cost measure(int size) {
    ProllyTree tree = new ProllyTree(new InMemoryObjectStore(), 1024);
    Hash from = tree.build(records(size));
    assertThat(tree.size(from)).isEqualTo(size);

    Random random = new Random(size);
    TreeMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    while (edits.size() < EDITS) {
      int i = random.nextInt(2 * size);
      boolean delete = i % 2 == 0 && random.nextBoolean();
      edits.put(key(i), delete ? Optional.empty() : Optional.of(new Hash(-1, i, 0, 0)));
    }
    long reads = tree.nodesRead();
    long writes = tree.nodesWritten();
    Hash to = tree.apply(from, edits);
    long applyReads = tree.nodesRead() - reads;
    long applyWrites = tree.nodesWritten() - writes;

    reads = tree.nodesRead();
    List<Change> changes = tree.diff(from, to);
    long diffReads = tree.nodesRead() - reads;
    assertThat(changes).hasSize(EDITS);
    return new Cost(size, tree.height(from), applyReads, applyWrites, diffReads);
  }

  /** Keys order as their numbers. The tree holds the even ones; edits of odd ones are inserts. */
  private static RecordKey key(int i) {
    String digits = Integer.toString(i);
    return new RecordKey("items", "i" + "000000000".substring(digits.length()) + digits);
  }

  private static Iterator<TreeEntry> records(int size) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public TreeEntry next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        int i = 2 * next++;
        return new TreeEntry(key(i), new Hash(i, 0, 0, 0));
      }
    };
  }
}
