package dev.syncmesh.sync;

import java.util.Objects;

/** A typed failure of a remote operation or a phase: its kind goes into the SyncResult. */
public final class SyncFailure extends RuntimeException {
  private final SyncErrorKind kind;

  public SyncFailure(SyncErrorKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public SyncFailure(SyncErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public SyncErrorKind kind() {
    return kind;
  }
}
