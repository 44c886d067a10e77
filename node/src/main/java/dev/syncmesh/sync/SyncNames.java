package dev.syncmesh.sync;


/** How merge commits name what they merged. */
public final class SyncNames {
  private SyncNames() {}

  /** {@code <remote> (<where>) into <peer>}. */
  public static String what(String peer, Remote remote) {
    String where = remote.federated() ? remote.url() + "/" + remote.peer() : remote.peer();
    return remote.name() + " (" + where + ") into " + peer;
  }
}
