package dev.syncmesh.remote;

import dev.syncmesh.federation.Completeness;
import dev.syncmesh.federation.PackLimits;
import dev.syncmesh.federation.PackPlanner;
import dev.syncmesh.federation.PackReceiver;
import dev.syncmesh.federation.PackWriter;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.tree.ProllyTree;

/** The object-transfer blocks over one node's store, shared by the federation API and the links. */
public record FederationKit(
    PackPlanner planner,
    PackWriter writer,
    PackReceiver receiver,
    Completeness completeness,
    CommitGraph commits,
    FederationMeters meters) {

  public static FederationKit over(
      ObjectStore store, ProllyTree trees, CommitGraph commits, PackLimits limits) {
    return over(store, trees, commits, limits, FederationMeters.none());
  }

  public static FederationKit over(
      ObjectStore store,
      ProllyTree trees,
      CommitGraph commits,
      PackLimits limits,
      FederationMeters meters) {
    return new FederationKit(
        new PackPlanner(trees, commits),
        new PackWriter(store, limits),
        new PackReceiver(store, trees, commits, limits),
        new Completeness(store, trees, commits),
        commits,
        meters);
  }
}
