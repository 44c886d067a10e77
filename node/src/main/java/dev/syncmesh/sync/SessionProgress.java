package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session as the peer persists it, phase by phase: small (hashes and counts; the conflicts'
 * values sit in the object store under {@code conflicts}). A session that is in the peer's state
 * is unfinished; a recovering peer resumes it from {@link #nextPhase()}.
 *
 * @param remote the remote's settings when the session started
 * @param strategy how conflicts are settled, or null to leave them for a person
 * @param followUps how many follow-up sessions may still run if the remote moves meanwhile
 * @param localHead our head when the fetch completed (null: no commit)
 * @param remoteHead the remote's head the fetch found (null: no commit)
 * @param classification what the merge phase found: UP_TO_DATE, FAST_FORWARD, REMOTE_BEHIND or
 *     MERGED (a merge was needed); null before
 * @param conflicts the object that lists the conflicts found (null when none)
 * @param pendingLeft conflicts were left for a person as a pending merge
 * @param settled the merge commit the session's strategy makes of the conflicts, computed by the
 *     merge phase from our head {@code settledFrom}; the resolve phase moves the head to it, or
 *     computes it again if the head moved meanwhile (both null without conflicts or strategy)
 * @param pushedHead the head a landed push left on the remote (null when none landed)
 * @param followUpOf the session this one follows up (the remote moved during its push), or null
 * @param kind what the session does ({@link SessionKind}; sessions stored before kinds are syncs)
 * @param mergeRules the peer's merge rules (with the remote's over them) when the session started:
 *     every merge of the session, and a pending merge it leaves, uses these
 */
public record SessionProgress(
    String sessionId,
    Remote remote,
    MergeStrategy strategy,
    Instant startedAt,
    int resumes,
    int followUps,
    List<PhaseRecord> phases,
    Hash localHead,
    Hash remoteHead,
    boolean fetched,
    long objectsReceived,
    long bytesReceived,
    SyncOutcome classification,
    Hash base,
    int pulledCommits,
    boolean merged,
    Hash conflicts,
    int conflictCount,
    boolean conflictsResolved,
    boolean pendingLeft,
    boolean pushed,
    int pushedCommits,
    SyncError pushError,
    boolean followUpNeeded,
    SyncError error,
    Hash settled,
    Hash settledTree,
    Hash settledFrom,
    MergeRules mergeRules,
    Hash pushedHead,
    SessionKind kind,
    String followUpOf)
    implements CborSerializable {

  public SessionProgress {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(remote, "remote");
    phases = List.copyOf(phases);
    mergeRules = mergeRules == null ? MergeRules.NONE : mergeRules; // sessions stored before rules
    kind = kind == null ? SessionKind.SYNC : kind;
  }

  public static SessionProgress start(
      String sessionId,
      Remote remote,
      MergeStrategy strategy,
      MergeRules rules,
      Instant at,
      int followUps) {
    return start(sessionId, SessionKind.SYNC, remote, strategy, rules, at, followUps);
  }

  public static SessionProgress start(
      String sessionId,
      SessionKind kind,
      Remote remote,
      MergeStrategy strategy,
      MergeRules rules,
      Instant at,
      int followUps) {
    List<PhaseRecord> phases = new ArrayList<>();
    for (SyncPhase phase : SyncPhase.values()) {
      phases.add(PhaseRecord.pending(phase));
    }
    Builder b = new Builder(sessionId, remote, strategy, rules, at, followUps, phases);
    b.kind = kind;
    return b.build();
  }

  /** This session as the follow-up of session {@code previous}. */
  public SessionProgress followingUp(String previous) {
    Builder b = builder();
    b.followUpOf = previous;
    return b.build();
  }

  /** Whether the session ends with a push of our head when the remote lacks commits. */
  public boolean pushes() {
    return (kind == SessionKind.SYNC || kind == SessionKind.PUSH) && remote.push();
  }

  /**
   * A fetch-only session's end: the tracking head moved to what was fetched, and the phases that
   * merge and push are skipped.
   */
  public SessionProgress fetchedOnly() {
    Builder b = builder();
    b.classification = SyncOutcome.FETCHED;
    for (SyncPhase later : List.of(SyncPhase.MERGE, SyncPhase.RESOLVE, SyncPhase.PUSH)) {
      b.done(new PhaseRecord(later, PhaseStatus.SKIPPED, null, null));
    }
    return b.build();
  }

  /**
   * The remote's head this session learned, with everything under it stored: what a push landed,
   * else what the fetch found; null before the fetch.
   */
  public TrackingHead trackingHead() {
    if (pushedHead != null) {
      return new TrackingHead(pushedHead, phase(SyncPhase.PUSH).endedAt());
    }
    return fetched ? new TrackingHead(remoteHead, phase(SyncPhase.FETCH).endedAt()) : null;
  }

  /** The remote's head as the session leaves it known: what a push landed, else what was fetched. */
  public Hash remoteHeadAfter() {
    return pushedHead != null ? pushedHead : remoteHead;
  }

  /** The first phase that has not run, or null when the session only has to end. */
  public SyncPhase nextPhase() {
    if (error != null) {
      return null;
    }
    return phases.stream().filter(p -> !p.done()).map(PhaseRecord::phase).findFirst().orElse(null);
  }

  public PhaseRecord phase(SyncPhase phase) {
    return phases.get(phase.ordinal());
  }

  /** The outcome the session has, or will have if it ends now. */
  public SyncOutcome outcome() {
    if (error != null) {
      return SyncOutcome.FAILED;
    }
    if (pendingLeft) {
      return SyncOutcome.CONFLICTS;
    }
    return classification == null ? SyncOutcome.RUNNING : classification;
  }

  public SessionProgress resumed() {
    Builder b = builder();
    b.resumes = resumes + 1;
    return b.build();
  }

  public SessionProgress afterFetch(
      Hash local, Hash remoteHeadNow, RemoteLink.Transfer received, PhaseRecord record) {
    Builder b = builder().done(record);
    b.localHead = local;
    b.remoteHead = remoteHeadNow;
    b.fetched = true;
    b.objectsReceived = objectsReceived + received.objects();
    b.bytesReceived = bytesReceived + received.bytes();
    return b.build();
  }

  /**
   * The merge phase's result: the classification, and for a merge its base and conflicts. When
   * nothing conflicts, the resolve phase has nothing to do and is skipped.
   */
  public SessionProgress afterMerge(
      SyncOutcome kind,
      Hash mergeBase,
      int pulled,
      boolean headMoved,
      Hash conflictList,
      int conflictTotal,
      PhaseRecord record) {
    return afterMerge(kind, mergeBase, pulled, headMoved, conflictList, conflictTotal, null, null, null, record);
  }

  /** As above, with the merge commit that settles the conflicts by strategy, computed from {@code from}. */
  public SessionProgress afterMerge(
      SyncOutcome kind,
      Hash mergeBase,
      int pulled,
      boolean headMoved,
      Hash conflictList,
      int conflictTotal,
      Hash settledCommit,
      Hash settledCommitTree,
      Hash from,
      PhaseRecord record) {
    Builder b = builder().done(record);
    b.settled = settledCommit;
    b.settledTree = settledCommitTree;
    b.settledFrom = from;
    b.classification = kind;
    b.base = mergeBase;
    b.pulledCommits = pulled;
    b.merged = headMoved;
    b.conflicts = conflictList;
    b.conflictCount = conflictTotal;
    if (conflictTotal == 0) {
      b.done(new PhaseRecord(SyncPhase.RESOLVE, PhaseStatus.SKIPPED, null, null));
    }
    boolean remoteLacksCommits = kind == SyncOutcome.REMOTE_BEHIND || kind == SyncOutcome.MERGED;
    if (!remoteLacksCommits || !pushes()) {
      b.done(new PhaseRecord(SyncPhase.PUSH, PhaseStatus.SKIPPED, null, null));
    }
    return b.build();
  }

  /**
   * The resolve phase's result: a strategy settled the conflicts ({@code headMoved}), or they were
   * left for a person, which ends the session without a push.
   */
  public SessionProgress afterResolve(boolean headMoved, boolean leftPending, PhaseRecord record) {
    Builder b = builder().done(record);
    b.merged = merged || headMoved;
    b.conflictsResolved = headMoved;
    b.pendingLeft = leftPending;
    if (leftPending) {
      b.done(new PhaseRecord(SyncPhase.PUSH, PhaseStatus.SKIPPED, null, null));
    }
    return b.build();
  }

  public SessionProgress afterPush(
      boolean landed,
      int commitsPushed,
      SyncError failure,
      boolean followUp,
      Hash landedHead,
      PhaseRecord record) {
    Builder b = builder().done(record);
    b.pushed = landed;
    b.pushedHead = landed ? landedHead : null;
    b.pushedCommits = commitsPushed;
    b.pushError = failure;
    b.followUpNeeded = followUp;
    return b.build();
  }

  /** A fatal error in {@code record}'s phase: the later phases are skipped. */
  public SessionProgress failed(SyncError fatal, PhaseRecord record) {
    Builder b = builder().done(record);
    b.error = fatal;
    for (int i = record.phase().ordinal() + 1; i < b.phases.size(); i++) {
      if (!b.phases.get(i).done()) {
        b.phases.set(i, new PhaseRecord(b.phases.get(i).phase(), PhaseStatus.SKIPPED, null, null));
      }
    }
    return b.build();
  }

  private Builder builder() {
    return new Builder(this);
  }

  /** A mutable copy, for the transitions above. */
  private static final class Builder {
    final String sessionId;
    final Remote remote;
    final MergeStrategy strategy;
    final MergeRules mergeRules;
    final Instant startedAt;
    int resumes;
    final int followUps;
    final List<PhaseRecord> phases;
    Hash localHead;
    Hash remoteHead;
    boolean fetched;
    long objectsReceived;
    long bytesReceived;
    SyncOutcome classification;
    Hash base;
    int pulledCommits;
    boolean merged;
    Hash conflicts;
    int conflictCount;
    boolean conflictsResolved;
    boolean pendingLeft;
    boolean pushed;
    int pushedCommits;
    SyncError pushError;
    boolean followUpNeeded;
    SyncError error;
    Hash settled;
    Hash settledTree;
    Hash settledFrom;
    Hash pushedHead;
    SessionKind kind;
    String followUpOf;

    Builder(
        String sessionId,
        Remote remote,
        MergeStrategy strategy,
        MergeRules mergeRules,
        Instant startedAt,
        int followUps,
        List<PhaseRecord> phases) {
      this.sessionId = sessionId;
      this.remote = remote;
      this.strategy = strategy;
      this.mergeRules = mergeRules;
      this.startedAt = startedAt;
      this.followUps = followUps;
      this.phases = new ArrayList<>(phases);
    }

    Builder(SessionProgress p) {
      this(p.sessionId, p.remote, p.strategy, p.mergeRules, p.startedAt, p.followUps, p.phases);
      resumes = p.resumes;
      localHead = p.localHead;
      remoteHead = p.remoteHead;
      fetched = p.fetched;
      objectsReceived = p.objectsReceived;
      bytesReceived = p.bytesReceived;
      classification = p.classification;
      base = p.base;
      pulledCommits = p.pulledCommits;
      merged = p.merged;
      conflicts = p.conflicts;
      conflictCount = p.conflictCount;
      conflictsResolved = p.conflictsResolved;
      pendingLeft = p.pendingLeft;
      pushed = p.pushed;
      pushedCommits = p.pushedCommits;
      pushError = p.pushError;
      followUpNeeded = p.followUpNeeded;
      error = p.error;
      settled = p.settled;
      settledTree = p.settledTree;
      settledFrom = p.settledFrom;
      pushedHead = p.pushedHead;
      kind = p.kind;
      followUpOf = p.followUpOf;
    }

    Builder done(PhaseRecord record) {
      phases.set(record.phase().ordinal(), record);
      return this;
    }

    SessionProgress build() {
      return new SessionProgress(
          sessionId, remote, strategy, startedAt, resumes, followUps, phases, localHead, remoteHead,
          fetched, objectsReceived, bytesReceived, classification, base, pulledCommits, merged,
          conflicts, conflictCount, conflictsResolved, pendingLeft, pushed, pushedCommits,
          pushError, followUpNeeded, error, settled, settledTree, settledFrom, mergeRules, pushedHead, kind, followUpOf);
    }
  }
}
