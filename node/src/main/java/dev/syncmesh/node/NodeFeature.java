package dev.syncmesh.node;

import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A part of what a node does (peers, sync, federation). The node starts each feature once, after
 * the actor system runs on the journal's database and has started to join the cluster, and before
 * the API server binds: that is where a feature initialises its sharded entities ({@code
 * ClusterSharding.get(node.system()).init(...)}) and builds its routes.
 */
@FunctionalInterface
public interface NodeFeature {

  /**
   * Starts the feature and returns its API routes, relative to {@code /api} (the node mounts them
   * there, behind the API token and the problem+json error handling). Return {@code
   * Directives.reject()} for a feature without routes.
   */
  Route start(NodeContext node);

  /**
   * Routes this feature serves outside {@code /api}, from the server's root, which authenticate
   * their callers themselves (the federation API, with its own tokens); the node still answers
   * their failures as problems. Called once, after {@link #start}.
   */
  default Route rootRoute() {
    return Directives.reject();
  }

  /** A feature that only serves routes. */
  static NodeFeature routes(Route route) {
    return node -> route;
  }
}
