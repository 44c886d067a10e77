package dev.syncmesh.gc;

import dev.syncmesh.peer.PeerState;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.TrackingHead;

/**
 * What a peer's state refers to, by kind: the commits (its head, and what its unfinished sessions
 * and its pending merge name, and the remotes' tracking heads), the trees (head tree, working set, a session's settled tree) and
 * the objects that are neither (the conflict lists, the values chosen for conflicts, and the
 * results of the sessions its history keeps). Everything these reach is reachable.
 */
final class Roots {
  /** Where a root goes: commits and trees are walked, other objects only kept. */
  interface Sink {
    void commit(Hash commit);

    void tree(Hash root);

    void object(Hash object);
  }

  private Roots() {}

  static void of(PeerState.Active peer, Sink sink) {
    commit(sink, peer.head());
    tree(sink, peer.headTree());
    tree(sink, peer.workingRoot());
    for (SessionProgress session : peer.sessions().values()) {
      commit(sink, session.localHead());
      commit(sink, session.remoteHead());
      commit(sink, session.base());
      commit(sink, session.settled());
      commit(sink, session.settledFrom());
      tree(sink, session.settledTree());
      object(sink, session.conflicts());
    }
    PendingMerge pending = peer.pendingMerge();
    if (pending != null) {
      commit(sink, pending.base());
      commit(sink, pending.theirs());
      object(sink, pending.conflicts());
      for (PendingMerge.Choice choice : pending.choices()) {
        object(sink, choice.valueObject());
      }
    }
    for (TrackingHead tracked : peer.tracking().values()) {
      commit(sink, tracked.head());
    }
    for (HistoryEntry entry : peer.history()) {
      object(sink, entry.result());
    }
  }

  private static void commit(Sink sink, Hash hash) {
    if (hash != null) {
      sink.commit(hash);
    }
  }

  private static void tree(Sink sink, Hash hash) {
    if (hash != null) {
      sink.tree(hash);
    }
  }

  private static void object(Sink sink, Hash hash) {
    if (hash != null) {
      sink.object(hash);
    }
  }
}
