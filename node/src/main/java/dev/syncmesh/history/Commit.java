package dev.syncmesh.history;

import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A commit: the root of a snapshot tree, 0 to 2 parents, who made it and why, when, and its
 * generation (1 for a root commit, else 1 + the largest parent generation). The generation lets
 * merge bases and ahead/behind counts come from a walk that stops early. Its hash is the hash of
 * its {@link CommitGraph#encode encoding}.
 */
public record Commit(
    Hash tree, List<Hash> parents, String author, String message, Instant time, long generation) {
  public static final int MAX_PARENTS = 2;

  public Commit {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
    parents = List.copyOf(parents);
    if (parents.size() > MAX_PARENTS) {
      throw new IllegalArgumentException(
          "a commit has at most " + MAX_PARENTS + " parents, not " + parents.size());
    }
    if (new HashSet<>(parents).size() != parents.size()) {
      throw new IllegalArgumentException("a commit names the same parent twice");
    }
    if (parents.isEmpty() ? generation != 1 : generation < 2) {
      throw new IllegalArgumentException(
          "generation "
              + generation
              + " is impossible for a commit with "
              + parents.size()
              + " parents");
    }
  }

  public boolean isRoot() {
    return parents.isEmpty();
  }

  public boolean isMerge() {
    return parents.size() > 1;
  }
}
