package dev.syncmesh.feed;

import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.history.Frontier;
import dev.syncmesh.peer.PeerReader;
import dev.syncmesh.peer.PeerReply.Roots;
import dev.syncmesh.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The commits of a peer beyond a {@link Frontier}, oldest first, each with what it changed
 * against its first parent: blocking store work, run on the blocking dispatcher. A page is cut by
 * commits and by the changes it lists; the frontier it ends at is where the next one starts, so
 * pages join exactly even when the head moved in between.
 */
public final class ChangeFeed {
  /** Changes listed per commit, at most and by default; every change is counted. */
  public static final int MAX_COMMIT_CHANGES = PeerReader.MAX_LISTED_CHANGES;
  /** A page stops before the changes it lists pass this (it always has one commit). */
  public static final int MAX_PAGE_CHANGES = 10_000;

  /** A commit and its changes (a page of them, all counted). */
  public record ChangeSet(CommitEntry entry, PeerReader.Changes changes) {}

  /**
   * The commits after {@code since} up to {@code head}; {@code next}, when more follow, is the
   * frontier to ask from for them (else null).
   */
  public record Page(Frontier since, Hash head, List<ChangeSet> commits, Frontier next) {}

  /**
   * A live reader's step: where it stands, and the commits that the last head it saw added
   * (those it must send next).
   */
  public record Step(Frontier frontier, List<CommitEntry> commits) {
    public static Step from(Frontier frontier) {
      return new Step(frontier, List.of());
    }
  }

  private final CommitGraph commits;
  private final PeerReader reader;

  public ChangeFeed(CommitGraph commits, PeerReader reader) {
    this.commits = commits;
    this.reader = reader;
  }

  /** Refuses a frontier with a commit outside the peer's history ({@code commit-not-found}). */
  public void check(Roots roots, Frontier since) {
    since.tips().forEach(tip -> reader.requireInHistory(roots, tip));
  }

  /** At most {@code limit} commits beyond {@code since}, each listing {@code changeLimit} changes. */
  public Page page(Roots roots, Frontier since, int limit, int changeLimit) {
    check(roots, since);
    List<CommitEntry> beyond = commits.commitsBeyond(since.tips(), roots.head());
    List<ChangeSet> listed = new ArrayList<>();
    long changes = 0;
    for (CommitEntry entry : beyond) {
      if (listed.size() == limit) {
        break;
      }
      ChangeSet set = changeSet(entry, changeLimit);
      if (!listed.isEmpty() && changes + set.changes().listed().size() > MAX_PAGE_CHANGES) {
        break;
      }
      listed.add(set);
      changes += set.changes().listed().size();
    }
    Frontier next =
        listed.size() < beyond.size()
            ? since.after(listed.stream().map(ChangeSet::entry).toList())
            : null;
    return new Page(since, roots.head(), listed, next);
  }

  /** The step after the head moved to {@code head}: the commits it added beyond the frontier. */
  public Step advance(Step step, Hash head) {
    List<CommitEntry> added = commits.commitsBeyond(step.frontier().tips(), head);
    return new Step(step.frontier().after(added), added);
  }

  public ChangeSet changeSet(CommitEntry entry, int changeLimit) {
    return new ChangeSet(entry, reader.changesOf(entry, changeLimit));
  }
}
