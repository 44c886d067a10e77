package dev.syncmesh.history;

/**
 * Exact counts between two heads: {@code ahead} commits reachable from ours and not from theirs,
 * {@code behind} the other way round.
 */
public record AheadBehind(int ahead, int behind) {
  public boolean isUpToDate() {
    return ahead == 0 && behind == 0;
  }
}
