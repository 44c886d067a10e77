package dev.syncmesh.peer;

/** Why a peer refused a request; {@link #type()} is the stable problem type the API reports. */
public enum PeerError {
  PEER_NOT_FOUND("peer-not-found"),
  PEER_EXISTS("peer-exists"),
  RECORD_NOT_FOUND("record-not-found"),
  COMMIT_NOT_FOUND("commit-not-found"),
  PRECONDITION_FAILED("precondition-failed"),
  REMOTE_NOT_FOUND("remote-not-found"),
  /** Remote settings that do not fit together (checked where they are merged). */
  INVALID_REMOTE("invalid-remote"),
  SESSION_NOT_FOUND("session-not-found"),
  NO_PENDING_MERGE("no-pending-merge"),
  CONFLICT_NOT_FOUND("conflict-not-found"),
  MERGE_PENDING("merge-pending"),
  /** A pull from a push-only remote, or a push to a pull-only one. */
  REMOTE_MODE("remote-mode"),
  UNRESOLVED_CONFLICTS("unresolved-conflicts"),
  /** A push whose expected head is not the head any more. */
  NON_FAST_FORWARD("non-fast-forward"),
  /** A push the peer refuses: its working set would conflict, or it is not a fast-forward. */
  PUSH_REJECTED("push-rejected"),
  /** The store failed under a batch: nothing was persisted, the client may retry. */
  UNAVAILABLE("unavailable"),
  /**
   * Too many mutations wait for the peer, or this one waited past its caller's deadline: it was
   * not applied, the client may retry later.
   */
  OVERLOADED("overloaded");

  private final String type;

  PeerError(String type) {
    this.type = type;
  }

  public String type() {
    return type;
  }
}
