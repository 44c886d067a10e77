package dev.syncmesh.peer;

import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.peer.PeerReply.Roots;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of a peer's data, given its {@link Roots}: blocking store and tree work, run on the
 * blocking dispatcher, never on the entity. A commit given by a client must be in the peer's
 * history (the object store is shared by every peer of the mesh).
 */
public final class PeerReader {
  /** At most this many changes are listed in a diff or a working set; all are counted. */
  public static final int MAX_LISTED_CHANGES = 1000;

  /** A peer described: its head and policy, sizes, remotes and pending merge (or null). */
  public record Info(
      String name,
      Hash head,
      AutocommitMode autocommit,
      long records,
      long workingSetSize,
      List<dev.syncmesh.sync.Remote> remotes,
      dev.syncmesh.sync.PendingMerge pendingMerge) {}

  public record StoredRecord(RecordKey key, Hash hash, RecordValue value) {}

  /** The most bytes of record values one page of records carries (at least one record). */
  public static final long PAGE_BYTES = 4L << 20;

  private static final int FIRST_VALUE_BATCH = 16;
  private static final int MAX_VALUE_BATCH = 256;

  /** A page of records in key order; {@code next} is the key to continue after, or null. */
  public record Page(List<StoredRecord> records, RecordKey next) {}

  /**
   * Changes in key order: how many there are in all, a page of them, and the key to continue
   * after (null on the last page).
   */
  public record Changes(long size, List<Change> listed, RecordKey next) {}

  public record Diff(Hash from, Hash to, Changes changes) {}

  private final ObjectStore store;
  private final ProllyTree tree;
  private final CommitGraph commits;

  public PeerReader(ObjectStore store, ProllyTree tree, CommitGraph commits) {
    this.store = store;
    this.tree = tree;
    this.commits = commits;
  }

  public Info describe(Roots roots) {
    return new Info(
        roots.name(),
        roots.head(),
        roots.autocommit(),
        tree.size(roots.workingRoot()),
        changes(roots.headTree(), roots.workingRoot(), null, 0).size(),
        List.of(),
        null);
  }

  public Info describe(PeerState.Active state) {
    Info info = describe(state.roots());
    return new Info(
        info.name(),
        info.head(),
        info.autocommit(),
        info.records(),
        info.workingSetSize(),
        List.copyOf(state.remotes().values()),
        state.pendingMerge());
  }

  /** A record at the head (with the working set) or, given {@code at}, at that commit. */
  public Optional<StoredRecord> get(Roots roots, RecordKey key, Hash at) {
    Hash root = at == null ? roots.workingRoot() : treeOf(roots, at);
    return tree.get(root, key).map(hash -> new StoredRecord(key, hash, value(hash)));
  }

  /**
   * At most {@code limit} records after {@code after}, and no more than {@link #PAGE_BYTES} of
   * values (always at least one record): a page of large records stops early and gives {@code
   * next}. Values are read in batches sized by what the page has room for, so a page of 1 MiB
   * records never holds many more of them than it answers with.
   */
  public Page list(Roots roots, String collection, RecordKey after, int limit, Hash at) {
    Hash root = at == null ? roots.workingRoot() : treeOf(roots, at);
    List<TreeEntry> entries = tree.list(root, collection, after, limit + 1);
    int candidates = Math.min(entries.size(), limit);
    List<StoredRecord> records = new ArrayList<>();
    long bytes = 0;
    boolean full = false;
    int batch = FIRST_VALUE_BATCH;
    while (records.size() < candidates && !full) {
      List<TreeEntry> next =
          entries.subList(records.size(), Math.min(candidates, records.size() + batch));
      Map<Hash, StoredObject> blobs = store.getAll(next.stream().map(TreeEntry::value).toList());
      for (TreeEntry entry : next) {
        StoredObject blob = blobs.get(entry.value());
        long size = blob == null ? 0 : blob.size();
        if (!records.isEmpty() && bytes + size > PAGE_BYTES) {
          full = true;
          break;
        }
        records.add(new StoredRecord(entry.key(), entry.value(), value(entry.value(), blobs)));
        bytes += size;
      }
      long average = Math.max(1, bytes / records.size());
      batch = (int) Math.max(1, Math.min(MAX_VALUE_BATCH, (PAGE_BYTES - bytes) / average));
    }
    boolean more = full || entries.size() > limit;
    return new Page(records, more ? records.get(records.size() - 1).key() : null);
  }

  public List<CommitEntry> log(Roots roots, int limit) {
    return commits.log(roots.head(), limit);
  }

  /**
   * A page of the log after {@code after} (null: from the head): at most {@code limit} commits and
   * {@link #PAGE_BYTES} of their authors and messages (at least one commit).
   */
  public CommitGraph.LogPage log(Roots roots, Hash after, int limit) {
    if (after != null) {
      requireInHistory(roots, after);
    }
    return commits.log(roots.head(), after, limit, PAGE_BYTES);
  }

  /** Changes from commit {@code from} (null: the empty tree) to {@code to} (null: the head). */
  public Diff diff(Roots roots, Hash from, Hash to) {
    return diff(roots, from, to, null, MAX_LISTED_CHANGES);
  }

  /** As above, a page: up to {@code limit} changes after key {@code after} (null: the first). */
  public Diff diff(Roots roots, Hash from, Hash to, RecordKey after, int limit) {
    Hash fromTree = from == null ? ProllyTree.EMPTY : treeOf(roots, from);
    Hash toCommit = to == null ? roots.head() : to;
    Hash toTree = toCommit == null ? ProllyTree.EMPTY : treeOf(roots, toCommit);
    return new Diff(from, toCommit, changes(fromTree, toTree, after, limit));
  }

  /**
   * What a commit of the graph changed against its first parent (a root commit: against the empty
   * tree), the first {@code limit} changes listed.
   */
  public Changes changesOf(CommitEntry entry, int limit) {
    List<Hash> parents = entry.commit().parents();
    Hash base = parents.isEmpty() ? ProllyTree.EMPTY : commits.read(parents.get(0)).tree();
    return changes(base, entry.commit().tree(), null, limit);
  }

  /** Refuses a commit outside this peer's history with {@code commit-not-found}. */
  public void requireInHistory(Roots roots, Hash commit) {
    treeOf(roots, commit);
  }

  public Changes workingSet(Roots roots) {
    return workingSet(roots, null, MAX_LISTED_CHANGES);
  }

  /** The uncommitted changes, a page: up to {@code limit} after key {@code after}. */
  public Changes workingSet(Roots roots, RecordKey after, int limit) {
    return changes(roots.headTree(), roots.workingRoot(), after, limit);
  }

  /**
   * A page of the changes between two trees. Changes hold keys and hashes, never values, so a
   * page of the most allowed is small; {@code size} counts every change, so each page walks the
   * whole difference (which reads only the nodes that differ).
   */
  private Changes changes(Hash from, Hash to, RecordKey after, int limit) {
    if (from.equals(to)) {
      return new Changes(0, List.of(), null);
    }
    List<Change> listed = new ArrayList<>();
    long[] size = {0};
    boolean[] more = {false};
    tree.diff(
        from,
        to,
        change -> {
          size[0]++;
          if (after != null && change.key().compareTo(after) <= 0) {
            return;
          }
          if (listed.size() < limit) {
            listed.add(change);
          } else {
            more[0] = true;
          }
        });
    RecordKey next = more[0] && !listed.isEmpty() ? listed.get(listed.size() - 1).key() : null;
    return new Changes(size[0], listed, next);
  }

  /** The tree of a commit in this peer's history; anything else is {@code commit-not-found}. */
  private Hash treeOf(Roots roots, Hash commit) {
    Optional<Commit> found;
    try {
      found = roots.head() == null ? Optional.empty() : commits.find(commit);
    } catch (InvalidInputException e) {
      found = Optional.empty(); // an object of another kind
    }
    if (found.isEmpty() || !commits.isAncestor(commit, roots.head())) {
      throw new PeerException(
          PeerError.COMMIT_NOT_FOUND, "commit " + commit + " is not in the history of " + roots.name());
    }
    return found.get().tree();
  }

  private RecordValue value(Hash hash) {
    return value(hash, store.getAll(List.of(hash)));
  }

  private static RecordValue value(Hash hash, Map<Hash, StoredObject> blobs) {
    StoredObject blob = blobs.get(hash);
    if (blob == null) {
      throw new IllegalStateException("record value " + hash + " is not in the object store");
    }
    return RecordValue.fromBlob(blob);
  }
}
