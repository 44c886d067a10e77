package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.history.AheadBehind;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.peer.JournalHistory;
import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerError;
import dev.syncmesh.peer.PeerException;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The one facade over remotes, sessions and merges, as {@link PeerService} is over records: asks
 * the peer, does the store work around it off the actor, and fails with {@link PeerException}s.
 */
public final class SyncService {
  /**
   * A started or joined session, and its result when the caller waited for it to finish; with
   * follow-ups asked for, the results of the follow-up sessions that ran, in order (null if not).
   */
  public record Started(
      String sessionId, boolean joined, SyncResult result, List<SyncResult> followUps) {
    Started(String sessionId, boolean joined, SyncResult result) {
      this(sessionId, joined, result, null);
    }
  }

  /** How often the peer is asked whether a session's follow-up has started. */
  private static final long FOLLOW_UP_POLL_MILLIS = 50;

  /** The pending merge with its conflicts and the choices made. */
  /** A page of the pending merge's conflicts: {@code next} is where the next page starts. */
  public record Conflicts(
      String remote,
      Hash base,
      Hash theirs,
      int total,
      List<ConflictView> conflicts,
      @JsonInclude(JsonInclude.Include.ALWAYS) Integer next) {}

  /** Conflicts per page, and the bytes of their values after which a page stops. */
  public static final int MAX_CONFLICTS = 1_000;

  public static final long MAX_CONFLICT_BYTES = 4L << 20;

  public record ConflictView(
      String key,
      String field,
      JsonNode base,
      JsonNode ours,
      JsonNode theirs,
      ChoiceView resolution) {}

  public record ChoiceView(Resolution.Choice choice, JsonNode value) {}

  private final PeerService peers;
  private final ObjectStore store;
  private final CommitGraph commits;
  private final RemoteLinks links;
  private final SyncSettings settings;
  private final DryRun dryRun;
  private final JournalHistory journal;

  /** {@code journal} may be null: then history ends with what the state keeps. */
  public SyncService(
      PeerService peers,
      ObjectStore store,
      CommitGraph commits,
      RemoteLinks links,
      SyncSettings settings,
      DryRun dryRun,
      JournalHistory journal) {
    this.peers = peers;
    this.store = store;
    this.commits = commits;
    this.links = links;
    this.settings = settings;
    this.dryRun = dryRun;
    this.journal = journal;
  }

  /** A peer's remotes and, by remote, their tracking heads. */
  public record RemoteList(List<Remote> remotes, Map<String, TrackingHead> tracking) {}

  public CompletionStage<RemoteList> remotes(PeerName peer) {
    return peers
        .state(peer)
        .thenApply(
            state -> new RemoteList(List.copyOf(state.remotes().values()), state.tracking()));
  }

  public CompletionStage<Remote> setRemote(PeerName peer, String name, RemoteUpdate update) {
    return peers
        .ask(peer, r -> new PeerCommand.SetRemote(name, update, r), PeerReply.RemoteDone.class, settings.remoteTimeout())
        .thenApply(PeerReply.RemoteDone::remote);
  }

  public CompletionStage<Void> removeRemote(PeerName peer, String name) {
    return peers
        .ask(peer, r -> new PeerCommand.RemoveRemote(name, r), PeerReply.Done.class, settings.remoteTimeout())
        .thenApply(done -> null);
  }

  public CompletionStage<Access> access(PeerName peer) {
    return peers.state(peer).thenApply(Active::access);
  }

  public CompletionStage<Access> setAccess(PeerName peer, Access access) {
    return peers
        .ask(peer, r -> new PeerCommand.SetAccess(access, r), PeerReply.AccessDone.class, settings.remoteTimeout())
        .thenApply(PeerReply.AccessDone::access);
  }

  public CompletionStage<MergeRules> mergeRules(PeerName peer) {
    return peers.state(peer).thenApply(Active::mergeRules);
  }

  /** Replaces the peer's merge rules; sessions that started before keep theirs. */
  public CompletionStage<MergeRules> setMergeRules(PeerName peer, MergeRules rules) {
    return peers
        .ask(
            peer,
            r -> new PeerCommand.SetMergeRules(rules, r),
            PeerReply.MergeRulesDone.class,
            settings.remoteTimeout())
        .thenApply(PeerReply.MergeRulesDone::rules);
  }

  /**
   * What a sync with {@code remote} would do now, with the strategy and rules a session would use
   * ({@link DryRun}); nothing of the peer moves.
   */
  public CompletionStage<DryRun.Result> dryRun(PeerName peer, String remote, MergeStrategy strategy) {
    return peers
        .state(peer)
        .thenCompose(
            state -> {
              Remote target = state.remotes().get(remote);
              if (target == null) {
                throw new PeerException(
                    PeerError.REMOTE_NOT_FOUND, state.name() + " has no remote named " + remote);
              }
              MergeStrategy session = target.sessionStrategy(strategy);
              MergeRules rules = target.sessionRules(state.mergeRules());
              PendingMerge pending = state.pendingMerge();
              String skipped =
                  pending != null && pending.blocks(target, session, rules)
                      ? pending.blockReason(target, session)
                      : null;
              return dryRun.run(state, target, session, rules, skipped);
            });
  }

  /**
   * Starts a session (or joins the running one); with {@code wait}, answers with its result, or,
   * when it runs longer than the wait timeout, with only its id.
   */
  public CompletionStage<Started> sync(
      PeerName peer, String remote, MergeStrategy strategy, boolean followUp, boolean wait) {
    return start(peer, SessionKind.SYNC, remote, strategy, followUp, wait);
  }

  /** As {@link #sync}, for a session of any kind (the remote's mode may change or refuse it). */
  public CompletionStage<Started> start(
      PeerName peer,
      SessionKind kind,
      String remote,
      MergeStrategy strategy,
      boolean followUp,
      boolean wait) {
    int followUps = followUp ? settings.maxFollowUps() : 0;
    CompletionStage<PeerReply.SyncAccepted> accepted =
        peers.ask(
            peer,
            r -> new PeerCommand.StartSync(remote, strategy, followUps, kind, r),
            PeerReply.SyncAccepted.class,
            settings.remoteTimeout());
    if (!wait) {
      return accepted.thenApply(a -> new Started(a.sessionId(), a.joined(), null));
    }
    return accepted.thenCompose(
        a ->
            awaitResult(peer, a.sessionId())
                .handle(
                    (result, error) -> {
                      if (error == null) {
                        return new Started(a.sessionId(), a.joined(), result);
                      }
                      if (timedOut(error)) {
                        return new Started(a.sessionId(), a.joined(), null);
                      }
                      throw new java.util.concurrent.CompletionException(error);
                    })
                .thenCompose(
                    started ->
                        followUp && started.result() != null
                            ? followUps(peer, started, System.nanoTime() + settings.waitTimeout().toNanos())
                            : CompletableFuture.completedFuture(started)));
  }

  /**
   * The follow-ups of a session the caller waited for: each started by the peer when the remote
   * moved during the previous one's push, awaited in turn while the wait lasts. A chain still
   * running when it ends answers with the results so far (the last says followUpNeeded).
   */
  private CompletionStage<Started> followUps(PeerName peer, Started first, long deadlineNanos) {
    List<SyncResult> chain = new ArrayList<>();
    return nextInChain(peer, first.result(), chain, deadlineNanos)
        .thenApply(done -> new Started(first.sessionId(), first.joined(), first.result(), chain));
  }

  private CompletionStage<Void> nextInChain(
      PeerName peer, SyncResult previous, List<SyncResult> chain, long deadlineNanos) {
    if (!previous.followUpNeeded() || System.nanoTime() > deadlineNanos) {
      return CompletableFuture.completedFuture(null);
    }
    return followUpOf(peer, previous.sessionId(), deadlineNanos)
        .thenCompose(
            id ->
                id == null
                    ? CompletableFuture.<Void>completedFuture(null)
                    : awaitResult(peer, id)
                        .thenCompose(
                            result -> {
                              chain.add(result);
                              return nextInChain(peer, result, chain, deadlineNanos);
                            }));
  }

  /** The id of the session that follows up {@code sessionId}, once it started (null: none). */
  private CompletionStage<String> followUpOf(PeerName peer, String sessionId, long deadlineNanos) {
    return peers
        .state(peer)
        .thenCompose(
            state -> {
              for (SessionProgress running : state.sessions().values()) {
                if (sessionId.equals(running.followUpOf())) {
                  return CompletableFuture.completedFuture(running.sessionId());
                }
              }
              for (HistoryEntry entry : state.history()) {
                if (sessionId.equals(entry.followUpOf())) {
                  return CompletableFuture.completedFuture(entry.sessionId());
                }
              }
              if (System.nanoTime() > deadlineNanos) {
                return CompletableFuture.completedFuture(null);
              }
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(
                          FOLLOW_UP_POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS))
                  .thenCompose(nothing -> followUpOf(peer, sessionId, deadlineNanos));
            });
  }

  private CompletionStage<SyncResult> awaitResult(PeerName peer, String sessionId) {
    return peers
        .ask(
            peer,
            r -> new PeerCommand.AwaitSession(sessionId, r),
            PeerReply.SyncFinished.class,
            settings.waitTimeout())
        .thenApplyAsync(
            finished ->
                finished.result() != null
                    ? finished.result()
                    : SyncJson.result(store, finished.entry().result()),
            peers.blocking());
  }

  /** One session: running (outcome {@code RUNNING}) or finished. */
  public CompletionStage<SyncResult> session(PeerName peer, String sessionId) {
    return peers
        .stateWithProgress(peer)
        .thenApplyAsync(
            reply -> {
              Active state = reply.state();
              for (SessionProgress running : state.sessions().values()) {
                if (running.sessionId().equals(sessionId)) {
                  return SyncResult.of(
                          state.name(), running, SyncJson.conflicts(store, running.conflicts()), null, null)
                      .withProgress(reply.live().get(sessionId));
                }
              }
              for (HistoryEntry entry : state.history()) {
                if (entry.sessionId().equals(sessionId)) {
                  return SyncJson.result(store, entry.result());
                }
              }
              throw new PeerException(
                  PeerError.SESSION_NOT_FOUND, state.name() + " has no session " + sessionId);
            },
            peers.blocking());
  }

  /** The most bytes of results one page of history carries (at least one result). */
  public static final long HISTORY_PAGE_BYTES = 4L << 20;

  private static final int RESULTS_PER_READ = 32;

  /** A page of history, newest first; {@code next} is the session to pass as {@code before}. */
  public record HistoryPage(List<SyncResult> results, String next) {}

  /**
   * The newest results (of {@code remote}, or all), older than session {@code before} if given: at
   * most {@code limit} and, past the first, no more than {@link #HISTORY_PAGE_BYTES} of stored
   * results (a result carries its conflicts' values). The state keeps the newest {@link
   * Active#HISTORY_KEPT} sessions; older ones come from the journal, as summaries once their
   * results were collected. Results are read a few at a time, so a page of large ones never holds
   * many more than it answers with.
   */
  public CompletionStage<HistoryPage> history(
      PeerName peer, String remote, String before, int limit) {
    return peers
        .state(peer)
        .thenApplyAsync(state -> historyPage(state, remote, before, limit), peers.blocking());
  }

  private HistoryPage historyPage(Active state, String remote, String before, int limit) {
    List<HistoryEntry> entries = state.history();
    List<HistoryEntry> matching = new ArrayList<>();
    boolean passed = before == null;
    for (int i = entries.size() - 1; i >= 0 && matching.size() <= limit; i--) {
      HistoryEntry entry = entries.get(i);
      if (!passed) {
        passed = entry.sessionId().equals(before);
      } else if (remote == null || remote.equals(entry.remote())) {
        matching.add(entry);
      }
    }
    boolean older = entries.size() >= Active.HISTORY_KEPT && journal != null;
    if (matching.size() <= limit && older) {
      // The journal has the sessions the state no longer keeps: those before its oldest entry.
      String from = passed ? entries.get(0).sessionId() : before;
      JournalHistory.Found found = journal.older(state.name(), from, remote, limit + 1 - matching.size());
      passed |= found.beforeFound();
      matching.addAll(found.entries());
    }
    if (!passed) {
      throw new PeerException(
          PeerError.SESSION_NOT_FOUND, state.name() + " has no session " + before + " in its history");
    }
    List<SyncResult> page = new ArrayList<>();
    long bytes = 0;
    int candidates = Math.min(limit, matching.size());
    for (int from = 0; from < candidates; from += RESULTS_PER_READ) {
      List<HistoryEntry> batch = matching.subList(from, Math.min(candidates, from + RESULTS_PER_READ));
      Map<Hash, StoredObject> objects = store.getAll(batch.stream().map(HistoryEntry::result).toList());
      for (HistoryEntry entry : batch) {
        StoredObject object = objects.get(entry.result());
        long size = object == null ? 0 : object.size();
        if (!page.isEmpty() && bytes + size > HISTORY_PAGE_BYTES) {
          return new HistoryPage(page, page.get(page.size() - 1).sessionId());
        }
        page.add(object == null ? SyncResult.summary(state.name(), entry) : SyncJson.result(object));
        bytes += size;
      }
    }
    boolean more = page.size() < matching.size();
    return new HistoryPage(page, more ? page.get(page.size() - 1).sessionId() : null);
  }

  /**
   * Exact ahead and behind against the remote's head of now (which then becomes the tracking head
   * if everything under it is stored here); when the remote cannot be reached, against the
   * tracking head, marked stale, as of when it was learned; else unknown, with the reason. Never
   * a count against a head this mesh has not stored.
   */
  public CompletionStage<SyncStatus> status(PeerName peer, String remoteName) {
    return peers
        .state(peer)
        .thenCompose(
            state -> {
              Remote remote = state.remotes().get(remoteName);
              if (remote == null) {
                throw new PeerException(
                    PeerError.REMOTE_NOT_FOUND, state.name() + " has no remote named " + remoteName);
              }
              return links
                  .link(state.name(), remote)
                  .head(Deadline.after(settings.remoteTimeout()))
                  .toCompletableFuture()
                  .orTimeout(settings.remoteTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                  .handleAsync(
                      (remoteHead, error) -> status(state, remoteName, remoteHead, error),
                      peers.blocking());
            });
  }

  private SyncStatus status(
      Active state, String remote, RemoteLink.RemoteHead live, Throwable unreachable) {
    Optional<HistoryEntry> last =
        state.history().stream().filter(e -> e.remote().equals(remote)).reduce((a, b) -> b);
    boolean conflicts = state.pendingMerge() != null && state.pendingMerge().remote().equals(remote);
    TrackingHead tracked = state.tracking().get(remote);
    AheadBehind counts = null;
    String unknown = null;
    Instant asOf = null;
    boolean stale = false;
    if (unreachable == null && (live.head() == null || store.missing(List.of(live.head())).isEmpty())) {
      counts = count(state.head(), live.head());
      asOf = Instant.now();
      remember(state, remote, tracked, new TrackingHead(live.head(), asOf));
    } else {
      unknown =
          unreachable != null
              ? "the remote cannot be reached now: " + SyncError.of(null, unreachable).message()
              : "the remote has commits this mesh has not fetched yet; sync to fetch them";
      if (unreachable != null && tracked != null) {
        counts = count(state.head(), tracked.head());
        asOf = tracked.at();
        stale = true;
      }
    }
    return new SyncStatus(
        remote,
        counts == null ? null : counts.ahead(),
        counts == null ? null : counts.behind(),
        unknown,
        stale,
        asOf,
        counts != null && !stale ? live.head() : tracked == null ? null : tracked.head(),
        conflicts,
        last.map(HistoryEntry::endedAt).orElse(null),
        last.map(HistoryEntry::outcome).orElse(null),
        last.map(HistoryEntry::reason).orElse(null));
  }

  /** Records a live head as the tracking head when it moved; a status never waits for it. */
  private void remember(Active state, String remote, TrackingHead tracked, TrackingHead now) {
    if (tracked == null || !java.util.Objects.equals(tracked.head(), now.head())) {
      // Best effort: a lost update only leaves the older tracking head, which stays true.
      peers.ask(
          PeerName.of(state.name()),
          r -> new PeerCommand.UpdateTracking(remote, now, r),
          PeerReply.Done.class,
          settings.remoteTimeout());
    }
  }

  private AheadBehind count(Hash ours, Hash theirs) {
    if (ours == null && theirs == null) {
      return new AheadBehind(0, 0);
    }
    if (ours == null) {
      return new AheadBehind(0, commits.commitsBetween(null, theirs).size());
    }
    if (theirs == null) {
      return new AheadBehind(commits.commitsBetween(null, ours).size(), 0);
    }
    return commits.aheadBehind(ours, theirs);
  }

  /**
   * The pending merge's conflicts from index {@code from}, at most {@code limit} of them and, past
   * the first, no more than {@link #MAX_CONFLICT_BYTES} of values.
   */
  public CompletionStage<Conflicts> conflicts(PeerName peer, int from, int limit) {
    return peers
        .state(peer)
        .thenApplyAsync(
            state -> {
              PendingMerge pending = state.pendingMerge();
              if (pending == null) {
                throw new PeerException(
                    PeerError.NO_PENDING_MERGE, state.name() + " has no pending merge");
              }
              SyncJson.ConflictPage page =
                  SyncJson.conflicts(
                      store, pending.conflicts(), from, Math.min(limit, MAX_CONFLICTS),
                      MAX_CONFLICT_BYTES);
              List<ConflictView> views = new ArrayList<>();
              for (Conflict conflict : page.conflicts()) {
                ChoiceView chosen = null;
                for (PendingMerge.Choice choice : pending.choices()) {
                  if (choice.sameConflict(conflict.key().toString(), conflict.field())) {
                    chosen =
                        new ChoiceView(
                            choice.choice(),
                            choice.valueObject() == null
                                ? null
                                : SyncJson.readValue(store, choice.valueObject()));
                  }
                }
                views.add(
                    new ConflictView(
                        conflict.key().toString(),
                        conflict.field(),
                        conflict.base(),
                        conflict.ours(),
                        conflict.theirs(),
                        chosen));
              }
              return new Conflicts(
                  pending.remote(),
                  pending.base(),
                  pending.theirs(),
                  pending.conflictCount(),
                  views,
                  page.next());
            },
            peers.blocking());
  }

  /** Records a person's choice; the value (if any) is stored first. Returns how many remain. */
  public CompletionStage<Integer> resolve(PeerName peer, Resolution resolution) {
    return CompletableFuture.supplyAsync(
            () -> {
              if (resolution.value() == null) {
                return (Hash) null;
              }
              StoredObject value = SyncJson.value(resolution.value());
              store.putAll(List.of(value));
              return value.hash();
            },
            peers.blocking())
        .thenCompose(
            valueObject ->
                peers.ask(
                    peer,
                    r ->
                        new PeerCommand.ChooseResolution(
                            new PendingMerge.Choice(
                                resolution.key().toString(),
                                resolution.field(),
                                resolution.choice(),
                                valueObject),
                            r),
                    PeerReply.Unresolved.class,
                    settings.remoteTimeout()))
        .thenApply(PeerReply.Unresolved::unresolved);
  }

  public CompletionStage<Hash> commitMerge(PeerName peer, String actor) {
    return peers
        .ask(peer, r -> new PeerCommand.CommitMerge(actor, r), PeerReply.CommitDone.class, settings.remoteTimeout())
        .thenApply(PeerReply.CommitDone::commit);
  }

  public CompletionStage<Void> abortMerge(PeerName peer) {
    return peers
        .ask(peer, PeerCommand.AbortMerge::new, PeerReply.Done.class, settings.remoteTimeout())
        .thenApply(done -> null);
  }

  /**
   * A push received from another mesh, whose objects are stored and verified: the peer's
   * compare-and-swap. Fails with {@code non-fast-forward} or {@code push-rejected}.
   */
  public CompletionStage<Void> receivePush(PeerName peer, Hash expected, Hash newHead) {
    return peers
        .ask(
            peer,
            r -> new PeerCommand.ReceivePush(expected, newHead, r),
            PeerReply.Done.class,
            settings.remoteTimeout())
        .thenApply(done -> null);
  }

  private static boolean timedOut(Throwable error) {
    Throwable e = error;
    while (e != null) {
      if (e instanceof TimeoutException) {
        return true;
      }
      e = e.getCause();
    }
    return false;
  }
}
