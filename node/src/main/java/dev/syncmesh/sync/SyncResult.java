package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import java.util.List;

/**
 * What a session did, in the shape of the API (docs/API.md). Finished results are stored as
 * objects of the store and listed by the peer's history. The commits it names: our head when the
 * fetch completed ({@code headBefore}), the remote's head the fetch found ({@code remoteHead}),
 * our head when it ended ({@code headAfter}) and the remote's as the session left it known ({@code
 * remoteHeadAfter}: what a push landed, else what was fetched); null where there is none yet.
 */
@JsonPropertyOrder({
  "sessionId", "peer", "remote", "kind", "strategy", "outcome", "startedAt", "endedAt", "phases",
  "fetched", "merged", "pushed", "pulledCommits", "pushedCommits", "objectsReceived",
  "bytesReceived", "conflicts", "conflictsResolved", "error", "pushError", "resumes",
  "followUpNeeded", "headBefore", "remoteHead", "headAfter", "remoteHeadAfter", "followUpOf", "reason", "summary",
  "progress"
})
public record SyncResult(
    String sessionId,
    String peer,
    String remote,
    SessionKind kind,
    MergeStrategy strategy,
    SyncOutcome outcome,
    Instant startedAt,
    Instant endedAt,
    List<PhaseRecord> phases,
    boolean fetched,
    boolean merged,
    boolean pushed,
    int pulledCommits,
    int pushedCommits,
    long objectsReceived,
    long bytesReceived,
    List<Conflict> conflicts,
    boolean conflictsResolved,
    ErrorView error,
    ErrorView pushError,
    int resumes,
    boolean followUpNeeded,
    Hash headBefore,
    Hash remoteHead,
    Hash headAfter,
    Hash remoteHeadAfter,
    String followUpOf,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean summary,
    @JsonInclude(JsonInclude.Include.NON_NULL) SessionCounters progress)
    implements CborSerializable {

  /** An error as the API shows it; a push error leaves out the phase. */
  public record ErrorView(
      SyncErrorKind kind, @JsonInclude(JsonInclude.Include.NON_NULL) SyncPhase phase, String message)
      implements CborSerializable {
    static ErrorView fatal(SyncError error) {
      return error == null ? null : new ErrorView(error.kind(), error.phase(), error.message());
    }

    static ErrorView push(SyncError error) {
      return error == null ? null : new ErrorView(error.kind(), null, error.message());
    }
  }

  public SyncResult {
    kind = kind == null ? SessionKind.SYNC : kind; // results stored before kinds
    phases = List.copyOf(phases);
    conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
  }

  /**
   * The result of a session, running ({@code endedAt} null, {@code headAfter} null) or finished
   * with our head then.
   */
  public static SyncResult of(
      String peer,
      SessionProgress session,
      List<Conflict> conflicts,
      Instant endedAt,
      Hash headAfter) {
    List<PhaseRecord> phases = session.phases();
    if (endedAt == null) {
      SyncPhase next = session.nextPhase();
      if (next != null) {
        phases = new java.util.ArrayList<>(phases);
        phases.set(next.ordinal(), new PhaseRecord(next, PhaseStatus.RUNNING, null, null));
      }
    }
    return new SyncResult(
        session.sessionId(),
        peer,
        session.remote().name(),
        session.kind(),
        session.strategy(),
        endedAt == null ? SyncOutcome.RUNNING : session.outcome(),
        session.startedAt(),
        endedAt,
        phases,
        session.fetched(),
        session.merged(),
        session.pushed(),
        session.pulledCommits(),
        session.pushedCommits(),
        session.objectsReceived(),
        session.bytesReceived(),
        conflicts,
        session.conflictsResolved(),
        ErrorView.fatal(session.error()),
        ErrorView.push(session.pushError()),
        session.resumes(),
        session.followUpNeeded(),
        session.fetched() ? session.localHead() : null,
        session.fetched() ? session.remoteHead() : null,
        endedAt == null ? null : headAfter,
        session.fetched() ? session.remoteHeadAfter() : null,
        session.followUpOf(),
        null,
        null,
        null);
  }

  /** This running session's result with what it has done so far (null: not known here). */
  public SyncResult withProgress(SessionCounters counters) {
    return new SyncResult(
        sessionId, peer, remote, kind, strategy, outcome, startedAt, endedAt, phases, fetched, merged,
        pushed, pulledCommits, pushedCommits, objectsReceived, bytesReceived, conflicts,
        conflictsResolved, error, pushError, resumes, followUpNeeded, headBefore, remoteHead,
        headAfter, remoteHeadAfter, followUpOf, reason, summary, counters);
  }

  /**
   * What the history entry of an old session keeps once its full result was collected (only the
   * newest results are kept): its outcome, when it ended and why it was skipped; {@code summary}
   * true says the rest is gone.
   */
  public static SyncResult summary(String peer, HistoryEntry entry) {
    return new SyncResult(
        entry.sessionId(), peer, entry.remote(), null, null, entry.outcome(), null,
        entry.endedAt(), List.of(), false, false, false, 0, 0, 0, 0, List.of(), false, null, null,
        0, false, null, null, null, null, entry.followUpOf(), entry.reason(), true, null);
  }

  /** A session that did not start, and why: every phase skipped, nothing fetched or moved. */
  public static SyncResult skipped(
      String sessionId,
      String peer,
      String remote,
      MergeStrategy strategy,
      Instant at,
      Hash head,
      String reason) {
    List<PhaseRecord> phases = new java.util.ArrayList<>();
    for (SyncPhase phase : SyncPhase.values()) {
      phases.add(new PhaseRecord(phase, PhaseStatus.SKIPPED, null, null));
    }
    return new SyncResult(
        sessionId, peer, remote, SessionKind.SYNC, strategy, SyncOutcome.SKIPPED, at, at, phases, false, false,
        false, 0, 0, 0, 0, List.of(), false, null, null, 0, false, head, null, head, null, null, reason, null,
        null);
  }
}
