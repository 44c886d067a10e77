package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.CheckedNode;
import dev.syncmesh.tree.NodeLink;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** One side of a transfer: a store with its trees and commits, and helpers to make history. */
final class Side {
  final RecordingStore store;
  final ProllyTree trees;
  final CommitGraph commits;
  final PackPlanner planner;
  final PackReceiver receiver;
  final Completeness completeness;
  private final List<PackReceiver.Received> receptions = new ArrayList<>();
  private int made;

  Side(ObjectStore backing) {
    this(backing, PackLimits.DEFAULT);
  }

  Side(ObjectStore backing, PackLimits limits) {
    store = new RecordingStore(backing);
    trees = new ProllyTree(store);
    commits = new CommitGraph(store);
    planner = new PackPlanner(trees, commits);
    receiver = new PackReceiver(store, trees, commits, limits);
    completeness = new Completeness(store, trees, commits);
  }

  static RecordKey key(int i) {
    return RecordKey.parse(String.format("issues/i-%06d", i));
  }

  /** A small record of about 90 canonical bytes. */
  static RecordValue value(int i, String variant) {
    return RecordValue.parse(
        ("{\"title\":\"Issue number "
                + i
                + variant
                + "\",\"status\":\"open\",\"priority\":"
                + (i % 5)
                + ",\"assignee\":\"user-"
                + (i % 7)
                + "\",\"labels\":[\"bug\"]}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** A root commit holding records 0..n-1; returns it. */
  Hash populate(int records) {
    List<TreeEntry> entries = new ArrayList<>(records);
    List<StoredObject> blobs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      RecordValue value = value(i, "");
      blobs.add(value.blob());
      entries.add(new TreeEntry(key(i), value.hash()));
      if (blobs.size() == 1000) {
        store.putAll(blobs);
        blobs.clear();
      }
    }
    store.putAll(blobs);
    return commit(List.of(), trees.build(entries.iterator()));
  }

  /** A commit on {@code parent} that rewrites the given records with a variant. */
  Hash change(Hash parent, IntStream ids, String variant) {
    TreeMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    List<StoredObject> blobs = new ArrayList<>();
    ids.forEach(
        i -> {
          RecordValue value = value(i, variant);
          blobs.add(value.blob());
          edits.put(key(i), Optional.of(value.hash()));
        });
    store.putAll(blobs);
    return commit(List.of(parent), trees.apply(tree(parent), edits));
  }

  Hash commit(List<Hash> parents, Hash tree) {
    Instant time = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(made++);
    return commits.write(commits.newCommit(tree, parents, "tester", "change " + made, time));
  }

  Hash tree(Hash commit) {
    return commits.read(commit).tree();
  }

  /** The canonical bytes of every record of a commit's tree. */
  long rawBytes(Hash commit) {
    List<TreeEntry> all = trees.list(tree(commit), null, null, Integer.MAX_VALUE);
    List<Hash> hashes = all.stream().map(TreeEntry::value).toList();
    return store.getAll(hashes).values().stream().mapToLong(StoredObject::size).sum();
  }

  byte[] pack(Hash want, Collection<Hash> haves, Resume resume, PackLimits limits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PackWriter(store, limits).write(planner.plan(want, haves, resume), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  byte[] pack(Hash want, Collection<Hash> haves) {
    return pack(want, haves, null, PackLimits.DEFAULT);
  }

  PackReceiver.Received receive(byte[] pack) {
    PackReceiver.Received received = receiver.receive(new ByteArrayInputStream(pack));
    receptions.add(received);
    return received;
  }

  /**
   * The check a peer whose history ends at {@code history} makes of {@code head}, after every pack
   * this side received taken in order by one {@link Intake}; the verdict counts nothing.
   */
  Completeness.Verdict check(Hash head, List<Hash> history) {
    Intake intake = new Intake(completeness, history);
    for (PackReceiver.Received received : receptions) {
      PackFailure failure = intake.take(received);
      if (failure != null) {
        return new Completeness.Verdict(0, 0, failure);
      }
    }
    return new Completeness.Verdict(0, 0, intake.reaches(head));
  }

  boolean isComplete(Hash head, List<Hash> history) {
    return check(head, history).complete();
  }

  /** The check of one pack's commits with what it brought alone, counting what it read. */
  Completeness.Verdict checkAlone(PackReceiver.Received received, List<Hash> history) {
    return completeness.check(
        received.commits(), completeness.trust(history, Set.of()), received.brought());
  }

  /** Everything this side stored refers only to objects it holds, of the right kinds. */
  void assertNothingDangles() {
    Set<Hash> seen = new HashSet<>();
    for (StoredObject object : store.written()) {
      if (!seen.add(object.hash())) {
        continue;
      }
      List<Hash> nodes = new ArrayList<>();
      List<Hash> blobs = new ArrayList<>();
      List<Hash> parents = new ArrayList<>();
      if (object.kind() == ObjectKind.NODE) {
        CheckedNode node = trees.checkNode(object);
        for (NodeLink link : node.links()) {
          (node.isLeaf() ? blobs : nodes).add(link.target());
        }
      } else if (object.kind() == ObjectKind.COMMIT) {
        Commit commit = CommitGraph.decode(object);
        nodes.add(commit.tree());
        parents.addAll(commit.parents());
      }
      assertKinds(object, nodes, ObjectKind.NODE);
      assertKinds(object, blobs, ObjectKind.BLOB);
      assertKinds(object, parents, ObjectKind.COMMIT);
    }
  }

  private void assertKinds(StoredObject from, List<Hash> targets, ObjectKind kind) {
    Map<Hash, ObjectKind> kinds = store.kinds(targets);
    for (Hash target : targets) {
      assertThat(kinds.get(target)).as("%s refers to %s", from.hash(), target).isEqualTo(kind);
    }
  }
}
