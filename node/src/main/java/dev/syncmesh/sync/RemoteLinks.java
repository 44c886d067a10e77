package dev.syncmesh.sync;

/** Finds the link to a remote: a peer of this mesh, or of another mesh over HTTP. */
@FunctionalInterface
public interface RemoteLinks {

  /** The link from peer {@code peer} to its remote {@code remote}. */
  RemoteLink link(String peer, Remote remote);
}
