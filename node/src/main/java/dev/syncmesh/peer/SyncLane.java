package dev.syncmesh.peer;

import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.peer.PeerCommand.AbortMerge;
import dev.syncmesh.peer.PeerCommand.ChooseResolution;
import dev.syncmesh.peer.PeerCommand.CommitMerge;
import dev.syncmesh.peer.PeerCommand.Mutation;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.peer.PeerCommand.ReceivePush;
import dev.syncmesh.peer.PeerCommand.RemoveRemote;
import dev.syncmesh.peer.PeerCommand.ResumeSession;
import dev.syncmesh.peer.PeerCommand.SessionStep;
import dev.syncmesh.peer.PeerCommand.SetAccess;
import dev.syncmesh.peer.PeerCommand.SetMergeRules;
import dev.syncmesh.peer.PeerCommand.SetRemote;
import dev.syncmesh.peer.PeerCommand.StartSync;
import dev.syncmesh.peer.PeerCommand.UpdateTracking;
import dev.syncmesh.peer.PeerReply.Rejected;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.PhaseRecord;
import dev.syncmesh.sync.PhaseReport;
import dev.syncmesh.sync.PhaseReport.MergeOutcome;
import dev.syncmesh.sync.PhaseStatus;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.RemotePolicy;
import dev.syncmesh.sync.SessionKind;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.SyncJson;
import dev.syncmesh.sync.SyncMerger;
import dev.syncmesh.sync.SyncNames;
import dev.syncmesh.sync.SyncOutcome;
import dev.syncmesh.sync.SyncPhase;
import dev.syncmesh.sync.SyncResult;
import dev.syncmesh.sync.TrackingHead;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The sync mutations of the lane: remotes, sessions' phase reports, manual resolution and pushes
 * received. They run in the peer's batches like writes, so every change of the head is computed
 * on the state it applies to. A phase report computed from a head that has moved since is
 * computed again here, from the head of now.
 */
final class SyncLane {
  private final ObjectStore store;
  private final SyncMerger merger;
  private final Clock clock;
  private final RemotePolicy remotes;

  SyncLane(ObjectStore store, SyncMerger merger, Clock clock, RemotePolicy remotes) {
    this.store = store;
    this.merger = merger;
    this.clock = clock;
    this.remotes = remotes;
  }

  static boolean handles(Mutation mutation) {
    return mutation instanceof SetRemote
        || mutation instanceof RemoveRemote
        || mutation instanceof SetAccess
        || mutation instanceof SetMergeRules
        || mutation instanceof UpdateTracking
        || mutation instanceof StartSync
        || mutation instanceof SessionStep
        || mutation instanceof ResumeSession
        || mutation instanceof ChooseResolution
        || mutation instanceof CommitMerge
        || mutation instanceof AbortMerge
        || mutation instanceof ReceivePush;
  }

  Outcome run(Active state, Mutation mutation) {
    try {
      return dispatch(state, mutation);
    } catch (PeerException e) {
      return Outcome.reply(new Rejected(e.error(), e.getMessage()));
    } catch (InvalidInputException e) {
      return Outcome.reply(new Rejected(PeerError.INVALID_REMOTE, e.getMessage()));
    }
  }

  private Outcome dispatch(Active state, Mutation mutation) {
    if (mutation instanceof SetRemote set) {
      Remote existing = state.remotes().get(set.name());
      Remote remote = existing == null ? set.update().create(set.name()) : existing.merge(set.update());
      remotes.check(remote);
      return Outcome.of(new PeerEvent.RemoteSet(remote), new PeerReply.RemoteDone(remote));
    }
    if (mutation instanceof RemoveRemote remove) {
      remote(state, remove.name());
      return Outcome.of(new PeerEvent.RemoteRemoved(remove.name()), new PeerReply.Done());
    }
    if (mutation instanceof SetAccess set) {
      return Outcome.of(new PeerEvent.AccessSet(set.access()), new PeerReply.AccessDone(set.access()));
    }
    if (mutation instanceof SetMergeRules set) {
      return Outcome.of(
          new PeerEvent.MergeRulesSet(set.rules()), new PeerReply.MergeRulesDone(set.rules()));
    }
    if (mutation instanceof UpdateTracking update) {
      TrackingHead known = state.tracking().get(update.remote());
      boolean changed =
          state.remotes().containsKey(update.remote())
              && (known == null || !Objects.equals(known.head(), update.head().head()));
      return changed
          ? Outcome.of(new PeerEvent.TrackingUpdated(update.remote(), update.head()), new PeerReply.Done())
          : Outcome.reply(new PeerReply.Done());
    }
    if (mutation instanceof StartSync start) {
      return start(state, start);
    }
    if (mutation instanceof ResumeSession resume) {
      SessionProgress session = state.sessions().get(resume.remote());
      if (session == null) {
        return Outcome.reply(new PeerReply.Done());
      }
      SessionProgress resumed = session.resumed();
      return Outcome.of(
          PeerEvent.SyncProgressed.of(resumed), new PeerReply.StepDone(resumed));
    }
    if (mutation instanceof SessionStep step) {
      return step(state, step);
    }
    if (mutation instanceof ChooseResolution choose) {
      return choose(state, choose.choice());
    }
    if (mutation instanceof CommitMerge commit) {
      return commitMerge(state, commit);
    }
    if (mutation instanceof AbortMerge) {
      pending(state);
      return Outcome.of(new PeerEvent.MergeAborted(), new PeerReply.Done());
    }
    return receivePush(state, (ReceivePush) mutation);
  }

  private Outcome start(Active state, StartSync start) {
    Remote remote = remote(state, start.remote());
    SessionProgress running = state.sessions().get(remote.name());
    if (running != null) {
      return Outcome.reply(new PeerReply.SyncAccepted(running.sessionId(), true));
    }
    SessionKind asked = start.kind() == null ? SessionKind.SYNC : start.kind();
    SessionKind kind = remote.mode().session(asked);
    if (kind == null) {
      throw new PeerException(
          PeerError.REMOTE_MODE,
          "remote " + remote.name() + " is " + remote.mode().jsonName() + ": it may not be "
              + (asked == SessionKind.PULL ? "pulled from" : "pushed to"));
    }
    MergeStrategy strategy = remote.sessionStrategy(start.strategy());
    MergeRules rules = remote.sessionRules(state.mergeRules());
    PendingMerge pending = state.pendingMerge();
    if (pending != null && kind.merges() && pending.blocks(remote, strategy, rules)) {
      return skipped(state, remote, strategy, pending.blockReason(remote, strategy));
    }
    SessionProgress session =
        SessionProgress.start(
            UUID.randomUUID().toString(),
            kind,
            remote,
            strategy,
            rules,
            clock.instant(),
            start.followUps());
    if (start.followUpOf() != null) {
      session = session.followingUp(start.followUpOf());
    }
    return Outcome.of(
        PeerEvent.SyncProgressed.of(session),
        new PeerReply.SyncAccepted(session.sessionId(), false));
  }

  /**
   * Refuses the session ({@code merge-pending}) and records it in the history as skipped, with
   * the reason; once per pending merge and remote, so that a schedule does not grow the journal.
   */
  private Outcome skipped(Active state, Remote remote, MergeStrategy strategy, String reason) {
    Rejected refused =
        new Rejected(PeerError.MERGE_PENDING, state.name() + " has a merge pending: " + reason);
    boolean recorded =
        state.history().stream()
            .filter(entry -> entry.remote().equals(remote.name()))
            .reduce((older, newer) -> newer)
            .filter(last -> last.outcome() == SyncOutcome.SKIPPED && reason.equals(last.reason()))
            .isPresent();
    if (recorded) {
      return Outcome.reply(refused);
    }
    SyncResult result =
        SyncResult.skipped(
            UUID.randomUUID().toString(),
            state.name(),
            remote.name(),
            strategy,
            clock.instant(),
            state.head(),
            reason);
    StoredObject object = SyncJson.object(result);
    store.putAll(List.of(object));
    HistoryEntry entry =
        new HistoryEntry(
            result.sessionId(), remote.name(), SyncOutcome.SKIPPED, result.endedAt(), object.hash(), reason);
    return Outcome.of(new PeerEvent.SyncEnded(entry), refused);
  }

  /**
   * A phase's report; when it was the last phase to run, the session ends in the same write (its
   * progress and its result), and the reply is the result.
   */
  private Outcome step(Active state, SessionStep command) {
    Outcome outcome = phaseStep(state, command);
    SessionProgress after = null;
    for (PeerEvent event : outcome.events()) {
      if (event instanceof PeerEvent.SyncProgressed progressed) {
        after = progressed.session();
      }
    }
    if (after == null || after.nextPhase() != null || command.step() instanceof PhaseReport.End) {
      return outcome;
    }
    Active progressed = state;
    for (PeerEvent event : outcome.events()) {
      progressed = progressed.apply(event);
    }
    Outcome ended = end(progressed, after);
    List<PeerEvent> events = new ArrayList<>(outcome.events());
    events.addAll(ended.events());
    return new Outcome(events, ended.reply());
  }

  private Outcome phaseStep(Active state, SessionStep command) {
    SessionProgress session = state.sessions().get(command.remote());
    if (session == null || !session.sessionId().equals(command.sessionId())) {
      throw new PeerException(
          PeerError.SESSION_NOT_FOUND,
          "session " + command.sessionId() + " is not running on " + state.name());
    }
    PhaseReport report = command.step();
    if (report instanceof PhaseReport.End) {
      return end(state, session);
    }
    SyncPhase expected = session.nextPhase();
    SyncPhase reported = phaseOf(report);
    if (reported != expected) {
      throw new PeerException(
          PeerError.SESSION_NOT_FOUND,
          "session " + session.sessionId() + " is at phase " + expected + ", not " + reported);
    }
    if (report instanceof PhaseReport.Fetched fetched) {
      SessionProgress next =
          session.afterFetch(state.head(), fetched.remoteHead(), fetched.received(), fetched.record());
      if (session.kind() == SessionKind.FETCH) {
        return progressed(next.fetchedOnly());
      }
      if (Objects.equals(state.head(), fetched.remoteHead())) {
        // Equal heads leave the merge phase nothing to classify: it completes in this write, and
        // the session ends with it (a no-op sync costs one write less).
        Instant fetchedAt = fetched.record().endedAt();
        PhaseRecord merge = new PhaseRecord(SyncPhase.MERGE, PhaseStatus.COMPLETED, fetchedAt, fetchedAt);
        next = next.afterMerge(SyncOutcome.UP_TO_DATE, null, 0, false, null, 0, merge);
      }
      return progressed(next);
    }
    if (report instanceof PhaseReport.Failed failed) {
      return progressed(session.failed(failed.error(), failed.record()));
    }
    if (report instanceof PhaseReport.Merged merged) {
      Hash from = state.head();
      // A push session only classifies; heads move forward only, so what was pushable stays so.
      MergeOutcome outcome =
          Objects.equals(from, merged.expectedHead()) || session.kind() == SessionKind.PUSH
              ? merged.outcome()
              : MergeOutcome.of(
                  merger.merge(
                      from,
                      session.remoteHead(),
                      session.strategy(),
                      session.mergeRules(),
                      what(state, session)));
      if (outcome.conflictCount() > 0) {
        // Conflicts are the resolve phase's: it moves the head to the settled commit, if any.
        SessionProgress next =
            session.afterMerge(
                outcome.kind(),
                outcome.base(),
                outcome.pulled(),
                false,
                outcome.conflicts(),
                outcome.conflictCount(),
                outcome.newHead(),
                outcome.newHeadTree(),
                from,
                merged.record());
        return progressed(next);
      }
      SessionProgress next =
          session.afterMerge(
              outcome.kind(),
              outcome.base(),
              outcome.pulled(),
              outcome.newHead() != null,
              outcome.conflicts(),
              0,
              merged.record());
      return moved(state, next, outcome, null);
    }
    if (report instanceof PhaseReport.Resolved resolved) {
      MergeOutcome outcome =
          session.strategy() == null
              ? null
              : Objects.equals(state.head(), resolved.expectedHead())
                  ? resolved.outcome()
                  : MergeOutcome.of(
                      merger.merge(
                          state.head(),
                          session.remoteHead(),
                          session.strategy(),
                          session.mergeRules(),
                          what(state, session)));
      if (outcome == null || (outcome.newHead() == null && outcome.conflictCount() > 0)) {
        return leftPending(session, outcome, resolved.record());
      }
      SessionProgress next = session.afterResolve(outcome.newHead() != null, false, resolved.record());
      return moved(state, next, outcome, null);
    }
    PhaseReport.Pushed pushed = (PhaseReport.Pushed) report;
    return progressed(
        session.afterPush(
            pushed.landed(),
            pushed.pushedCommits(),
            pushed.pushError(),
            pushed.followUp(),
            pushed.pushedHead(),
            pushed.record()));
  }

  /**
   * Conflicts left for a person: all of them without a strategy, or (with {@code outcome}, a
   * merge with the strategy) those that manual rules keep from it.
   */
  private static Outcome leftPending(
      SessionProgress session, MergeOutcome outcome, PhaseRecord record) {
    PendingMerge pending =
        new PendingMerge(
            session.sessionId(),
            session.remote().name(),
            outcome == null ? session.base() : outcome.base(),
            session.remoteHead(),
            outcome == null ? session.conflicts() : outcome.conflicts(),
            outcome == null ? session.conflictCount() : outcome.conflictCount(),
            List.of(),
            session.mergeRules(),
            session.strategy());
    SessionProgress next = session.afterResolve(false, true, record);
    return Outcome.of(
        new PeerEvent.SyncProgressed(next, null, null, null, pending), new PeerReply.StepDone(next));
  }

  /** The session's progress, and the head it moved to if it did (the working set rebased). */
  private Outcome moved(
      Active state, SessionProgress next, MergeOutcome outcome, PendingMerge pending) {
    if (outcome.newHead() == null || outcome.newHead().equals(state.head())) {
      return progressed(next);
    }
    Hash working =
        merger.rebaseWorkingSet(
            state.headTree(), state.workingRoot(), outcome.newHeadTree(), MergeStrategy.OURS);
    return Outcome.of(
        new PeerEvent.SyncProgressed(
            next, outcome.newHead(), outcome.newHeadTree(), working, pending),
        new PeerReply.StepDone(next));
  }

  private Outcome end(Active state, SessionProgress session) {
    List<Conflict> conflicts = SyncJson.conflicts(store, session.conflicts());
    SyncResult result = SyncResult.of(state.name(), session, conflicts, clock.instant(), state.head());
    StoredObject object = SyncJson.object(result);
    store.putAll(List.of(object));
    HistoryEntry entry =
        new HistoryEntry(
            session.sessionId(),
            session.remote().name(),
            result.outcome(),
            result.endedAt(),
            object.hash(),
            null,
            session.followUpOf());
    return Outcome.of(new PeerEvent.SyncEnded(entry), new PeerReply.SyncFinished(result, entry));
  }

  private Outcome choose(Active state, PendingMerge.Choice choice) {
    PendingMerge pending = pending(state);
    boolean known =
        SyncJson.conflicts(store, pending.conflicts()).stream()
            .anyMatch(c -> c.key().toString().equals(choice.key()) && c.field().equals(choice.field()));
    if (!known) {
      throw new PeerException(
          PeerError.CONFLICT_NOT_FOUND,
          "the pending merge has no conflict on field '" + choice.field() + "' of " + choice.key());
    }
    PendingMerge updated = pending.with(choice);
    return Outcome.of(
        new PeerEvent.ConflictChosen(choice), new PeerReply.Unresolved(updated.unresolved()));
  }

  private Outcome commitMerge(Active state, CommitMerge commit) {
    PendingMerge pending = pending(state);
    if (pending.unresolved() > 0) {
      throw new PeerException(
          PeerError.UNRESOLVED_CONFLICTS,
          pending.unresolved() + " conflict(s) of the pending merge still need a choice");
    }
    List<Resolution> resolutions = new ArrayList<>();
    for (PendingMerge.Choice choice : pending.choices()) {
      RecordKey key = RecordKey.parse(choice.key());
      resolutions.add(
          switch (choice.choice()) {
            case OURS -> Resolution.ours(key, choice.field());
            case THEIRS -> Resolution.theirs(key, choice.field());
            case VALUE ->
                Resolution.value(
                    key,
                    choice.field(),
                    choice.valueObject() == null ? null : SyncJson.readValue(store, choice.valueObject()));
          });
    }
    String message =
        "syncmesh: merge "
            + pending.remote()
            + " into "
            + state.name()
            + " (conflicts resolved by "
            + commit.actor()
            + ")";
    SyncMerger.Result merged =
        merger.resolve(
            state.head(),
            pending.theirs(),
            pending.base(),
            new SyncMerger.Settle(pending.mergeRules(), pending.strategy(), resolutions),
            message);
    if (merged.newHead() == null) {
      throw new PeerException(
          PeerError.UNRESOLVED_CONFLICTS,
          "the head moved since the merge was left pending and "
              + merged.conflicts().size()
              + " new conflict(s) appeared: abort the merge and sync again");
    }
    Hash working =
        merger.rebaseWorkingSet(
            state.headTree(), state.workingRoot(), merged.newHeadTree(), MergeStrategy.OURS);
    return Outcome.of(
        new PeerEvent.MergeCommitted(merged.newHead(), merged.newHeadTree(), working),
        new PeerReply.CommitDone(merged.newHead(), pending.conflictCount(), false));
  }

  private Outcome receivePush(Active state, ReceivePush push) {
    if (push.newHead().equals(state.head())) {
      return Outcome.reply(new PeerReply.Done());
    }
    if (!Objects.equals(state.head(), push.expected())) {
      throw new PeerException(
          PeerError.NON_FAST_FORWARD,
          state.name() + "'s head is " + state.head() + ", not " + push.expected() + " as the push expected");
    }
    if (merger.commits().find(push.newHead()).isEmpty()) {
      throw new PeerException(
          PeerError.PUSH_REJECTED, "the pushed commit " + push.newHead() + " is not stored here");
    }
    if (push.expected() != null && !merger.commits().isAncestor(push.expected(), push.newHead())) {
      throw new PeerException(
          PeerError.PUSH_REJECTED, "the push is not a fast-forward of " + push.expected());
    }
    Hash newTree = merger.treeOf(push.newHead());
    Hash working = merger.rebaseWorkingSet(state.headTree(), state.workingRoot(), newTree, null);
    if (working == null) {
      throw new PeerException(
          PeerError.PUSH_REJECTED,
          "the push would conflict with uncommitted changes of " + state.name());
    }
    return Outcome.of(
        new PeerEvent.PushReceived(push.newHead(), newTree, working), new PeerReply.Done());
  }

  private static Outcome progressed(SessionProgress next) {
    return Outcome.of(PeerEvent.SyncProgressed.of(next), new PeerReply.StepDone(next));
  }

  private static Remote remote(Active state, String name) {
    Remote remote = state.remotes().get(name);
    if (remote == null) {
      throw new PeerException(
          PeerError.REMOTE_NOT_FOUND, state.name() + " has no remote named " + name);
    }
    return remote;
  }

  private static PendingMerge pending(Active state) {
    if (state.pendingMerge() == null) {
      throw new PeerException(PeerError.NO_PENDING_MERGE, state.name() + " has no pending merge");
    }
    return state.pendingMerge();
  }

  static String what(Active state, SessionProgress session) {
    return SyncNames.what(state.name(), session.remote());
  }

  private static SyncPhase phaseOf(PhaseReport report) {
    if (report instanceof PhaseReport.Fetched) {
      return SyncPhase.FETCH;
    }
    if (report instanceof PhaseReport.Merged) {
      return SyncPhase.MERGE;
    }
    if (report instanceof PhaseReport.Resolved) {
      return SyncPhase.RESOLVE;
    }
    if (report instanceof PhaseReport.Pushed) {
      return SyncPhase.PUSH;
    }
    return ((PhaseReport.Failed) report).record().phase();
  }
}
