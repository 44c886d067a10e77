package dev.syncmesh.http;

import dev.syncmesh.cluster.ClusterOverview;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /cluster}: members, where each active peer lives, sessions in flight. */
public final class ClusterRoutes extends AllDirectives {
  private final ClusterOverview cluster;

  public ClusterRoutes(ClusterOverview cluster) {
    this.cluster = cluster;
  }

  public Route route() {
    return path("cluster", () -> get(() -> onSuccess(cluster.overview(), Json::ok)));
  }
}
