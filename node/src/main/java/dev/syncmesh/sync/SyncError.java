package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import java.util.Objects;

/**
 * A typed error of a session: fatal ({@code error}, with the phase it ended) or the push's ({@code
 * pushError}, phase {@code push}). Messages never hold secrets.
 */
public record SyncError(SyncErrorKind kind, SyncPhase phase, String message)
    implements CborSerializable {
  public static final int MAX_MESSAGE = 1000;

  public SyncError {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? kind.name() : dev.syncmesh.node.Redaction.text(message);
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
  }

  public static SyncError of(SyncPhase phase, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SyncFailure typed) {
      return new SyncError(typed.kind(), phase, typed.getMessage());
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new SyncError(SyncErrorKind.TIMEOUT, phase, "no answer in time: " + cause.getMessage());
    }
    return new SyncError(
        SyncErrorKind.INTERNAL,
        phase,
        "this node failed (its log says more)"
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }
}
