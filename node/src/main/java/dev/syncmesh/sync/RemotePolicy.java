package dev.syncmesh.sync;

/**
 * The node's rules for where a remote may point and where its credential may be sent, checked
 * when a remote is set (a refusal is {@code invalid-remote} and changes nothing) and again before
 * every session's calls (a refusal ends it with {@code AUTH}, nothing sent).
 */
@FunctionalInterface
public interface RemotePolicy {
  /** Every remote as given (for tests of what does not concern the network). */
  RemotePolicy ANY = remote -> {};

  /**
   * Throws {@link dev.syncmesh.protocol.model.InvalidInputException} ({@code invalid-remote})
   * saying what is refused and which setting would allow it.
   */
  void check(Remote remote);
}
