package dev.syncmesh.sync;

/** Why a sync, or its push, failed: the {@code kind} of a SyncResult's {@code error}. */
public enum SyncErrorKind {
  /** The remote could not be reached, or the connection broke. */
  NETWORK,
  /** The remote refused our credential, or the access list denies it. */
  AUTH,
  /** The remote peer does not exist. */
  NOT_FOUND,
  /** The remote refused the push (it would conflict with its uncommitted changes, say). */
  REMOTE_REJECTED,
  /** The remote's head moved since we fetched it: the push is no fast-forward any more. */
  NON_FAST_FORWARD,
  /** Conflicts were left for a person. */
  CONFLICT,
  /** A phase, or the remote, took longer than allowed. */
  TIMEOUT,
  /** What the remote sent failed verification. */
  INVALID_DATA,
  /** A fault of this node (a store failure, a bug). */
  INTERNAL
}
