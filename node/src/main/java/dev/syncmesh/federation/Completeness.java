package dev.syncmesh.federation;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.MalformedNodeException;
import dev.syncmesh.tree.MissingNodeException;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeDelta;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether commits a transfer brought are present, sound and the sender's to give, checked before a
 * head moves to them. The store is shared by every peer of the mesh, so being stored is not enough:
 * a commit, and every tree node and blob its tree holds, must have come in the transfer ({@link
 * Brought}) or be in the receiving peer's own history (an ancestor of one of its {@code history}
 * commits, or in the tree of a parent it got that way). A reference to anything else, stored for
 * another peer or stored nowhere, is refused in the same words ({@link #notHere}), so a sender
 * learns nothing of what else the node holds.
 *
 * <p>Walks only what the transfer brought: its commits reachable from the heads, and for each, only
 * the tree nodes its tree does not share with its first parent's (a root commit's with the newest
 * trusted tree, or the empty tree), checking on the way that the tree is canonical (see {@link
 * ProllyTree#checkedDelta}), that every changed record's blob is stored, and that each generation
 * follows from the parents'. A merge may leave out what its second parent's tree holds, as a
 * sender's {@link PackPlanner} does; a node that came as a patch must have been rebuilt from a node
 * of its commit's first parent's tree or from one that came whole.
 */
public final class Completeness {

  /** The answer, with what the walk read and, when incomplete or unsound, why. */
  public record Verdict(long commitsChecked, long nodesChecked, PackFailure failure) {
    public boolean complete() {
      return failure == null;
    }
  }

  /**
   * What needs no check: the receiving peer's {@code history} (these commits and their ancestors),
   * commits of this transfer checked before ({@code verified}, whose trees are then trusted too),
   * and the tree a root commit is compared with (the newest of those, or the empty tree).
   */
  public record Trust(List<Hash> history, Set<Hash> verified, Hash fallbackTree) {
    public Trust {
      history = List.copyOf(history);
      verified = Set.copyOf(verified);
    }
  }

  private static final class Unsound extends RuntimeException {
    final transient PackFailure failure;

    Unsound(Kind kind, String message) {
      super(message, null, false, false);
      this.failure = new PackFailure(kind, message);
    }
  }

  private final ObjectStore store;
  private final ProllyTree trees;
  private final CommitGraph commits;

  public Completeness(ObjectStore store, ProllyTree trees, CommitGraph commits) {
    this.store = store;
    this.trees = trees;
    this.commits = commits;
  }

  /**
   * The refusal for a reference to what is neither in the transfer nor in the receiving peer's
   * history: the same whether the object is stored for someone else or not at all.
   */
  public static PackFailure notHere(ObjectKind kind, Hash target) {
    return new PackFailure(
        Kind.MISSING_REFERENCE,
        "the pack refers to "
            + kind.name().toLowerCase()
            + " "
            + target
            + ", which is neither earlier in the pack nor in the receiving peer's history");
  }

  /** The trust of a transfer into a peer whose history ends at {@code history}. */
  public Trust trust(List<Hash> history, Set<Hash> verified) {
    List<Hash> known = new ArrayList<>(history);
    known.addAll(verified);
    Hash fallback =
        commits.readAll(known).values().stream()
            .max(Comparator.comparingLong(Commit::generation))
            .map(Commit::tree)
            .orElse(ProllyTree.EMPTY);
    return new Trust(history, verified, fallback);
  }

  /** Checks {@code heads} against what {@code trust} covers and what the transfer brought. */
  public Verdict check(Collection<Hash> heads, Trust trust, Brought brought) {
    long[] nodes = {0};
    List<CommitEntry> fresh = List.of();
    try {
      fresh = walk(heads, trust, brought);
      Map<Hash, Commit> byHash = new HashMap<>();
      fresh.forEach(entry -> byHash.put(entry.hash(), entry.commit()));
      Set<Hash> admitted = new HashSet<>();
      for (CommitEntry entry : fresh) {
        nodes[0] += checkCommit(entry, byHash, trust.fallbackTree(), brought, admitted);
      }
      return new Verdict(fresh.size(), nodes[0], null);
    } catch (Unsound unsound) {
      return new Verdict(fresh.size(), nodes[0], unsound.failure);
    }
  }

  /**
   * The commits the transfer brought that the heads reach without passing a trusted one, parents
   * before children; any other commit on the way must be in the peer's history.
   */
  private List<CommitEntry> walk(Collection<Hash> heads, Trust trust, Brought brought) {
    List<CommitEntry> fresh = new ArrayList<>();
    Deque<Hash> queue = new ArrayDeque<>(heads);
    Set<Hash> seen = new HashSet<>();
    while (!queue.isEmpty()) {
      Hash hash = queue.pop();
      if (!seen.add(hash) || trust.verified().contains(hash) || trust.history().contains(hash)) {
        continue;
      }
      Optional<Commit> found = find(hash);
      if (found.isEmpty()) {
        throw unsound(notHere(ObjectKind.COMMIT, hash));
      }
      if (brought.has(hash)) {
        fresh.add(new CommitEntry(hash, found.get()));
        queue.addAll(found.get().parents());
      } else if (!inHistory(hash, trust.history())) {
        throw unsound(notHere(ObjectKind.COMMIT, hash));
      }
    }
    // Generations of received commits were checked on receipt: a parent's is below its child's.
    fresh.sort(
        Comparator.comparingLong((CommitEntry entry) -> entry.commit().generation())
            .thenComparing(CommitEntry::hash));
    return fresh;
  }

  private boolean inHistory(Hash commit, List<Hash> history) {
    for (Hash head : history) {
      if (commits.isAncestor(commit, head)) {
        return true;
      }
    }
    return false;
  }

  /** Checks one commit whose parents are trusted or checked already; returns the nodes read. */
  private long checkCommit(
      CommitEntry entry, Map<Hash, Commit> fresh, Hash fallback, Brought brought, Set<Hash> admitted) {
    Commit commit = entry.commit();
    long generation = 1;
    for (Hash parent : commit.parents()) {
      generation = Math.max(generation, parent(parent, fresh).generation() + 1);
    }
    if (generation != commit.generation()) {
      throw new Unsound(
          Kind.CORRUPT_OBJECT,
          "commit "
              + entry.hash()
              + " has generation "
              + commit.generation()
              + "; its parents make it "
              + generation);
    }
    Hash base = commit.isRoot() ? fallback : parent(commit.parents().get(0), fresh).tree();
    TreeDelta delta;
    try {
      delta = trees.checkedDelta(base, commit.tree());
    } catch (MissingNodeException e) {
      throw unsound(notHere(ObjectKind.NODE, e.hash()));
    } catch (MalformedNodeException e) {
      // What a node the transfer did not bring is like is none of the sender's business.
      throw brought.has(e.hash()) || e.ofTrustedTree()
          ? new Unsound(Kind.CORRUPT_OBJECT, "commit " + entry.hash() + ": " + e.getMessage())
          : unsound(notHere(ObjectKind.NODE, e.hash()));
    }
    Set<Hash> inSecondParent =
        commit.parents().size() > 1
            ? notIn(parent(commit.parents().get(1), fresh).tree(), commit.tree())
            : null;
    admit(delta, brought, admitted, inSecondParent);
    // The tree may have read a node from its cache: make sure each one is stored, not only made by
    // work of this node that has not written it yet.
    List<Hash> nodeHashes = delta.nodes().stream().map(TreeDelta.DeltaNode::hash).toList();
    Set<Hash> unstored = nodeHashes.isEmpty() ? Set.of() : store.missing(nodeHashes);
    if (!unstored.isEmpty()) {
      throw unsound(notHere(ObjectKind.NODE, unstored.iterator().next()));
    }
    List<Hash> blobs = new ArrayList<>();
    for (Change change : delta.changes()) {
      if (change.after() != null) {
        blobs.add(change.after());
      }
    }
    Map<Hash, ObjectKind> kinds = blobs.isEmpty() ? Map.of() : store.kinds(blobs);
    for (Hash blob : blobs) {
      if (kinds.get(blob) != ObjectKind.BLOB) {
        throw kinds.containsKey(blob)
            ? new Unsound(
                Kind.CORRUPT_OBJECT,
                "the tree of commit "
                    + entry.hash()
                    + " refers to blob "
                    + blob
                    + ", which is a "
                    + kinds.get(blob))
            : unsound(notHere(ObjectKind.BLOB, blob));
      }
    }
    return delta.nodes().size();
  }

  /**
   * The objects of {@code tree} that {@code parentTree} lacks (its nodes and changed blobs): what a
   * merge's sender sends; the rest of the merge's tree is in the second parent's.
   */
  private Set<Hash> notIn(Hash parentTree, Hash tree) {
    TreeDelta delta = trees.delta(parentTree, tree);
    Set<Hash> lacking = new HashSet<>();
    delta.nodes().forEach(node -> lacking.add(node.hash()));
    delta.changes().stream()
        .filter(change -> change.after() != null)
        .forEach(change -> lacking.add(change.after()));
    return lacking;
  }

  /**
   * Refuses a node or blob of the delta that the transfer did not bring (or, for a merge, that its
   * second parent's tree does not hold), and a node rebuilt from a patch of a base that is neither
   * a node of the first parent's tree the walk opened nor one the transfer brought whole.
   */
  private static void admit(
      TreeDelta delta, Brought brought, Set<Hash> admitted, Set<Hash> lackedBySecondParent) {
    Set<Hash> bases = new HashSet<>();
    delta.nodes().forEach(node -> {
      if (node.base() != null) {
        bases.add(node.base());
      }
    });
    for (TreeDelta.DeltaNode node : delta.nodes()) {
      if (!admissible(node.hash(), brought, admitted, lackedBySecondParent, bases)) {
        throw unsound(notHere(ObjectKind.NODE, node.hash()));
      }
    }
    for (Change change : delta.changes()) {
      Hash blob = change.after();
      if (blob != null && !admissible(blob, brought, admitted, lackedBySecondParent, bases)) {
        throw unsound(notHere(ObjectKind.BLOB, blob));
      }
    }
  }

  private static boolean admissible(
      Hash hash, Brought brought, Set<Hash> admitted, Set<Hash> lackedBySecondParent, Set<Hash> bases) {
    if (admitted.contains(hash)) {
      return true;
    }
    boolean ok;
    if (brought.has(hash)) {
      Hash base = brought.baseOf(hash);
      ok =
          base == null
              || bases.contains(base)
              || admitted.contains(base)
              || (brought.has(base) && brought.baseOf(base) == null);
    } else {
      ok = lackedBySecondParent != null && !lackedBySecondParent.contains(hash);
    }
    if (ok) {
      admitted.add(hash);
    }
    return ok;
  }

  private Commit parent(Hash parent, Map<Hash, Commit> fresh) {
    Commit known = fresh.get(parent);
    return known != null ? known : commits.read(parent);
  }

  private Optional<Commit> find(Hash hash) {
    try {
      return commits.find(hash);
    } catch (InvalidInputException e) {
      return Optional.empty(); // stored, but not a commit: for this transfer, no commit at all
    }
  }

  private static Unsound unsound(PackFailure failure) {
    return new Unsound(failure.kind(), failure.message());
  }
}
