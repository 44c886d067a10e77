package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.tree.CheckedNode;
import dev.syncmesh.tree.NodeLink;
import dev.syncmesh.tree.NodePatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two peers on one node share its store: {@code ours} receives packs, {@code secret} holds records
 * the sender must not get at. A sender who knows the hashes of the secret peer's objects (not their
 * bytes) tries to make them part of our history without sending them, so that it could fetch them
 * back from us: as the head, as a tree, as a parent, as a merge's second parent, as a blob in a leaf
 * it sends, and as the base of a node patch. Each is refused, and in the same words as a reference
 * to a hash that is stored nowhere, so the refusal does not tell it what the node holds either.
 */
class GraftingTest {
  private final InMemoryObjectStore shared = new InMemoryObjectStore();
  private final Side node = new Side(shared);
  private final Side secretPeer = new Side(shared);
  private Hash ours;
  private Hash secret;

  @BeforeEach
  void histories() {
    ours = node.populate(40);
    secret = secretPeer.change(secretPeer.populate(3), IntStream.range(0, 3), "-secret");
  }

  @Test
  void theSecretHeadWithoutItsObjectsIsRefusedAsIfItWereStoredNowhere() {
    Side receiving = receiving();
    assertThat(receiving.receive(PackBytes.start().end()).ok()).isTrue();

    PackFailure grafted = receiving.check(secret, List.of(ours)).failure();
    PackFailure absent = receiving.check(new Hash(1, 2, 3, 4), List.of(ours)).failure();

    assertRefusedAlike(grafted, secret, absent, new Hash(1, 2, 3, 4));
  }

  @Test
  void aCommitOnTheSecretTreeIsRefused() {
    StoredObject onSecretTree = commit(secretPeer.tree(secret), List.of(ours), 2);
    Hash unknownTree = new Hash(9, 9, 9, 9);
    StoredObject onUnknownTree = commit(unknownTree, List.of(ours), 2);

    PackFailure grafted = pushAlone(onSecretTree);
    PackFailure absent = receiving().receive(packOf(onUnknownTree)).failure();

    // The secret tree differs from ours at its root: that node is the first one not brought.
    assertRefusedAlike(grafted, secretPeer.tree(secret), absent, unknownTree);
  }

  @Test
  void aCommitOnTheSecretHeadAsParentOrSecondParentIsRefused() {
    long generation = secretPeer.commits.read(secret).generation() + 1;
    StoredObject child = commit(node.tree(ours), List.of(secret), generation);
    assertThat(pushAlone(child).message()).contains(secret.hex());

    StoredObject merge = commit(secretPeer.tree(secret), List.of(ours, secret), generation);
    PackFailure grafted = pushAlone(merge);
    assertThat(grafted.kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(grafted.message()).contains(secret.hex());
  }

  @Test
  void aLeafItSendsCannotHoldTheSecretBlob() {
    Hash secretBlob = Side.value(0, "-secret").hash();
    StoredObject leaf = PackBytes.node(0, List.of(new NodeLink("issues/i-000000", secretBlob, 1)));
    StoredObject commit = commit(leaf.hash(), List.of(ours), 2);
    byte[] pack = PackBytes.start().section(commit.hash()).object(leaf).object(commit).end();

    Side receiving = receiving();
    assertThat(receiving.receive(pack).ok()).as("its references are stored, so it is").isTrue();
    PackFailure grafted = receiving.check(commit.hash(), List.of(ours)).failure();

    Hash neverStored = Side.value(0, "-never").hash();
    StoredObject leaf2 = PackBytes.node(0, List.of(new NodeLink("issues/i-000000", neverStored, 1)));
    StoredObject commit2 = commit(leaf2.hash(), List.of(ours), 2);
    PackFailure absent =
        receiving().receive(PackBytes.start().section(commit2.hash()).object(leaf2).object(commit2).end())
            .failure();

    assertRefusedAlike(grafted, secretBlob, absent, neverStored);
  }

  @Test
  void aPatchOnASecretNodeIsRefused() {
    StoredObject secretLeaf = shared.get(secretPeer.tree(secret)).orElseThrow();
    CheckedNode decoded = node.trees.checkNode(secretLeaf);
    assertThat(decoded.isLeaf()).isTrue();
    StoredObject extra = Side.value(99, "-mine").blob();
    List<NodeLink> links = new ArrayList<>(decoded.links());
    links.add(new NodeLink("issues/i-000099", extra.hash(), 1));
    StoredObject rebuilt = PackBytes.node(0, links);
    // The patch copies the secret leaf's entries blind, by index, and adds one of its own.
    byte[] patch = NodePatch.diff(secretLeaf, rebuilt);
    StoredObject commit = commit(rebuilt.hash(), List.of(ours), 2);
    byte[] pack =
        PackBytes.start()
            .section(commit.hash())
            .object(extra)
            .patch(secretLeaf.hash(), patch)
            .object(commit)
            .end();

    Side receiving = receiving();
    assertThat(receiving.receive(pack).ok()).isTrue();
    PackFailure grafted = receiving.check(commit.hash(), List.of(ours)).failure();

    assertThat(grafted.kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(grafted.message()).contains(rebuilt.hash().hex());
  }

  @Test
  void whatTheSenderSendsItMayHaveEvenIfAnotherPeerHasItToo() {
    // An honest sender with the same record as the secret peer sends its bytes: that is its own.
    Side sender = new Side(new InMemoryObjectStore());
    sender.receive(node.pack(ours, List.of()));
    Hash same = sender.change(ours, IntStream.range(0, 1), "-secret");

    Side receiving = receiving();
    receiving.receive(sender.pack(same, List.of(ours)));

    assertThat(receiving.check(same, List.of(ours)).complete()).isTrue();
    assertThat(node.trees.get(node.tree(same), Side.key(0)))
        .contains(Side.value(0, "-secret").hash());
  }

  /** A receiving side of its own (its own packs only) on the shared store. */
  private Side receiving() {
    return new Side(shared);
  }

  private PackFailure pushAlone(StoredObject commit) {
    Side receiving = receiving();
    PackReceiver.Received received = receiving.receive(packOf(commit));
    if (!received.ok()) {
      return received.failure();
    }
    return receiving.check(commit.hash(), List.of(ours)).failure();
  }

  private static byte[] packOf(StoredObject commit) {
    return PackBytes.start().section(commit.hash()).object(commit).end();
  }

  private static StoredObject commit(Hash tree, List<Hash> parents, long generation) {
    return CommitGraph.encode(
        new Commit(tree, parents, "grafter", "graft", Instant.EPOCH, generation));
  }

  /** Refused as missing references, with the same words but for the hash. */
  private static void assertRefusedAlike(
      PackFailure grafted, Hash graftedHash, PackFailure absent, Hash absentHash) {
    assertThat(grafted).isNotNull();
    assertThat(absent).isNotNull();
    assertThat(grafted.kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(absent.kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(grafted.message()).contains(graftedHash.hex());
    assertThat(absent.message()).contains(absentHash.hex());
    assertThat(grafted.message().replace(graftedHash.hex(), "H"))
        .isEqualTo(absent.message().replace(absentHash.hex(), "H"));
  }
}
