package dev.syncmesh.sync;

import dev.syncmesh.node.Stages;
import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.protocol.model.Hash;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The work of one phase, without the actor around it: remote calls and store work, never on an
 * actor's thread. Each phase can run again after a crash and gives the same effect: the fetch
 * reads the remote again, the merge and resolve compute from the head of now (their commits are
 * only used if the peer persists them), and the push of a head the remote already has succeeds.
 */
final class PhaseWork {
  private final SyncPhase phase;
  private final SessionProgress progress;
  private final SyncSession.Context shared;
  private final Instant startedAt;
  private final Deadline deadline;

  /** @param deadline when the phase times out: the remote's calls end by then */
  PhaseWork(
      SyncPhase phase,
      SessionProgress progress,
      SyncSession.Context shared,
      Instant startedAt,
      Deadline deadline) {
    this.phase = phase;
    this.progress = progress;
    this.shared = shared;
    this.startedAt = startedAt;
    this.deadline = deadline;
  }

  CompletionStage<PhaseReport> run() {
    return switch (phase) {
      case FETCH -> fetch();
      case MERGE -> merge();
      case RESOLVE -> resolve();
      case PUSH -> push();
    };
  }

  private CompletionStage<PhaseReport> fetch() {
    RemoteLink link = shared.link();
    return ourHead()
        .thenCompose(
            ours ->
                link.head(deadline)
                    .thenCompose(
                        remote ->
                            link.fetch(remote.head(), ours, deadline, shared.meter())
                                .thenApply(
                                    received ->
                                        new PhaseReport.Fetched(
                                            record(PhaseStatus.COMPLETED), remote.head(), received))));
  }

  private CompletionStage<PhaseReport> merge() {
    if (progress.kind() == SessionKind.PUSH) {
      return ourHead().thenApplyAsync(this::pushable, shared.kit().blocking());
    }
    return ourHead()
        .thenApplyAsync(
            ours -> {
              SyncMerger.Result result = mergeInto(ours);
              shared.meter().merged(result.recordsChanged());
              return new PhaseReport.Merged(
                  record(PhaseStatus.COMPLETED), ours, PhaseReport.MergeOutcome.of(result));
            },
            shared.kit().blocking());
  }

  /**
   * A push session's merge phase: how the histories stand, with nothing merged; a remote with
   * commits we lack refuses the push ({@code NON_FAST_FORWARD}, fatal: pull or sync first).
   */
  private PhaseReport pushable(Hash ours) {
    SyncOutcome kind = shared.kit().merger().classify(ours, progress.remoteHead());
    if (kind == SyncOutcome.UP_TO_DATE || kind == SyncOutcome.REMOTE_BEHIND) {
      return new PhaseReport.Merged(
          record(PhaseStatus.COMPLETED),
          ours,
          new PhaseReport.MergeOutcome(kind, null, 0, null, null, null, 0));
    }
    return new PhaseReport.Failed(
        record(PhaseStatus.FAILED),
        new SyncError(
            SyncErrorKind.NON_FAST_FORWARD,
            SyncPhase.MERGE,
            "the push is not a fast-forward: the remote has commits this peer lacks (pull or"
                + " sync first)"));
  }

  /** The session's merge of the remote's head into {@code ours}, with its strategy and rules. */
  private SyncMerger.Result mergeInto(Hash ours) {
    return shared
        .kit()
        .merger()
        .merge(ours, progress.remoteHead(), progress.strategy(), progress.mergeRules(), what());
  }

  private CompletionStage<PhaseReport> resolve() {
    if (progress.strategy() == null) {
      return CompletableFuture.completedFuture(
          new PhaseReport.Resolved(record(PhaseStatus.COMPLETED), null, null));
    }
    return ourHead()
        .thenApplyAsync(
            ours -> {
              if (progress.settled() != null && Objects.equals(ours, progress.settledFrom())) {
                return new PhaseReport.Resolved(
                    record(PhaseStatus.COMPLETED),
                    ours,
                    new PhaseReport.MergeOutcome(
                        SyncOutcome.MERGED,
                        progress.base(),
                        progress.pulledCommits(),
                        progress.settled(),
                        progress.settledTree(),
                        progress.conflicts(),
                        progress.conflictCount()));
              }
              SyncMerger.Result result = mergeInto(ours);
              return new PhaseReport.Resolved(
                  record(PhaseStatus.COMPLETED), ours, PhaseReport.MergeOutcome.of(result));
            },
            shared.kit().blocking());
  }

  /**
   * Pushes our head when we have commits the remote lacks. A push that the remote answered has
   * landed: the remote moves its head by compare-and-swap and persists the move before it answers
   * (a refused swap is an error). A push that failed may still have landed (a lost answer, a
   * timeout), so then the remote's head is read back: the push landed if it is ours. Failures are
   * the push's error, never fatal.
   */
  private CompletionStage<PhaseReport> push() {
    SyncOutcome kind = progress.classification();
    boolean ahead = kind == SyncOutcome.REMOTE_BEHIND || kind == SyncOutcome.MERGED;
    if (!progress.pushes() || !ahead) {
      return CompletableFuture.completedFuture(
          new PhaseReport.Pushed(record(PhaseStatus.SKIPPED), false, 0, null, false));
    }
    Hash expected = progress.remoteHead();
    RemoteLink link = shared.link();
    return ourHead()
        .thenCompose(
            ours -> {
              if (Objects.equals(ours, expected)) {
                return CompletableFuture.completedFuture(
                    (PhaseReport) new PhaseReport.Pushed(record(PhaseStatus.SKIPPED), false, 0, null, false));
              }
              CompletionStage<Integer> counted =
                  CompletableFuture.supplyAsync(
                      () -> shared.kit().merger().commitsBeyond(expected, ours), shared.kit().blocking());
              return counted.thenCompose(
                  commits ->
                      link.push(expected, ours, deadline, shared.meter())
                          .handle((pushed, error) -> error)
                          .thenCompose(
                              error ->
                                  error == null
                                      ? CompletableFuture.completedFuture(landed(ours, commits))
                                      : readBack(link, ours, commits, error)));
            });
  }

  /**
   * Reads the remote's head back after a failed push: it landed after all if the head is ours (a
   * reply lost after the remote applied it, a timeout); otherwise the push's error stands.
   */
  private CompletionStage<PhaseReport> readBack(
      RemoteLink link, Hash ours, int commits, Throwable pushFailure) {
    return link.head(deadline)
        .handle(
            (readBack, readFailure) -> {
              if (readFailure == null && Objects.equals(readBack.head(), ours)) {
                return landed(ours, commits);
              }
              SyncError failure = SyncError.of(SyncPhase.PUSH, pushFailure);
              return new PhaseReport.Pushed(
                  record(PhaseStatus.FAILED),
                  false,
                  0,
                  failure,
                  failure.kind() == SyncErrorKind.NON_FAST_FORWARD);
            });
  }

  private PhaseReport landed(Hash ours, int commits) {
    return new PhaseReport.Pushed(record(PhaseStatus.COMPLETED), true, commits, null, false, ours);
  }

  private CompletionStage<Hash> ourHead() {
    return Stages.plain(
            AskPattern.<PeerCommand, PeerReply>ask(
                shared.peer(),
                PeerCommand.GetRoots::new,
                shared.kit().settings().remoteTimeout(),
                shared.scheduler()))
        .thenApply(reply -> ((PeerReply.Roots) reply).head());
  }

  private String what() {
    return SyncNames.what(shared.peerName(), progress.remote());
  }

  private PhaseRecord record(PhaseStatus status) {
    return new PhaseRecord(phase, status, startedAt, Instant.now());
  }
}
