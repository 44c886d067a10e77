package dev.syncmesh.peer;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.tree.ProllyTree;
import java.time.Instant;
import java.util.Objects;

/**
 * A peer's state, kept small: hashes and settings, never record contents. One type per lifecycle
 * stage: {@link Blank} until the peer is created, then {@link Active}.
 */
public sealed interface PeerState extends CborSerializable {

  /** No peer of this name exists (yet). */
  enum Blank implements PeerState {
    INSTANCE
  }

  /**
   * A created peer: {@code head} (null before the first commit), {@code headTree} (the empty tree
   * then), {@code workingRoot} (equal to {@code headTree} when nothing is uncommitted) and the
   * autocommit policy. Sync bookkeeping (remotes, tracking heads, sessions, pending merge) is added
   * here as further components; a component missing from an older snapshot reads as null, which
   * the constructor turns into its empty value, so old snapshots stay readable.
   */
  record Active(
      String name,
      Instant createdAt,
      Hash head,
      Hash headTree,
      Hash workingRoot,
      AutocommitMode autocommit)
      implements PeerState {

    public Active {
      Objects.requireNonNull(name, "name");
      headTree = headTree == null ? ProllyTree.EMPTY : headTree;
      workingRoot = workingRoot == null ? headTree : workingRoot;
      autocommit = autocommit == null ? AutocommitMode.ON : autocommit;
    }

    static Active created(PeerEvent.PeerCreated event) {
      return new Active(event.name(), event.at(), null, ProllyTree.EMPTY, ProllyTree.EMPTY, null);
    }

    /** The state after an event; the workspace and the event handler both use this. */
    public Active apply(PeerEvent event) {
      if (event instanceof PeerEvent.RecordWritten written) {
        return written.commit() == null
            ? withRoots(head, headTree, written.workingRoot())
            : withRoots(written.commit(), written.workingRoot(), written.workingRoot());
      }
      if (event instanceof PeerEvent.TransactionApplied tx) {
        return tx.commit() == null
            ? withRoots(head, headTree, tx.workingRoot())
            : withRoots(tx.commit(), tx.tree(), tx.workingRoot());
      }
      if (event instanceof PeerEvent.WorkingSetCommitted committed) {
        return withRoots(committed.commit(), workingRoot, workingRoot);
      }
      if (event instanceof PeerEvent.AutocommitSet set) {
        return new Active(name, createdAt, head, headTree, workingRoot, set.mode());
      }
      return this; // PeerCreated: only ever the first event
    }

    public PeerReply.Roots roots() {
      return new PeerReply.Roots(name, head, headTree, workingRoot, autocommit);
    }

    private Active withRoots(Hash newHead, Hash newHeadTree, Hash newWorkingRoot) {
      return new Active(name, createdAt, newHead, newHeadTree, newWorkingRoot, autocommit);
    }
  }
}
