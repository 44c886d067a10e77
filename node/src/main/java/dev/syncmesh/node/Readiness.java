package dev.syncmesh.node;

/**
 * Whether this node can serve its API, as far as the node itself can tell (cluster membership is
 * Pekko Management's own check), and if not, why.
 */
public record Readiness(boolean ready, String reason) {
  static final Readiness READY = new Readiness(true, "the API is bound and the database answers");

  static Readiness notReady(String reason) {
    return new Readiness(false, reason);
  }
}
