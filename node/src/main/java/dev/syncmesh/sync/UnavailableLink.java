package dev.syncmesh.sync;

import dev.syncmesh.protocol.model.Hash;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A remote this node cannot reach at all: every call fails with the same kind ({@code NETWORK}
 * unless told) and the reason.
 */
public final class UnavailableLink implements RemoteLink {
  private final SyncErrorKind kind;
  private final String reason;

  public UnavailableLink(String reason) {
    this(SyncErrorKind.NETWORK, reason);
  }

  public UnavailableLink(SyncErrorKind kind, String reason) {
    this.kind = kind;
    this.reason = reason;
  }

  @Override
  public CompletionStage<RemoteHead> head(Deadline deadline) {
    return failed();
  }

  @Override
  public CompletionStage<Transfer> fetch(
      Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter) {
    return failed();
  }

  @Override
  public CompletionStage<Transfer> push(
      Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
    return failed();
  }

  private <T> CompletionStage<T> failed() {
    return CompletableFuture.failedFuture(new SyncFailure(kind, reason));
  }
}
