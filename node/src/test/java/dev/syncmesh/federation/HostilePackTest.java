package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.federation.PackReceiver.Received;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.tree.NodeLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile packs: each is refused with the right kind, stores nothing that dangles, receives no
 * commit, and keeps what was verified before the fault.
 */
class HostilePackTest {
  private final Side source = new Side(new InMemoryObjectStore());
  private final Side target = new Side(new InMemoryObjectStore());
  private final StoredObject blobA = PackBytes.blob("{\"a\":1}");
  private final StoredObject blobB = PackBytes.blob("{\"b\":2}");
  private Hash base;
  private Hash head;

  @BeforeEach
  void history() {
    base = source.populate(300);
    head = source.change(base, IntStream.range(0, 10), "-x");
    assertThat(target.receive(source.pack(base, List.of())).complete()).isTrue();
  }

  @Test
  void aFlippedByteInACommitIsAHashMismatch() {
    byte[] pack = source.pack(head, List.of(base));
    flip(pack, "\"message\":\"change");
    refused(pack, Kind.HASH_MISMATCH);
  }

  @Test
  void aFlippedByteInABlobLeavesItsLeafWithAMissingReference() {
    byte[] pack = source.pack(head, List.of(base));
    flip(pack, "Issue number 5-x");
    Received received = refused(pack, Kind.MISSING_REFERENCE);
    assertThat(received.objectsReceived()).isPositive(); // the blobs verified before it stay
  }

  @Test
  void aNodeReferringToAMissingChildIsRefused() {
    StoredObject leaf = PackBytes.node(0, List.of(link("issues/a", blobA.hash())));
    StoredObject commit = commit(leaf.hash(), List.of(), 1);
    refused(pack(commit, leaf, commit), Kind.MISSING_REFERENCE);
  }

  @Test
  void aNodeAfterItsChildrenIsAcceptedButBeforeThemIsRefused() {
    StoredObject leaf = PackBytes.node(0, List.of(link("issues/a", blobA.hash())));
    StoredObject commit = commit(leaf.hash(), List.of(), 1);
    assertThat(target.receive(pack(commit, blobA, leaf, commit)).complete()).isTrue();

    StoredObject other = PackBytes.node(0, List.of(link("issues/b", blobB.hash())));
    StoredObject second = commit(other.hash(), List.of(), 1);
    refused(pack(second, other, blobB, second), Kind.MISSING_REFERENCE);
  }

  @Test
  void aCommitReferringToAMissingTreeOrParentIsRefused() {
    refused(pack(commit(new Hash(1, 2, 3, 4), List.of(), 1)), Kind.MISSING_REFERENCE);
    StoredObject withParent = commit(target.tree(base), List.of(new Hash(5, 6, 7, 8)), 2);
    refused(pack(withParent), Kind.MISSING_REFERENCE);
    StoredObject treeIsABlob =
        commit(target.store.getAll(List.of(blobOf(0))).get(blobOf(0)).hash(), List.of(), 1);
    // a tree outside the pack that is stored as something else is as absent as one never stored
    refused(pack(treeIsABlob), Kind.MISSING_REFERENCE);
  }

  @Test
  void aCommitWithAnInconsistentGenerationIsRefused() {
    refused(pack(commit(target.tree(base), List.of(base), 5)), Kind.CORRUPT_OBJECT);
  }

  @Test
  void oversizeObjectsAndPacksAreRefused() {
    byte[] blob =
        PackBytes.start()
            .section(new Hash(1, 1, 1, 1))
            .raw(new byte[] {ObjectKind.BLOB.code()})
            .number(PackLimits.MAX_BLOB_BYTES + 1)
            .raw(new byte[100])
            .cut();
    refused(blob, Kind.TOO_LARGE);
    byte[] node =
        PackBytes.start().section(new Hash(1, 1, 1, 1)).raw(new byte[] {2}).number(1 << 21).cut();
    refused(node, Kind.TOO_LARGE);

    Side small = new Side(new InMemoryObjectStore(), new PackLimits(50, 1 << 20, 16, 1 << 16));
    Received received = small.receive(source.pack(head, List.of()));
    assertThat(received.failure().kind()).isEqualTo(Kind.TOO_LARGE);
    small.assertNothingDangles();
  }

  @Test
  void unknownKindsGarbageAndBrokenFramingAreMalformed() {
    refused(PackBytes.start().section(head).object(7, new byte[] {1, 2}).end(), Kind.MALFORMED);
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    refused(garbage, Kind.MALFORMED);
    refused("{\"objects\":[]}".getBytes(StandardCharsets.UTF_8), Kind.MALFORMED);
    byte[] version2 = PackBytes.start().end();
    version2[4] = 2;
    refused(version2, Kind.MALFORMED);
    refused(PackBytes.start().object(blobA).end(), Kind.MALFORMED); // outside any section
    byte[] good = source.pack(head, List.of(base));
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    refused(trailing, Kind.MALFORMED);
    byte[] miscounted = good.clone();
    miscounted[miscounted.length - 2]++; // the byte count of the end frame
    refused(miscounted, Kind.MALFORMED);
  }

  @Test
  void aTruncatedStreamIsRetriable() {
    byte[] pack = source.pack(head, List.of(base));
    for (int length : new int[] {0, 3, pack.length / 2, pack.length - 1}) {
      Received received = refused(Arrays.copyOf(pack, length), Kind.TRUNCATED);
      assertThat(received.failure().retriable()).isTrue();
    }
  }

  @Test
  void nodesThatBreakTheNodeRulesAreCorrupt() {
    StoredObject outOfOrder =
        PackBytes.node(0, List.of(link("issues/b", blobB.hash()), link("issues/a", blobA.hash())));
    refused(
        pack(commit(outOfOrder.hash(), List.of(), 1), blobA, blobB, outOfOrder),
        Kind.CORRUPT_OBJECT);

    String boundary = boundaryKey();
    StoredObject badCut =
        PackBytes.node(
            0, List.of(link(boundary, blobA.hash()), link(boundary + "z", blobB.hash())));
    refused(pack(commit(badCut.hash(), List.of(), 1), blobA, blobB, badCut), Kind.CORRUPT_OBJECT);

    StoredObject leaf = PackBytes.node(0, List.of(link("issues/a", blobA.hash())));
    StoredObject leaf2 = PackBytes.node(0, List.of(link(boundary, blobB.hash())));
    StoredObject miscounted =
        PackBytes.node(
            1,
            List.of(
                new NodeLink("issues/a", leaf.hash(), 2), new NodeLink(boundary, leaf2.hash(), 1)));
    refused(
        pack(commit(miscounted.hash(), List.of(), 1), blobA, blobB, leaf, leaf2, miscounted),
        Kind.CORRUPT_OBJECT);
  }

  @Test
  void blobsThatAreNotCanonicalRecordValuesAreCorrupt() {
    List<String> values =
        List.of("{\"b\":1,\"a\":2}", "{\"a\": 1}", "[1,2]", "{\"a\":1.0}", "{\"a\":", "{\"*\":1}");
    for (String json : values) {
      StoredObject blob = PackBytes.blob(json);
      refused(PackBytes.start().section(head).object(blob).end(), Kind.CORRUPT_OBJECT);
    }
  }

  @Test
  void aParentThatMisdescribesAStoredChildPassesReceiptButNotTheCompletenessCheck() {
    StoredObject root = target.store.get(target.tree(base)).orElseThrow();
    var node = target.trees.checkNode(root);
    assertThat(node.isLeaf()).isFalse();
    List<NodeLink> links = new java.util.ArrayList<>(node.links());
    NodeLink first = links.get(0);
    links.set(0, new NodeLink(first.key(), first.target(), first.count() + 1));
    StoredObject lying = PackBytes.node(node.level(), links);
    StoredObject commit = commit(lying.hash(), List.of(base), 2);

    Received received = target.receive(pack(commit, lying, commit));

    assertThat(received.complete()).isTrue(); // its children are stored: nothing dangles
    Completeness.Verdict verdict = target.check(commit.hash(), List.of(base));
    assertThat(verdict.failure().kind()).isEqualTo(Kind.CORRUPT_OBJECT);
    assertThat(target.check(commit.hash(), List.of()).complete()).isFalse();
  }

  @Test
  void badNodePatchesAreRefused() {
    Hash root = target.tree(base);
    byte[] payload = new byte[Hash.BYTES + 4];
    System.arraycopy(new Hash(9, 9, 9, 9).bytes(), 0, payload, 0, Hash.BYTES);
    payload[Hash.BYTES] = 1; // level 1, one copy of entries 0..1
    payload[Hash.BYTES + 1] = 1;
    refused(PackBytes.start().section(head).object(4, payload).end(), Kind.MISSING_REFERENCE);

    System.arraycopy(root.bytes(), 0, payload, 0, Hash.BYTES);
    byte[] outOfRange = Arrays.copyOf(payload, Hash.BYTES + 5);
    outOfRange[Hash.BYTES + 2] = 0; // copy
    outOfRange[Hash.BYTES + 3] = 100; // from entry 100
    outOfRange[Hash.BYTES + 4] = 1;
    refused(PackBytes.start().section(head).object(4, outOfRange).end(), Kind.CORRUPT_OBJECT);

    byte[] otherLevel = outOfRange.clone();
    otherLevel[Hash.BYTES] = 0;
    otherLevel[Hash.BYTES + 3] = 0;
    refused(PackBytes.start().section(head).object(4, otherLevel).end(), Kind.CORRUPT_OBJECT);

    byte[] good = outOfRange.clone();
    good[Hash.BYTES + 3] =
        0; // copies entry 0 alone: a level-1 node whose child is described as in the root
    StoredObject rebuilt =
        dev.syncmesh.tree.NodePatch.apply(
                target.store.get(root).orElseThrow(),
                Arrays.copyOfRange(good, Hash.BYTES, good.length),
                1 << 20)
            .node();
    StoredObject commit = commit(rebuilt.hash(), List.of(base), 2);
    Received received =
        target.receive(
            PackBytes.start().section(commit.hash()).object(4, good).object(commit).end());
    assertThat(received.complete()).isTrue();
    // ...but a one-entry internal root is not canonical: the completeness check says so.
    assertThat(target.check(commit.hash(), List.of(base)).failure().kind())
        .isEqualTo(Kind.CORRUPT_OBJECT);
  }

  @Test
  void aRetryAfterARefusalMovesOnlyTheRest() {
    byte[] pack = source.pack(head, List.of(base));
    byte[] broken = pack.clone();
    flip(broken, "\"message\":\"change");
    Received first = refused(broken, Kind.HASH_MISMATCH);
    Received retry =
        target.receive(source.pack(head, List.of(base), first.resume(), PackLimits.DEFAULT));
    assertThat(retry.complete()).isTrue();
    assertThat(first.objectsReceived() + retry.objectsReceived())
        .isEqualTo(target(pack).objectsReceived());
    assertThat(target.isComplete(head, List.of(base))).isTrue();
  }

  private Received target(byte[] pack) {
    Side side = new Side(new InMemoryObjectStore());
    side.receive(source.pack(base, List.of()));
    return side.receive(pack);
  }

  private Received refused(byte[] pack, Kind kind) {
    long commitsBefore =
        target.store.written().stream().filter(o -> o.kind() == ObjectKind.COMMIT).count();
    Received received = target.receive(pack);
    assertThat(received.failure()).as("refusal").isNotNull();
    assertThat(received.failure().kind()).as(received.failure().message()).isEqualTo(kind);
    assertThat(received.complete()).isFalse();
    // A commit is listed, and stored, only once it and everything under it is verified.
    assertThat(target.store.written().stream().filter(o -> o.kind() == ObjectKind.COMMIT).count())
        .isEqualTo(commitsBefore + received.commits().size());
    received
        .commits()
        .forEach(c -> assertThat(target.isComplete(c, List.of())).isTrue());
    target.assertNothingDangles();
    return received;
  }

  private Hash blobOf(int i) {
    return Side.value(i, "").hash();
  }

  private static byte[] pack(StoredObject commit, StoredObject... objects) {
    PackBytes pack = PackBytes.start().section(commit.hash());
    for (StoredObject object : objects) {
      pack.object(object);
    }
    if (objects.length == 0) {
      pack.object(commit);
    }
    return pack.end();
  }

  private static StoredObject commit(Hash tree, List<Hash> parents, long generation) {
    return CommitGraph.encode(
        new Commit(
            tree,
            parents,
            "mallory",
            "hostile",
            Instant.parse("2024-01-01T00:00:00Z"),
            generation));
  }

  private static NodeLink link(String key, Hash blob) {
    return new NodeLink(key, blob, 1);
  }

  /** Changes one character of the first occurrence of {@code text} in the pack. */
  private static void flip(byte[] pack, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + needle.length <= pack.length; i++) {
      if (Arrays.equals(pack, i, i + needle.length, needle, 0, needle.length)) {
        pack[i + needle.length - 3] ^= 0x01;
        return;
      }
    }
    throw new AssertionError(text + " is not in the pack");
  }

  /** A record key that ends a leaf under the default chunking (1 in 64 keys does). */
  private static String boundaryKey() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; ; i++) {
        String key = "issues/k" + i;
        byte[] digest = sha.digest(key.getBytes(StandardCharsets.US_ASCII));
        if ((digest[0] & 0xFC) == 0) {
          return key;
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
