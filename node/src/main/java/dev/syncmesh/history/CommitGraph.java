package dev.syncmesh.history;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The commits of the object store and the graph their parents make. Thread-safe: commits are
 * immutable, so the only shared state is a bounded cache of decoded commits. Every method may block
 * on the store.
 *
 * <p>A {@code null} head stands for "no commit yet" (a new peer, or a remote never fetched): it is
 * an empty history, an ancestor of everything, with no merge base with anything.
 */
public final class CommitGraph {
  /** The heap the cache of decoded commits may take by default. */
  public static final long DEFAULT_CACHE_BYTES = 8L << 20;
  /**
   * What a cached commit costs besides its author's and message's characters: the commit, its
   * time, its tree's and parents' hashes, the list, the strings, the cache's and the map's nodes.
   */
  private static final int ENTRY_OVERHEAD = 400;
  private static final int PARENT_BYTES = 80;

  /** The largest encoded commit {@link #decode} accepts. */
  public static final int MAX_ENCODED_BYTES = CommitCodec.MAX_BYTES;

  /** The log's order: generation, then time, newest first; the hash breaks ties. */
  private static final Comparator<CommitEntry> NEWEST_FIRST =
      Comparator.comparingLong((CommitEntry e) -> e.commit().generation())
          .thenComparing(e -> e.commit().time())
          .reversed()
          .thenComparing(CommitEntry::hash);

  private final ObjectStore store;
  private final Cache<Hash, Commit> cache;

  public CommitGraph(ObjectStore store) {
    this(store, DEFAULT_CACHE_BYTES);
  }

  /** A graph whose cache of decoded commits takes about {@code cacheBytes} of heap at most. */
  public CommitGraph(ObjectStore store, long cacheBytes) {
    this.store = store;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(cacheBytes)
            .<Hash, Commit>weigher(
                (hash, commit) ->
                    ENTRY_OVERHEAD
                        + commit.author().length()
                        + commit.message().length()
                        + PARENT_BYTES * commit.parents().size())
            .recordStats()
            .build();
  }

  /** Reports the cache of decoded commits ({@code cache="commits"}). */
  public void bindMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, "commits");
  }

  /** The stored form of a commit; its hash is the commit's hash. */
  public static StoredObject encode(Commit commit) {
    return CommitCodec.encode(commit);
  }

  /**
   * Decodes a commit strictly; anything else (wrong kind, wrong hash, other fields, non-canonical
   * text) is refused with an {@code InvalidInputException} of problem {@code invalid-commit}.
   */
  public static Commit decode(StoredObject object) {
    return CommitCodec.decode(object);
  }

  /** A commit on top of stored parents, with its generation computed; not written yet. */
  public Commit newCommit(
      Hash tree, List<Hash> parents, String author, String message, Instant time) {
    long generation = 1 + maxGeneration(readAll(parents).values());
    return new Commit(tree, parents, author, message, time, generation);
  }

  /**
   * Stores a commit whose parents and tree are stored already, and returns its hash. Writing a
   * commit twice is harmless.
   */
  public Hash write(Commit commit) {
    long expected = 1 + maxGeneration(readAll(commit.parents()).values());
    if (commit.generation() != expected) {
      throw new IllegalArgumentException(
          "commit has generation " + commit.generation() + "; its parents make it " + expected);
    }
    if (!store.missing(List.of(commit.tree())).isEmpty()) {
      throw new IllegalArgumentException(
          "commit refers to tree " + commit.tree() + ", which is not in the object store");
    }
    StoredObject object = encode(commit);
    store.putAll(List.of(object));
    cache.put(object.hash(), commit);
    return object.hash();
  }

  /** The commit with this hash; a hash that points nowhere is a {@link MissingCommitException}. */
  public Commit read(Hash hash) {
    return readAll(List.of(hash)).get(hash);
  }

  /** The commit with this hash, if stored: for hashes that come from users. */
  public Optional<Commit> find(Hash hash) {
    Commit cached = cache.getIfPresent(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    return store.get(hash).map(object -> remember(hash, object));
  }

  /** Reads commits in one round trip for those not cached; every one must exist. */
  public Map<Hash, Commit> readAll(Collection<Hash> hashes) {
    Map<Hash, Commit> found = new HashMap<>(cache.getAllPresent(hashes));
    Set<Hash> wanted = new LinkedHashSet<>(hashes);
    wanted.removeAll(found.keySet());
    if (!wanted.isEmpty()) {
      Map<Hash, StoredObject> objects = store.getAll(wanted);
      for (Hash hash : wanted) {
        StoredObject object = objects.get(hash);
        if (object == null) {
          throw new MissingCommitException(hash);
        }
        found.put(hash, remember(hash, object));
      }
    }
    return found;
  }

  /** Up to {@code limit} commits reachable from {@code head}, newest first. */
  public List<CommitEntry> log(Hash head, int limit) {
    return log(head, null, limit, Long.MAX_VALUE).entries();
  }

  /** A page of the log; {@code next} is the last entry's commit when more follow, else null. */
  public record LogPage(List<CommitEntry> entries, Hash next) {}

  /**
   * The commits reachable from {@code head} in log order, those after {@code after} (a commit of
   * the log, exclusive; null: from the newest), at most {@code limit} of them and, past the first,
   * no more than {@code maxBytes} of authors and messages. The walk is the same as the first page's,
   * so pages join exactly; a page after {@code after} reads the commits before it again (from the
   * cache, mostly).
   */
  public LogPage log(Hash head, Hash after, int limit, long maxBytes) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " is negative");
    }
    List<CommitEntry> out = new ArrayList<>();
    if (head == null || limit == 0) {
      return new LogPage(out, null);
    }
    CommitEntry from = after == null ? null : new CommitEntry(after, read(after));
    PriorityQueue<CommitEntry> queue = new PriorityQueue<>(NEWEST_FIRST);
    Set<Hash> seen = new HashSet<>(List.of(head));
    queue.add(new CommitEntry(head, read(head)));
    long bytes = 0;
    boolean passed = from == null;
    boolean more = false;
    while (!queue.isEmpty()) {
      if (out.size() == limit) {
        more = true;
        break;
      }
      CommitEntry entry = queue.poll();
      if (!passed) {
        int order = NEWEST_FIRST.compare(entry, from);
        if (order > 0) {
          throw new MissingCommitException(after); // the log went past it: not in this history
        }
        passed = order == 0; // the commit to start after, shown on the previous page
        expand(entry, queue, seen);
        continue;
      }
      long size = ENTRY_BYTES + entry.commit().author().length() + entry.commit().message().length();
      if (!out.isEmpty() && bytes + size > maxBytes) {
        more = true;
        break;
      }
      out.add(entry);
      bytes += size;
      expand(entry, queue, seen);
    }
    if (!passed) {
      throw new MissingCommitException(after);
    }
    return new LogPage(out, more && !out.isEmpty() ? out.get(out.size() - 1).hash() : null);
  }

  /** What a log entry costs besides its author and message, as the API writes it. */
  private static final int ENTRY_BYTES = 300;

  private void expand(CommitEntry entry, PriorityQueue<CommitEntry> queue, Set<Hash> seen) {
    List<Hash> fresh = entry.commit().parents().stream().filter(seen::add).toList();
    readAll(fresh).forEach((hash, commit) -> queue.add(new CommitEntry(hash, commit)));
  }

  /**
   * Those of {@code commits} (stored commits) that are {@code head} or its ancestors, in one walk
   * down from {@code head} that stops below the oldest of them.
   */
  public Set<Hash> ancestorsAmong(Collection<Hash> commits, Hash head) {
    Set<Hash> found = new HashSet<>();
    if (head == null || commits.isEmpty()) {
      return found;
    }
    Map<Hash, Commit> wanted = readAll(commits);
    long floor = wanted.values().stream().mapToLong(Commit::generation).min().orElseThrow();
    Set<Hash> seen = new HashSet<>(List.of(head));
    Map<Hash, Commit> frontier = readAll(List.of(head));
    while (!frontier.isEmpty() && found.size() < wanted.size()) {
      List<Hash> next = new ArrayList<>();
      for (Map.Entry<Hash, Commit> entry : frontier.entrySet()) {
        if (wanted.containsKey(entry.getKey())) {
          found.add(entry.getKey());
        }
        for (Hash parent : entry.getValue().parents()) {
          if (seen.add(parent)) {
            next.add(parent);
          }
        }
      }
      Map<Hash, Commit> parents = new HashMap<>();
      readAll(next).forEach((hash, commit) -> {
        if (commit.generation() >= floor) {
          parents.put(hash, commit);
        }
      });
      frontier = parents;
    }
    return found;
  }

  /**
   * Whether {@code ancestor} is reachable from {@code descendant} (a commit is its own ancestor).
   * The walk skips everything whose generation is not above the ancestor's.
   */
  public boolean isAncestor(Hash ancestor, Hash descendant) {
    if (ancestor == null || ancestor.equals(descendant)) {
      return true;
    }
    if (descendant == null) {
      return false;
    }
    long floor = read(ancestor).generation();
    Set<Hash> seen = new HashSet<>();
    Collection<Commit> frontier = List.of(read(descendant));
    while (!frontier.isEmpty()) {
      List<Hash> next = new ArrayList<>();
      for (Commit commit : frontier) {
        for (Hash parent : commit.parents()) {
          if (parent.equals(ancestor)) {
            return true;
          }
          if (seen.add(parent)) {
            next.add(parent);
          }
        }
      }
      frontier =
          readAll(next).values().stream().filter(commit -> commit.generation() > floor).toList();
    }
    return false;
  }

  /**
   * The best common ancestor of two heads: common to both, with no descendant that is common too.
   * Histories that share nothing, or a {@code null} head, have none. With criss-cross merges there
   * can be several best ones; this picks the one with the highest generation and then the smallest
   * hash (no recursive virtual base as in Git), so both sides of a sync pick the same.
   */
  public Optional<Hash> mergeBase(Hash a, Hash b) {
    if (a == null || b == null) {
      return Optional.empty();
    }
    return new AncestryWalk(this, a, b).mergeBase();
  }

  /** Exact counts of commits reachable from one head and not from the other. */
  public AheadBehind aheadBehind(Hash ours, Hash theirs) {
    AncestryWalk.Partition partition = new AncestryWalk(this, ours, theirs).partition();
    return new AheadBehind(partition.onlyOurs().size(), partition.onlyTheirs().size());
  }

  /**
   * The commits reachable from {@code head} and not from {@code since} (Git's {@code since..head}),
   * parents before children: what a peer that has {@code since} lacks to reach {@code head}.
   */
  public List<CommitEntry> commitsBetween(Hash since, Hash head) {
    if (head == null) {
      return List.of();
    }
    return new AncestryWalk(this, head, since).partition().onlyOurs();
  }

  /**
   * The commits reachable from {@code head} and from none of {@code haves}, parents before
   * children: what a peer that has all of {@code haves} lacks to reach {@code head}. Every have
   * must be a stored commit.
   */
  public List<CommitEntry> commitsBeyond(Collection<Hash> haves, Hash head) {
    if (head == null) {
      return List.of();
    }
    return new AncestryWalk(this, head, haves).partition().onlyOurs();
  }

  private Commit remember(Hash hash, StoredObject object) {
    if (!object.hash().equals(hash)) {
      throw new IllegalStateException("the store answered " + object.hash() + " for " + hash);
    }
    Commit commit = decode(object);
    cache.put(hash, commit);
    return commit;
  }

  private static long maxGeneration(Collection<Commit> commits) {
    return commits.stream().mapToLong(Commit::generation).max().orElse(0);
  }
}
