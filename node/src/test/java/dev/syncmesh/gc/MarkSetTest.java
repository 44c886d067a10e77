package dev.syncmesh.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarkSetTest {
  @Test
  void holdsExactlyWhatWasAddedAcrossGrowth() {
    Random random = new Random(7);
    MarkSet marks = new MarkSet(64L << 20);
    Set<Hash> added = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      Hash hash = new Hash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      assertThat(marks.add(hash)).isEqualTo(added.add(hash));
    }
    assertThat(marks.size()).isEqualTo(added.size());
    for (Hash hash : added) {
      assertThat(marks.contains(hash)).isTrue();
      assertThat(marks.add(hash)).isFalse();
    }
    Random others = new Random(8);
    for (int i = 0; i < 10_000; i++) {
      Hash other = new Hash(others.nextLong(), others.nextLong(), others.nextLong(), others.nextLong());
      assertThat(marks.contains(other)).isEqualTo(added.contains(other));
    }
  }

  @Test
  void hashesThatDifferOnlyPastTheFirstWordsAndTheZeroHashAreDistinct() {
    MarkSet marks = new MarkSet(1L << 20);
    Hash zero = new Hash(0, 0, 0, 0);
    assertThat(marks.contains(zero)).isFalse();
    assertThat(marks.add(zero)).isTrue();
    assertThat(marks.add(zero)).isFalse();
    for (int i = 1; i <= 500; i++) {
      assertThat(marks.add(new Hash(42, 42, 0, i))).isTrue();
    }
    assertThat(marks.size()).isEqualTo(501);
    assertThat(marks.contains(new Hash(42, 42, 0, 501))).isFalse();
    assertThat(marks.contains(new Hash(42, 42, 0, 500))).isTrue();
  }

  @Test
  void refusesToGrowPastItsMemory() {
    MarkSet marks = new MarkSet(1L << 20);
    Random random = new Random(9);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1_000_000; i++) {
                marks.add(new Hash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
              }
            })
        .isInstanceOf(MarkSet.Full.class)
        .hasMessageContaining("syncmesh.gc.max-mark-memory");
    assertThat(marks.bytes()).isLessThanOrEqualTo(1L << 20);
  }
}
