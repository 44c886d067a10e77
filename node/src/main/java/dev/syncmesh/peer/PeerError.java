package dev.syncmesh.peer;

/** Why a peer refused a request; {@link #type()} is the stable problem type the API reports. */
public enum PeerError {
  PEER_NOT_FOUND("peer-not-found"),
  PEER_EXISTS("peer-exists"),
  RECORD_NOT_FOUND("record-not-found"),
  COMMIT_NOT_FOUND("commit-not-found"),
  PRECONDITION_FAILED("precondition-failed"),
  /** The store failed under a batch: nothing was persisted, the client may retry. */
  UNAVAILABLE("unavailable");

  private final String type;

  PeerError(String type) {
    this.type = type;
  }

  public String type() {
    return type;
  }
}
