package dev.syncmesh.federation;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.history.MissingCommitException;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.MalformedNodeException;
import dev.syncmesh.tree.MissingNodeException;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeDelta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a commit and everything under it is present and sound, checked before a head moves to it.
 * Walks only what is not known complete: the commits not reachable from the given complete ones,
 * and for each, only the tree nodes its tree does not share with its first parent's (a root
 * commit's with the newest complete commit's tree, or the empty tree), checking on the way that the
 * tree is canonical (see {@link ProllyTree#checkedDelta}), that every changed record's blob is
 * stored, and that each generation follows from the parents'.
 */
public final class Completeness {

  /** The answer, with what the walk read and, when incomplete or unsound, why. */
  public record Verdict(long commitsChecked, long nodesChecked, PackFailure failure) {
    public boolean complete() {
      return failure == null;
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

  public boolean isComplete(Hash commit, Collection<Hash> knownComplete) {
    return check(commit, knownComplete).complete();
  }

  /**
   * Checks {@code commit}; {@code knownComplete} commits are trusted (unknown ones are ignored).
   */
  public Verdict check(Hash commit, Collection<Hash> knownComplete) {
    long[] nodes = {0};
    List<CommitEntry> fresh = List.of();
    try {
      if (find(commit).isEmpty()) {
        throw new Unsound(Kind.MISSING_REFERENCE, "commit " + commit + " is not stored");
      }
      List<Hash> trusted = new ArrayList<>();
      for (Hash hash : knownComplete) {
        try {
          commits.find(hash).ifPresent(found -> trusted.add(hash));
        } catch (InvalidInputException e) {
          // Not a commit: as unknown as a hash never seen.
        }
      }
      fresh = walk(trusted, commit);
      Hash fallback =
          commits.readAll(trusted).values().stream()
              .max(Comparator.comparingLong(Commit::generation))
              .map(Commit::tree)
              .orElse(ProllyTree.EMPTY);
      Map<Hash, Commit> byHash = new HashMap<>();
      fresh.forEach(entry -> byHash.put(entry.hash(), entry.commit()));
      for (CommitEntry entry : fresh) {
        nodes[0] += checkCommit(entry, byHash, fallback);
      }
      return new Verdict(fresh.size(), nodes[0], null);
    } catch (Unsound unsound) {
      return new Verdict(fresh.size(), nodes[0], unsound.failure);
    }
  }

  private List<CommitEntry> walk(List<Hash> trusted, Hash commit) {
    try {
      return commits.commitsBeyond(trusted, commit);
    } catch (MissingCommitException e) {
      throw new Unsound(Kind.MISSING_REFERENCE, e.getMessage());
    } catch (IllegalStateException e) {
      throw new Unsound(Kind.CORRUPT_OBJECT, e.getMessage()); // generations that do not descend
    }
  }

  /** Checks one commit whose parents are complete or checked already; returns the nodes read. */
  private long checkCommit(CommitEntry entry, Map<Hash, Commit> fresh, Hash fallback) {
    Commit commit = entry.commit();
    long generation = 1;
    for (Hash parent : commit.parents()) {
      Commit known = fresh.containsKey(parent) ? fresh.get(parent) : commits.read(parent);
      generation = Math.max(generation, known.generation() + 1);
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
    Hash base =
        commit.isRoot()
            ? fallback
            : (fresh.containsKey(commit.parents().get(0))
                    ? fresh.get(commit.parents().get(0))
                    : commits.read(commit.parents().get(0)))
                .tree();
    TreeDelta delta;
    try {
      delta = trees.checkedDelta(base, commit.tree());
    } catch (MissingNodeException e) {
      throw new Unsound(Kind.MISSING_REFERENCE, "commit " + entry.hash() + ": " + e.getMessage());
    } catch (MalformedNodeException e) {
      throw new Unsound(Kind.CORRUPT_OBJECT, "commit " + entry.hash() + ": " + e.getMessage());
    }
    // The tree may have read a node from its cache: make sure each one is stored, not only made by
    // work of this node that has not written it yet.
    List<Hash> nodeHashes = delta.nodes().stream().map(TreeDelta.DeltaNode::hash).toList();
    Set<Hash> unstored = nodeHashes.isEmpty() ? Set.of() : store.missing(nodeHashes);
    if (!unstored.isEmpty()) {
      throw new Unsound(
          Kind.MISSING_REFERENCE,
          "the tree of commit " + entry.hash() + " refers to node " + unstored.iterator().next()
              + ", which is not stored");
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
        throw new Unsound(
            kinds.containsKey(blob) ? Kind.CORRUPT_OBJECT : Kind.MISSING_REFERENCE,
            "the tree of commit "
                + entry.hash()
                + " refers to blob "
                + blob
                + ", which is "
                + (kinds.containsKey(blob) ? "a " + kinds.get(blob) : "not stored"));
      }
    }
    return delta.nodes().size();
  }

  private Optional<Commit> find(Hash hash) {
    try {
      return commits.find(hash);
    } catch (InvalidInputException e) {
      throw new Unsound(Kind.CORRUPT_OBJECT, e.getMessage());
    }
  }
}
