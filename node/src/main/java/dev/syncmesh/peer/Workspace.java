package dev.syncmesh.peer;

import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.peer.PeerCommand.CommitWorkingSet;
import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.peer.PeerCommand.Mutation;
import dev.syncmesh.peer.PeerCommand.Outcome;
import dev.syncmesh.peer.PeerCommand.RunTransaction;
import dev.syncmesh.peer.PeerCommand.SetAutocommit;
import dev.syncmesh.peer.PeerCommand.WriteRecord;
import dev.syncmesh.peer.PeerReply.CommitDone;
import dev.syncmesh.peer.PeerReply.RecordWrite;
import dev.syncmesh.peer.PeerReply.Rejected;
import dev.syncmesh.peer.PeerState.Active;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.StagedObjectStore;
import dev.syncmesh.sync.SyncMerger;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import java.nio.charset.StandardCharsets;
import dev.syncmesh.sync.RemotePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The blocking half of the mutation lane: runs a batch of mutations against a peer's roots (tree
 * edits, commits) on the blocking dispatcher and returns, per mutation, the events to persist and
 * the reply. Everything the batch makes is staged and written in one pass at the end, before the
 * entity persists the events that refer to it. Stateless between batches; one instance serves every
 * peer of the node.
 */
public final class Workspace {
  private static final long CACHED_NODES = 65_536;

  private final StagedObjectStore staged;
  private final ProllyTree tree;
  private final CommitGraph commits;
  private final Clock clock;
  private final SyncLane syncLane;

  /** Over {@code store}, with a tree and a commit graph (and their caches) of its own. */
  public Workspace(ObjectStore store, Clock clock, RemotePolicy remotes) {
    this(new StagedObjectStore(Objects.requireNonNull(store, "store")), clock, remotes);
  }

  private Workspace(StagedObjectStore staged, Clock clock, RemotePolicy remotes) {
    this(
        staged,
        new ProllyTree(staged, CACHED_NODES),
        new CommitGraph(staged),
        clock,
        remotes);
  }

  /**
   * Over the node's staged store, tree and commit graph, whose caches the node's readers and
   * sessions share: what a batch writes is then in the cache of the merge that reads it next. The
   * workspace stages its writes per batch. The caches may hold objects of a batch whose write
   * failed: harmless, since nothing refers to them (its events are never persisted), and a batch
   * (or merge) that makes the same object again stages and writes it again. A remote is set only
   * if {@code remotes} allows it.
   */
  public Workspace(
      StagedObjectStore staged,
      ProllyTree tree,
      CommitGraph commits,
      Clock clock,
      RemotePolicy remotes) {
    this.staged = Objects.requireNonNull(staged, "staged");
    this.tree = Objects.requireNonNull(tree, "tree");
    this.commits = Objects.requireNonNull(commits, "commits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.syncLane =
        new SyncLane(staged, new SyncMerger(staged, tree, commits, clock), clock, remotes);
  }

  /** Runs the mutations in order, each on the state the previous ones left. Blocks. */
  public List<Outcome> run(Active start, List<? extends Mutation> batch) {
    staged.begin();
    try {
      Batch work = new Batch();
      Active state = start;
      List<Outcome> outcomes = new ArrayList<>(batch.size());
      for (Mutation mutation : batch) {
        Outcome outcome = work.run(state, mutation);
        for (PeerEvent event : outcome.events()) {
          state = state.apply(event);
        }
        outcomes.add(outcome);
      }
      staged.flush();
      return outcomes;
    } finally {
      staged.end();
    }
  }

  /** One batch, on one thread, its writes staged until the end. */
  private final class Batch {

    Outcome run(Active state, Mutation mutation) {
      if (SyncLane.handles(mutation)) {
        return syncLane.run(state, mutation);
      }
      if (mutation instanceof WriteRecord write) {
        return write(state, write);
      }
      if (mutation instanceof RunTransaction transaction) {
        return transaction(state, transaction);
      }
      if (mutation instanceof CommitWorkingSet commit) {
        return commit(state, commit);
      }
      SetAutocommit set = (SetAutocommit) mutation;
      PeerReply reply = new PeerReply.Autocommit(set.mode());
      return set.mode() == state.autocommit()
          ? Outcome.reply(reply)
          : Outcome.of(new PeerEvent.AutocommitSet(set.mode()), reply);
    }

    private Outcome write(Active state, WriteRecord write) {
      RecordKey key = write.key();
      Optional<Hash> current = tree.get(state.workingRoot(), key);
      if (write.ifMatch() != null && !write.ifMatch().holds(current)) {
        return Outcome.reply(
            new Rejected(
                PeerError.PRECONDITION_FAILED,
                key
                    + (current.isEmpty() ? " does not exist" : " has hash " + current.get())
                    + "; If-Match wanted "
                    + write.ifMatch().describe()));
      }
      if (write.isDelete() && current.isEmpty()) {
        return Outcome.reply(new Rejected(PeerError.RECORD_NOT_FOUND, "no record " + key));
      }
      if (current.isPresent() && current.get().equals(write.value())) {
        return Outcome.reply(new RecordWrite(key, write.value(), null, false));
      }
      if (write.inline() != null) {
        staged.putAll(List.of(inlineBlob(write)));
      }
      NavigableMap<RecordKey, Optional<Hash>> edit = new TreeMap<>();
      edit.put(key, Optional.ofNullable(write.value()));
      Hash working = tree.apply(state.workingRoot(), edit);
      Hash commit = null;
      if (state.autocommit().commitsEachWrite()) {
        List<String> ids =
            state.workingRoot().equals(state.headTree())
                ? List.of(key.id())
                : ids(tree.diff(state.headTree(), working));
        String command = write.isDelete() ? "delete" : "put";
        commit =
            commit(state, working, write.actor(), CommitMessages.auto(command, write.actor(), ids));
      }
      return Outcome.of(
          new PeerEvent.RecordWritten(key.toString(), write.value(), working, commit),
          new RecordWrite(key, write.value(), commit, current.isEmpty()));
    }

    private Outcome transaction(Active state, RunTransaction transaction) {
      NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
      List<Edit> given =
          transaction.stored() == null ? transaction.edits() : transaction.stored().load(tree);
      for (Edit edit : given) {
        edits.put(edit.key(), Optional.ofNullable(edit.value()));
      }
      Hash committed = tree.apply(state.headTree(), edits);
      Hash working =
          state.workingRoot().equals(state.headTree())
              ? committed
              : tree.apply(state.workingRoot(), edits);
      List<Change> changes = tree.diff(state.headTree(), committed);
      if (changes.isEmpty()) {
        return working.equals(state.workingRoot())
            ? Outcome.reply(CommitDone.nothing())
            : Outcome.of(
                new PeerEvent.TransactionApplied(null, state.headTree(), working, 0),
                CommitDone.nothing());
      }
      String message =
          transaction.message() != null
              ? transaction.message()
              : CommitMessages.generated("transaction", transaction.actor(), ids(changes));
      Hash commit = commit(state, committed, transaction.actor(), message);
      return Outcome.of(
          new PeerEvent.TransactionApplied(commit, committed, working, changes.size()),
          new CommitDone(commit, changes.size(), false));
    }

    private Outcome commit(Active state, CommitWorkingSet request) {
      if (state.workingRoot().equals(state.headTree())) {
        return Outcome.reply(CommitDone.nothing());
      }
      List<Change> changes = tree.diff(state.headTree(), state.workingRoot());
      String message =
          request.message() != null
              ? request.message()
              : CommitMessages.generated("commit", request.actor(), ids(changes));
      Hash commit = commit(state, state.workingRoot(), request.actor(), message);
      return Outcome.of(
          new PeerEvent.WorkingSetCommitted(commit, changes.size()),
          new CommitDone(commit, changes.size(), false));
    }

    private Hash commit(Active state, Hash tree, String author, String message) {
      List<Hash> parents = state.head() == null ? List.of() : List.of(state.head());
      return commits.write(commits.newCommit(tree, parents, author, message, clock.instant()));
    }
  }

  private static StoredObject inlineBlob(WriteRecord write) {
    StoredObject blob =
        StoredObject.of(ObjectKind.BLOB, write.inline().getBytes(StandardCharsets.UTF_8));
    if (!blob.hash().equals(write.value())) {
      throw new IllegalArgumentException(
          "the inline value of " + write.key() + " does not have hash " + write.value());
    }
    return blob;
  }

  private static List<String> ids(List<Change> changes) {
    return changes.stream().map(change -> change.key().id()).toList();
  }
}
