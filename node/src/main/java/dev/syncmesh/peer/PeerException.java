package dev.syncmesh.peer;

/** A refused request, as {@link PeerService} reports it: an expected outcome with a kind. */
public final class PeerException extends RuntimeException {
  private final PeerError error;

  public PeerException(PeerError error, String detail) {
    super(detail, null, false, false);
    this.error = error;
  }

  public PeerError error() {
    return error;
  }
}
