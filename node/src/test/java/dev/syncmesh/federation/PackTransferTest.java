package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackReceiver.Received;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Transfers between two independent in-memory stores: clones, increments, cuts and resumes. */
class PackTransferTest {
  private final Side source = new Side(new InMemoryObjectStore());
  private final Side target = new Side(new InMemoryObjectStore());

  @Test
  void aCloneBringsEveryCommitAndTheWholeTree() {
    Hash c1 = source.populate(10_000);
    Hash c2 = source.change(c1, IntStream.range(0, 50), "-b");
    Hash c3 = source.change(c2, IntStream.range(5_000, 5_100), "-c");
    byte[] pack = source.pack(c3, List.of());

    Received received = target.receive(pack);

    assertThat(received.failure()).isNull();
    assertThat(received.complete()).isTrue();
    assertThat(received.commits()).containsExactly(c1, c2, c3);
    assertThat(received.bytesReceived()).isEqualTo(pack.length);
    assertThat(target.trees.list(target.tree(c3), null, null, 20_000))
        .isEqualTo(source.trees.list(source.tree(c3), null, null, 20_000));
    assertThat(target.commits.log(c3, 10)).isEqualTo(source.commits.log(c3, 10));
    assertThat(target.check(c3, List.of()).complete()).isTrue();
    Completeness.Verdict verdict = target.checkAlone(received, List.of());
    assertThat(verdict.complete()).as("%s", verdict).isTrue();
    assertThat(verdict.commitsChecked()).isEqualTo(3);
    target.assertNothingDangles();
  }

  @Test
  void aCloneOfTenThousandSmallRecordsMovesLessThanTwiceTheirBytes() {
    Hash head = source.populate(10_000);
    byte[] pack = source.pack(head, List.of());
    long raw = source.rawBytes(head);
    double ratio = pack.length / (double) raw;
    System.out.printf(
        "clone of 10000 records: %d bytes sent for %d raw canonical bytes: ratio %.2f%n",
        pack.length, raw, ratio);
    assertThat(ratio).isLessThan(2.0);
    assertThat(target.receive(pack).complete()).isTrue();
    assertThat(target.isComplete(head, List.of())).isTrue();
  }

  @Test
  void anIncrementalTransferMovesOnlyObjectsAroundTheChanges() {
    Hash base = source.populate(100_000);
    assertThat(target.receive(source.pack(base, List.of())).complete()).isTrue();
    Hash next = source.change(base, IntStream.range(0, 100).map(i -> i * 997), "-x");

    byte[] pack = source.pack(next, List.of(base));
    Received received = target.receive(pack);

    assertThat(received.complete()).isTrue();
    assertThat(received.commits()).containsExactly(next);
    // 100 blobs, about 100 leaves, the level-1 nodes above them, the root and the commit
    assertThat(received.objectsReceived()).isBetween(200L, 400L);
    assertThat(pack.length).isLessThan(50 * 1024);
    System.out.printf(
        "100 changes on 100000 records: %d objects, %d bytes%n",
        received.objectsReceived(), pack.length);
    assertThat(target.check(next, List.of(base)).complete()).isTrue();
    assertThat(target.checkAlone(received, List.of(base)).nodesChecked()).isLessThan(200);
    assertThat(target.trees.diff(target.tree(base), target.tree(next))).hasSize(100);
    assertThat(source.pack(next, List.of(next)).length).isLessThan(16);
  }

  @Test
  void aCutTransferResumedMovesOnlyTheRest() {
    Hash c1 = source.populate(6_000);
    Hash c2 = source.change(c1, IntStream.range(0, 3_000).map(i -> 2 * i), "-b");
    Hash c3 = source.change(c2, IntStream.range(0, 1_000).map(i -> 3 * i + 1), "-c");
    byte[] whole = source.pack(c3, List.of());
    long total = target(whole).objectsReceived();

    for (double at : new double[] {0.2, 0.5, 0.8}) {
      Side fresh = new Side(new InMemoryObjectStore());
      Received first = fresh.receive(Arrays.copyOf(whole, (int) (whole.length * at)));
      assertThat(first.failure().kind()).isEqualTo(PackFailure.Kind.TRUNCATED);
      assertThat(first.failure().retriable()).isTrue();
      assertThat(first.resume()).isNotNull();
      fresh.assertNothingDangles();

      Received rest =
          fresh.receive(source.pack(c3, first.commits(), first.resume(), PackLimits.DEFAULT));

      assertThat(rest.complete()).isTrue();
      assertThat(fresh.isComplete(c3, List.of())).isTrue();
      long moved = first.objectsReceived() + rest.objectsReceived();
      // at most the blobs of the unit (a leaf's new blobs) being received at the cut
      assertThat(moved).as("cut at %s", at).isBetween(total, total + 300);
    }
  }

  @Test
  void packsBoundedByTheirLimitsAddUpToOneTransfer() {
    Hash c1 = source.populate(5_000);
    Hash c2 = source.change(c1, IntStream.range(0, 500), "-b");
    long total = target(source.pack(c2, List.of())).objectsReceived();

    Side fresh = new Side(new InMemoryObjectStore());
    PackLimits small = new PackLimits(700, PackLimits.MAX_BLOB_BYTES, 64, 1 << 16);
    List<Hash> haves = new ArrayList<>();
    Resume resume = null;
    long moved = 0;
    int packs = 0;
    while (true) {
      Received received = fresh.receive(source.pack(c2, haves, resume, small));
      assertThat(received.failure()).isNull();
      haves.addAll(received.commits());
      resume = received.resume();
      moved += received.objectsReceived();
      packs++;
      if (received.complete()) {
        break;
      }
      assertThat(packs).isLessThan(50);
    }
    assertThat((long) packs).isGreaterThan(total / 700);
    assertThat(moved).isEqualTo(total);
    assertThat(fresh.isComplete(c2, List.of())).isTrue();
    fresh.assertNothingDangles();
  }

  @Test
  void aPushSendsWhatTheServerLacks() {
    Hash base = source.populate(3_000);
    target.receive(source.pack(base, List.of()));
    Hash ours = target.change(base, IntStream.range(100, 150), "-pushed");

    // The server advertises its head; the client plans against it and sends.
    Hash serverHead = source.commits.log(base, 1).get(0).hash();
    byte[] pack = target.pack(ours, List.of(serverHead, new Hash(1, 2, 3, 4)));
    Received received = source.receive(pack);

    assertThat(received.complete()).isTrue();
    assertThat(received.commits()).containsExactly(ours);
    assertThat(received.objectsReceived()).isLessThan(120);
    assertThat(source.isComplete(ours, List.of(serverHead))).isTrue();
  }

  @Test
  void aMergeCommitSendsOnlyWhatNeitherParentHas() {
    Hash base = source.populate(3_000);
    Hash left = source.change(base, IntStream.range(0, 20), "-l");
    Hash right = source.change(base, IntStream.range(2_000, 2_020), "-r");
    target.receive(source.pack(left, List.of()));
    target.receive(source.pack(right, List.of(left)));
    // A merge whose tree is the right side's: the receiver has every object of it.
    Hash merge = source.commit(List.of(left, right), source.tree(right));

    Received received = target.receive(source.pack(merge, List.of(left, right)));

    assertThat(received.commits()).containsExactly(merge);
    assertThat(received.objectsReceived()).isEqualTo(1);
    assertThat(target.isComplete(merge, List.of(left, right))).isTrue();
  }

  @Test
  void eachCommitIsStoredInTheWriteOfItsSectionsLastObjects() {
    Hash base = clonedBase(20_000);
    Hash ours = source.change(base, IntStream.range(0, 100).map(i -> i * 197), "-ours");
    Hash merge = source.change(ours, IntStream.range(0, 20).map(i -> i * 911 + 3), "-merge");
    int writesBefore = target.store.writes().size();

    Received received = target.receive(source.pack(merge, List.of(base)));

    assertThat(received.complete()).isTrue();
    assertThat(received.commits()).containsExactly(ours, merge);
    assertThat(received.resume()).isNull();
    List<List<StoredObject>> writes =
        target.store.writes().subList(writesBefore, target.store.writes().size());
    // Batches ramp up from the first (stored while the rest arrives); a commit never costs a
    // database transaction of its own: it goes with its section's last objects.
    for (int i = 0; i < writes.size(); i++) {
      assertThat(writes.get(i)).hasSizeLessThanOrEqualTo(PackLimits.DEFAULT.batchObjects(i) + 1);
    }
    assertThat(writes).hasSizeGreaterThan(2);
    assertThat(writes.stream().filter(write -> write.stream().anyMatch(o -> o.kind() == ObjectKind.COMMIT)))
        .hasSize(2);
    List<Hash> order = new ArrayList<>();
    for (List<StoredObject> write : writes) {
      write.forEach(object -> order.add(object.hash()));
      for (int i = 0; i < write.size(); i++) {
        if (write.get(i).kind() == ObjectKind.COMMIT) {
          assertThat(write).hasSizeGreaterThan(1);
          assertThat(i).isEqualTo(write.size() - 1);
        }
      }
    }
    assertThat(order.indexOf(target.tree(ours))).isLessThan(order.indexOf(ours));
    assertThat(order.indexOf(ours)).isLessThan(order.indexOf(target.tree(merge)));
    assertThat(order.get(order.size() - 1)).isEqualTo(merge);
    assertThat(target.isComplete(merge, List.of(base))).isTrue();
    target.assertNothingDangles();
  }

  @Test
  void aPackCutAfterACommitResumesFromTheNextSection() {
    Hash base = clonedBase(3_000);
    Hash first = source.change(base, IntStream.range(0, 40), "-1");
    Hash second = source.change(first, IntStream.range(1_000, 1_040), "-2");
    byte[] whole = source.pack(second, List.of(base));
    // The first section whole, and the second's frame with a few bytes of its first object.
    int cut = sectionStart(whole, second) + 1 + Hash.BYTES + 3;

    Received cutShort = target.receive(Arrays.copyOf(whole, cut));

    assertThat(cutShort.failure().kind()).isEqualTo(PackFailure.Kind.TRUNCATED);
    assertThat(cutShort.commits()).containsExactly(first);
    assertThat(cutShort.resume()).isNull();
    assertThat(target.isComplete(first, List.of(base))).isTrue();
    Received rest = target.receive(source.pack(second, List.of(base, first)));
    assertThat(rest.complete()).isTrue();
    assertThat(rest.commits()).containsExactly(second);
    target.assertNothingDangles();
  }

  @Test
  void anUpToDateReceiverGetsAnEmptyPack() {
    Hash base = source.populate(100);
    assertThat(source.planner.plan(base, List.of(base)).isEmpty()).isTrue();
    Received received = source.receive(source.pack(base, List.of(base)));
    assertThat(received.complete()).isTrue();
    assertThat(received.objectsReceived()).isZero();
    assertThat(ProllyTree.EMPTY).isNotNull();
  }

  /** A first commit of {@code records} records on the source, cloned by the target. */
  private Hash clonedBase(int records) {
    Hash base = source.populate(records);
    assertThat(target.receive(source.pack(base, List.of())).complete()).isTrue();
    return base;
  }

  private static int sectionStart(byte[] pack, Hash commit) {
    byte[] frame = new byte[1 + Hash.BYTES];
    frame[0] = (byte) PackFormat.SECTION;
    System.arraycopy(commit.bytes(), 0, frame, 1, Hash.BYTES);
    for (int i = 0; i + frame.length <= pack.length; i++) {
      if (Arrays.equals(pack, i, i + frame.length, frame, 0, frame.length)) {
        return i;
      }
    }
    throw new AssertionError("no section of " + commit + " in the pack");
  }

  private Received target(byte[] pack) {
    Side side = new Side(new InMemoryObjectStore());
    Received received = side.receive(pack);
    assertThat(received.complete()).isTrue();
    return received;
  }
}
