package dev.syncmesh.node;

import java.util.List;

/** The features a production node runs, in start order. Each feature adds itself here. */
public final class NodeFeatures {
  private NodeFeatures() {}

  public static List<NodeFeature> standard() {
    return List.of(new PeerFeature());
  }
}
