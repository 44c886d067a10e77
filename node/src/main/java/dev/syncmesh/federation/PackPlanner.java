package dev.syncmesh.federation;

import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeDelta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which objects a receiver lacks, on the side that has them: the server of a fetch, or the
 * client of a push (given the head and haves the server advertised). The commits reachable from
 * {@code want} and from no known have, oldest first; for each, the tree nodes and blobs its tree
 * holds and the tree the receiver already has (or gets earlier in the pack) lacks, found by a tree
 * delta that reads only nodes around the changes. That tree is the first parent's (the receiver has
 * every parent: each is a have's ancestor or sent before); for a merge, objects already in either
 * parent's tree are left out; a root commit is compared with the newest have's tree, or with the
 * empty tree on a first clone.
 */
public final class PackPlanner {
  /** Haves beyond this are refused: each one costs a walk. */
  public static final int MAX_HAVES = 256;

  private static final Comparator<Item> SENDING_ORDER =
      Comparator.comparing(Item::key).thenComparingInt(Item::level);

  /** An object at its place in a section: blobs at level -1, before the leaf that holds them. */
  private record Item(String key, int level, Hash hash, Hash base) {}

  private final ProllyTree trees;
  private final CommitGraph commits;

  public PackPlanner(ProllyTree trees, CommitGraph commits) {
    this.trees = trees;
    this.commits = commits;
  }

  public PackPlan plan(Hash want, Collection<Hash> haves) {
    return plan(want, haves, null);
  }

  /**
   * Plans a pack that takes a receiver holding {@code haves} (hashes it does not know are ignored)
   * to {@code want}, a stored commit (else a {@code MissingCommitException}). {@code resume}, if
   * not null, skips what an interrupted pack already delivered.
   */
  public PackPlan plan(Hash want, Collection<Hash> haves, Resume resume) {
    return plan(want, haves, resume, null);
  }

  /**
   * As above for the server of a fetch from the peer whose head is {@code head}: haves outside
   * its history are ignored too, even when the node stores them for another peer, else the pack
   * would tell the caller whether (and what) other peers hold.
   */
  public PackPlan planWithin(Hash head, Hash want, Collection<Hash> haves, Resume resume) {
    return plan(want, haves, resume, head);
  }

  private PackPlan plan(Hash want, Collection<Hash> haves, Resume resume, Hash within) {
    if (haves.size() > MAX_HAVES) {
      throw new InvalidInputException(
          "too-many-haves", haves.size() + " haves is over the limit of " + MAX_HAVES);
    }
    commits.read(want);
    List<Hash> known = knownCommits(haves);
    if (within != null) {
      Set<Hash> inHistory = commits.ancestorsAmong(known, within);
      known = known.stream().filter(inHistory::contains).toList();
    }
    List<CommitEntry> missing = commits.commitsBeyond(known, want);
    Hash fallback = newestTree(known);
    return new PackPlan(
        want,
        missing.stream().map(CommitEntry::hash).toList(),
        () -> sections(missing, fallback, resume));
  }

  private List<Hash> knownCommits(Collection<Hash> haves) {
    Set<Hash> known = new LinkedHashSet<>();
    for (Hash have : haves) {
      try {
        commits.find(have).ifPresent(commit -> known.add(have));
      } catch (InvalidInputException e) {
        // Stored, but not a commit: as unknown as a hash we never saw.
      }
    }
    return List.copyOf(known);
  }

  private Hash newestTree(List<Hash> known) {
    return commits.readAll(known).values().stream()
        .max(Comparator.comparingLong(Commit::generation).thenComparing(Commit::time))
        .map(Commit::tree)
        .orElse(ProllyTree.EMPTY);
  }

  private Iterator<PackPlan.Section> sections(
      List<CommitEntry> missing, Hash fallback, Resume resume) {
    Set<Hash> sent = new HashSet<>();
    Iterator<CommitEntry> entries = missing.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public PackPlan.Section next() {
        CommitEntry entry = entries.next();
        Item from =
            resume != null && resume.commit().equals(entry.hash())
                ? new Item(resume.key(), resume.level(), null, null)
                : null;
        List<Item> items = items(entry.commit(), fallback, from, sent);
        Map<Hash, Hash> bases = new HashMap<>();
        items.stream()
            .filter(item -> item.base() != null)
            .forEach(item -> bases.put(item.hash(), item.base()));
        Set<Hash> nodes = new HashSet<>();
        items.stream().filter(item -> item.level() >= 0).forEach(item -> nodes.add(item.hash()));
        return new PackPlan.Section(
            entry.hash(), items.stream().map(Item::hash).toList(), bases, nodes);
      }
    };
  }

  private List<Item> items(Commit commit, Hash fallback, Item after, Set<Hash> sent) {
    List<Hash> parents = commit.parents();
    Hash base = parents.isEmpty() ? fallback : commits.read(parents.get(0)).tree();
    List<Item> items = items(trees.delta(base, commit.tree()));
    if (parents.size() > 1) {
      Set<Hash> alsoNew = new HashSet<>();
      items(trees.delta(commits.read(parents.get(1)).tree(), commit.tree()))
          .forEach(item -> alsoNew.add(item.hash()));
      items.removeIf(item -> !alsoNew.contains(item.hash()));
    }
    List<Item> objects = new ArrayList<>(items.size());
    for (Item item : items) {
      if ((after == null || SENDING_ORDER.compare(item, after) > 0) && sent.add(item.hash())) {
        objects.add(item);
      }
    }
    return objects;
  }

  private static List<Item> items(TreeDelta delta) {
    List<Item> items = new ArrayList<>(delta.nodes().size() + delta.changes().size());
    for (Change change : delta.changes()) {
      if (change.after() != null) {
        items.add(new Item(change.key().toString(), -1, change.after(), null));
      }
    }
    delta
        .nodes()
        .forEach(
            node -> items.add(new Item(node.lastKey(), node.level(), node.hash(), node.base())));
    items.sort(SENDING_ORDER);
    return items;
  }
}
