package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedObjectStoreTest {
  private final InMemoryObjectStore below = new InMemoryObjectStore();
  private final StagedObjectStore staged = new StagedObjectStore(below);

  @Test
  void writesOutsideAStageGoStraightThrough() {
    staged.putAll(List.of(blob("a")));
    staged.putAll(List.of(blob("b")));

    assertThat(below.size()).isEqualTo(2);
    assertThat(below.stats().roundTrips()).isEqualTo(2);
  }

  @Test
  void workInOneWriteStoresEverythingItMadeInOneCallWhenItReturns() {
    String result =
        staged.inOneWrite(
            () -> {
              staged.putAll(List.of(blob("a")));
              staged.putAll(List.of(blob("b"), blob("c")));
              assertThat(below.size()).isZero();
              assertThat(staged.getAll(List.of(blob("b").hash()))).containsKey(blob("b").hash());
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(below.size()).isEqualTo(3);
    assertThat(below.stats().objectsWritten()).isEqualTo(3);
    assertThat(below.stats().roundTrips()).isEqualTo(1); // b was read from the stage
  }

  @Test
  void workThatFailsWritesNothingAndLeavesNoStageBehind() {
    assertThatThrownBy(
            () ->
                staged.inOneWrite(
                    () -> {
                      staged.putAll(List.of(blob("a")));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(below.size()).isZero();
    staged.putAll(List.of(blob("b")));
    assertThat(below.size()).isEqualTo(1);
  }

  @Test
  void workInsideAStageJoinsItAndIsWrittenWithIt() {
    staged.begin();
    try {
      staged.inOneWrite(() -> { staged.putAll(List.of(blob("a"))); return null; });
      assertThat(below.size()).isZero();
      staged.putAll(List.of(blob("b")));
      staged.flush();
    } finally {
      staged.end();
    }
    assertThat(below.size()).isEqualTo(2);
    assertThat(below.stats().roundTrips()).isEqualTo(1);
  }

  private static StoredObject blob(String text) {
    return StoredObject.of(ObjectKind.BLOB, ("{\"v\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
