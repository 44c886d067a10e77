package dev.syncmesh.peer;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.HistoryEntry;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.sync.TrackingHead;
import dev.syncmesh.tree.ProllyTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
   * then), {@code workingRoot} (equal to {@code headTree} when nothing is uncommitted), the
   * autocommit policy, and the sync bookkeeping: remotes by name, unfinished sessions by remote,
   * the pending merge (or null), the newest {@link #HISTORY_KEPT} finished sessions (oldest
   * first), the federation access list, the merge rules and each remote's tracking head. A
   * component missing from an older snapshot reads as null, which the constructor turns into its
   * empty value, so old snapshots stay readable.
   */
  record Active(
      String name,
      Instant createdAt,
      Hash head,
      Hash headTree,
      Hash workingRoot,
      AutocommitMode autocommit,
      Map<String, Remote> remotes,
      Map<String, SessionProgress> sessions,
      PendingMerge pendingMerge,
      List<HistoryEntry> history,
      Access access,
      MergeRules mergeRules,
      Map<String, TrackingHead> tracking)
      implements PeerState {
    /** Finished sessions kept in the state; the journal keeps every one. */
    public static final int HISTORY_KEPT = 1000;

    public Active {
      Objects.requireNonNull(name, "name");
      headTree = headTree == null ? ProllyTree.EMPTY : headTree;
      workingRoot = workingRoot == null ? headTree : workingRoot;
      autocommit = autocommit == null ? AutocommitMode.ON : autocommit;
      remotes = remotes == null ? Map.of() : Map.copyOf(remotes);
      sessions = sessions == null ? Map.of() : Map.copyOf(sessions);
      history = history == null ? List.of() : List.copyOf(history);
      access = access == null ? Access.NONE : access;
      mergeRules = mergeRules == null ? MergeRules.NONE : mergeRules;
      tracking = tracking == null ? Map.of() : Map.copyOf(tracking);
    }

    static Active created(PeerEvent.PeerCreated event) {
      return new Active(
          event.name(), event.at(), null, ProllyTree.EMPTY, ProllyTree.EMPTY, null, null, null,
          null, null, null, null, null);
    }

    private static final Active PROBE =
        created(new PeerEvent.PeerCreated("head-probe", Instant.EPOCH));

    /**
     * The head an event moves a peer to, or null when it leaves the head where it was: read from
     * {@link #apply} itself, so that a reader of the journal (the change feed) follows every event
     * that moves a head, those added later included.
     */
    public static Hash headAfter(PeerEvent event) {
      return PROBE.apply(event).head();
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
        return new Active(
            name, createdAt, head, headTree, workingRoot, set.mode(), remotes, sessions,
            pendingMerge, history, access, mergeRules, tracking);
      }
      if (event instanceof PeerEvent.SyncEvent sync) {
        return applySync(sync);
      }
      return this; // PeerCreated: only ever the first event
    }

    private Active applySync(PeerEvent.SyncEvent event) {
      Map<String, Remote> newRemotes = remotes;
      Map<String, SessionProgress> newSessions = sessions;
      PendingMerge newPending = pendingMerge;
      List<HistoryEntry> newHistory = history;
      Access newAccess = access;
      MergeRules newRules = mergeRules;
      Map<String, TrackingHead> newTracking = tracking;
      Active roots = this;
      if (event instanceof PeerEvent.RemoteSet set) {
        newRemotes = new TreeMap<>(remotes);
        Remote old = newRemotes.put(set.remote().name(), set.remote());
        if (old != null && !old.sameTarget(set.remote())) {
          newTracking = without(set.remote().name()); // another peer now: its head is unknown
        }
      } else if (event instanceof PeerEvent.RemoteRemoved removed) {
        newRemotes = new TreeMap<>(remotes);
        newRemotes.remove(removed.name());
        newTracking = without(removed.name());
      } else if (event instanceof PeerEvent.TrackingUpdated updated) {
        newTracking = with(updated.remote(), updated.head());
      } else if (event instanceof PeerEvent.AccessSet set) {
        newAccess = set.access();
      } else if (event instanceof PeerEvent.MergeRulesSet set) {
        newRules = set.rules();
      } else if (event instanceof PeerEvent.SyncProgressed progressed) {
        newSessions = new TreeMap<>(sessions);
        SessionProgress session = progressed.session();
        newSessions.put(session.remote().name(), session);
        TrackingHead seen = session.trackingHead();
        if (seen != null && !seen.equals(tracking.get(session.remote().name()))) {
          newTracking = with(session.remote().name(), seen);
        }
        if (progressed.head() != null) {
          roots = withRoots(progressed.head(), progressed.headTree(), progressed.workingRoot());
        }
        if (progressed.pending() != null) {
          newPending = progressed.pending();
        }
      } else if (event instanceof PeerEvent.SyncEnded ended) {
        newSessions = new TreeMap<>(sessions);
        newSessions.remove(ended.entry().remote());
        List<HistoryEntry> grown = new ArrayList<>(history);
        grown.add(ended.entry());
        newHistory = grown.size() > HISTORY_KEPT ? grown.subList(grown.size() - HISTORY_KEPT, grown.size()) : grown;
      } else if (event instanceof PeerEvent.ConflictChosen chosen) {
        newPending = pendingMerge == null ? null : pendingMerge.with(chosen.choice());
      } else if (event instanceof PeerEvent.MergeCommitted committed) {
        roots = withRoots(committed.commit(), committed.headTree(), committed.workingRoot());
        newPending = null;
      } else if (event instanceof PeerEvent.MergeAborted) {
        newPending = null;
      } else if (event instanceof PeerEvent.PushReceived pushed) {
        roots = withRoots(pushed.head(), pushed.headTree(), pushed.workingRoot());
      }
      return new Active(
          name, createdAt, roots.head, roots.headTree, roots.workingRoot, autocommit, newRemotes,
          newSessions, newPending, newHistory, newAccess, newRules, newTracking);
    }

    public PeerReply.Roots roots() {
      return new PeerReply.Roots(name, head, headTree, workingRoot, autocommit);
    }

    private Active withRoots(Hash newHead, Hash newHeadTree, Hash newWorkingRoot) {
      return new Active(
          name, createdAt, newHead, newHeadTree, newWorkingRoot, autocommit, remotes, sessions,
          pendingMerge, history, access, mergeRules, tracking);
    }

    private Map<String, TrackingHead> with(String remote, TrackingHead head) {
      Map<String, TrackingHead> updated = new TreeMap<>(tracking);
      updated.put(remote, head);
      return updated;
    }

    private Map<String, TrackingHead> without(String remote) {
      if (!tracking.containsKey(remote)) return tracking;
      Map<String, TrackingHead> updated = new TreeMap<>(tracking);
      updated.remove(remote);
      return updated;
    }
  }
}
