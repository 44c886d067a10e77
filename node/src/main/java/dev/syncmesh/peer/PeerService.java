package dev.syncmesh.peer;

import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.node.NodeMetrics;
import dev.syncmesh.node.Stages;
import dev.syncmesh.peer.PeerCommand.Edit;
import dev.syncmesh.peer.PeerReply.CommitDone;
import dev.syncmesh.peer.PeerReply.RecordWrite;
import dev.syncmesh.peer.PeerReply.Rejected;
import dev.syncmesh.peer.PeerReply.Roots;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.ProllyTree;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The one facade over peers: every ask (and its timeout), the store work around it (values stored
 * before the command that names them, reads off the actor) and the mapping of refusals to {@link
 * PeerException}s. An ask that times out fails with a {@code TimeoutException}. Routes only
 * translate HTTP to these calls.
 */
public final class PeerService {
  /** One write of a transaction: a value, or null to delete. */
  public record Write(RecordKey key, RecordValue value) {}

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final PeerReader reader;
  private final PeerDirectory directory;
  private final ObjectStore store;
  private final ProllyTree tree;
  private final Executor blocking;
  private final Duration timeout;
  private final Counter recordWrites;
  private final Counter transactionWrites;
  private final Counter commitsMade;

  public PeerService(
      ActorSystem<?> system,
      PeerReader reader,
      PeerDirectory directory,
      ObjectStore store,
      ProllyTree tree,
      Executor blocking,
      Duration timeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.reader = reader;
    this.directory = directory;
    this.store = store;
    this.tree = tree;
    this.blocking = blocking;
    this.timeout = timeout;
    NodeMetrics metrics = NodeMetrics.get(system);
    String writesHelp = "Writes acknowledged to callers of this node, by kind";
    this.recordWrites = metrics.counter("syncmesh_writes_acknowledged", writesHelp, "kind", "record");
    this.transactionWrites =
        metrics.counter("syncmesh_writes_acknowledged", writesHelp, "kind", "transaction");
    this.commitsMade =
        metrics.counter("syncmesh_commits", "Commits made by writes, transactions and commits");
  }

  /** Counts an acknowledged record write and the commit it made, if any. */
  private RecordWrite counted(RecordWrite write) {
    recordWrites.increment();
    if (write.commit() != null) {
      commitsMade.increment();
    }
    return write;
  }

  private CommitDone counted(CommitDone done, int written) {
    transactionWrites.increment(written);
    if (!done.nothingToCommit()) {
      commitsMade.increment();
    }
    return done;
  }

  public CompletionStage<PeerReader.Info> create(PeerName peer) {
    return ask(peer, PeerCommand.Create::new, Roots.class)
        .thenApplyAsync(reader::describe, blocking);
  }

  /**
   * Up to {@code limit} peer names after {@code after} (null: from the first), sorted, read from
   * the event journal, so that the list cannot disagree with it.
   */
  public CompletionStage<PeerDirectory.Page> list(PeerName after, int limit) {
    return CompletableFuture.supplyAsync(
        () -> directory.page(after == null ? null : after.value(), limit), blocking);
  }

  public CompletionStage<PeerReader.Info> describe(PeerName peer) {
    return state(peer).thenApplyAsync(reader::describe, blocking);
  }

  /** The peer's whole state: roots and sync bookkeeping. */
  public CompletionStage<PeerState.Active> state(PeerName peer) {
    return ask(peer, PeerCommand.GetState::new, PeerReply.State.class)
        .thenApply(PeerReply.State::state);
  }

  /** The peer's whole state, and the live counters of its running sessions. */
  public CompletionStage<PeerReply.State> stateWithProgress(PeerName peer) {
    return ask(peer, PeerCommand.GetState::new, PeerReply.State.class);
  }

  /** The peer's roots and the sequence number of the last event they reflect. */
  public CompletionStage<PeerReply.Position> position(PeerName peer) {
    return ask(peer, PeerCommand.GetPosition::new, PeerReply.Position.class);
  }

  public Executor blocking() {
    return blocking;
  }

  /** How long an ask waits for the peer's answer. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Asks the peer to write a value: a small one travels inline and is stored with the peer's batch,
   * a large one is stored first.
   */
  public CompletionStage<RecordWrite> put(
      PeerName peer, RecordKey key, RecordValue value, IfMatch ifMatch, String actor) {
    byte[] canonical = value.canonicalBytes();
    if (canonical.length <= PeerCommand.WriteRecord.MAX_INLINE_BYTES) {
      String inline = new String(canonical, StandardCharsets.UTF_8);
      return ask(
              peer,
              replyTo ->
                  new PeerCommand.WriteRecord(key, value.hash(), inline, ifMatch, actor, replyTo),
              RecordWrite.class)
          .thenApply(this::counted);
    }
    return onBlocking(() -> store.putAll(List.of(value.blob())))
        .thenCompose(
            stored ->
                ask(
                    peer,
                    replyTo ->
                        new PeerCommand.WriteRecord(key, value.hash(), null, ifMatch, actor, replyTo),
                    RecordWrite.class))
        .thenApply(this::counted);
  }

  public CompletionStage<RecordWrite> delete(
      PeerName peer, RecordKey key, IfMatch ifMatch, String actor) {
    return ask(
        peer,
            replyTo -> new PeerCommand.WriteRecord(key, null, null, ifMatch, actor, replyTo),
            RecordWrite.class)
        .thenApply(this::counted);
  }

  public CompletionStage<PeerReader.StoredRecord> get(PeerName peer, RecordKey key, Hash at) {
    return roots(peer)
        .thenApplyAsync(
            roots ->
                reader
                    .get(roots, key, at)
                    .orElseThrow(
                        () ->
                            new PeerException(
                                PeerError.RECORD_NOT_FOUND,
                                "no record " + key + (at == null ? "" : " at commit " + at))),
            blocking);
  }

  public CompletionStage<PeerReader.Page> list(
      PeerName peer, String collection, RecordKey after, int limit, Hash at) {
    return roots(peer)
        .thenApplyAsync(roots -> reader.list(roots, collection, after, limit, at), blocking);
  }

  /** Stores the values, then asks the peer to commit the writes as one transaction. */
  public CompletionStage<CommitDone> transaction(
      PeerName peer, List<Write> writes, String message, String actor) {
    Map<Hash, StoredObject> blobs = new LinkedHashMap<>();
    List<Edit> edits = new ArrayList<>(writes.size());
    for (Write write : writes) {
      if (write.value() != null) {
        blobs.putIfAbsent(write.value().hash(), write.value().blob());
      }
      edits.add(new Edit(write.key(), write.value() == null ? null : write.value().hash()));
    }
    boolean inline = edits.size() <= EditTrees.MAX_INLINE_EDITS;
    return CompletableFuture.supplyAsync(
            () -> {
              store.putAll(blobs.values());
              return inline ? null : EditTrees.store(tree, edits);
            },
            blocking)
        .thenCompose(
            stored ->
                ask(
                    peer,
                    replyTo ->
                        new PeerCommand.RunTransaction(
                            inline ? edits : List.of(), stored, message, actor, replyTo),
                    CommitDone.class))
        .thenApply(done -> counted(done, writes.size()));
  }

  /** Commits edits already stored as trees (their values stored too) as one transaction. */
  CompletionStage<CommitDone> commitStored(
      PeerName peer, EditTrees edits, String message, String actor) {
    return ask(
        peer,
        replyTo -> new PeerCommand.RunTransaction(List.of(), edits, message, actor, replyTo),
        CommitDone.class);
  }

  public CompletionStage<CommitDone> commit(PeerName peer, String message, String actor) {
    return ask(
            peer,
            replyTo -> new PeerCommand.CommitWorkingSet(message, actor, replyTo),
            CommitDone.class)
        .thenApply(done -> counted(done, 0));
  }

  public CompletionStage<AutocommitMode> autocommit(PeerName peer) {
    return roots(peer).thenApply(Roots::autocommit);
  }

  public CompletionStage<AutocommitMode> setAutocommit(PeerName peer, AutocommitMode mode) {
    return ask(
            peer,
            replyTo -> new PeerCommand.SetAutocommit(mode, replyTo),
            PeerReply.Autocommit.class)
        .thenApply(PeerReply.Autocommit::mode);
  }

  public CompletionStage<PeerReader.Changes> workingSet(PeerName peer, RecordKey after, int limit) {
    return roots(peer).thenApplyAsync(roots -> reader.workingSet(roots, after, limit), blocking);
  }

  public CompletionStage<dev.syncmesh.history.CommitGraph.LogPage> log(
      PeerName peer, Hash after, int limit) {
    return roots(peer).thenApplyAsync(roots -> reader.log(roots, after, limit), blocking);
  }

  public CompletionStage<PeerReader.Diff> diff(
      PeerName peer, Hash from, Hash to, RecordKey after, int limit) {
    return roots(peer).thenApplyAsync(roots -> reader.diff(roots, from, to, after, limit), blocking);
  }

  private CompletionStage<Roots> roots(PeerName peer) {
    return ask(peer, PeerCommand.GetRoots::new, Roots.class);
  }

  private <T extends PeerReply> CompletionStage<T> ask(
      PeerName peer, Function<ActorRef<PeerReply>, PeerCommand> command, Class<T> expected) {
    return ask(peer, command, expected, timeout);
  }

  /**
   * Asks a peer; a {@link PeerReply.Rejected} fails the stage with a {@link PeerException}, no
   * answer within {@code within} with a {@code TimeoutException}.
   */
  public <T extends PeerReply> CompletionStage<T> ask(
      PeerName peer,
      Function<ActorRef<PeerReply>, PeerCommand> command,
      Class<T> expected,
      Duration within) {
    return Stages.plain(
            sharding
                .entityRefFor(PeerEntity.ENTITY_TYPE_KEY, peer.value())
                .<PeerReply>ask(
                    replyTo -> {
                      PeerCommand asked = command.apply(replyTo);
                      // A mutation carries a deadline a margin before the caller's: the peer drops
                      // it if its batch has not started by then, rather than apply it after the
                      // caller gave up (the margin leaves the batch time to answer).
                      return asked instanceof PeerCommand.Mutation mutation
                          ? new PeerCommand.Until(mutation, System.currentTimeMillis() + startBy(within))
                          : asked;
                    },
                    within))
        .thenApply(
            reply -> {
              if (reply instanceof Rejected rejected) {
                throw new PeerException(rejected.error(), rejected.detail());
              }
              return expected.cast(reply);
            });
  }

  /** How long a mutation may wait for its batch: its caller's wait less a quarter (at most 2 s). */
  static long startBy(Duration within) {
    long wait = within.toMillis();
    return wait - Math.min(wait / 4, 2_000);
  }

  private CompletionStage<Void> onBlocking(Runnable work) {
    return CompletableFuture.runAsync(work, blocking);
  }
}
