package dev.syncmesh.feed;

import dev.syncmesh.feed.ChangeFeed.ChangeSet;
import dev.syncmesh.feed.ChangeFeed.Step;
import dev.syncmesh.history.Frontier;
import dev.syncmesh.peer.PeerEntity;
import dev.syncmesh.peer.PeerEvent;
import dev.syncmesh.peer.PeerReply.Position;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.peer.PeerState;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.PeerName;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The change feed of a peer: a page of the commits since a frontier, or a live feed that goes on
 * with every commit as it happens. The live part reads the peer's events from the journal's query
 * side, from the event after the roots it started with, without waking the peer; each event that
 * moves the head sends the commits it added. A feed holds nothing once its stream is cancelled
 * (the client went away).
 */
public final class FeedService {
  private final PeerService peers;
  private final ChangeFeed feed;
  private final EventsByPersistenceIdQuery journal;
  private final Executor blocking;

  public FeedService(
      PeerService peers, ChangeFeed feed, EventsByPersistenceIdQuery journal, Executor blocking) {
    this.peers = peers;
    this.feed = feed;
    this.journal = journal;
    this.blocking = blocking;
  }

  public CompletionStage<ChangeFeed.Page> page(
      PeerName peer, Frontier since, int limit, int changeLimit) {
    return peers
        .position(peer)
        .thenApplyAsync(position -> feed.page(position.roots(), since, limit, changeLimit), blocking);
  }

  /**
   * The commits since {@code since}, then each new one as it happens; an unknown peer or a
   * frontier outside its history fails the stage instead (before any answer starts).
   */
  public CompletionStage<Source<ChangeSet, NotUsed>> follow(
      PeerName peer, Frontier since, int changeLimit) {
    return peers
        .position(peer)
        .thenApplyAsync(
            position -> {
              feed.check(position.roots(), since);
              return live(peer, position, since, changeLimit);
            },
            blocking);
  }

  private Source<ChangeSet, NotUsed> live(
      PeerName peer, Position position, Frontier since, int changeLimit) {
    return heads(peer, position)
        .scanAsync(
            Step.from(since),
            (step, head) -> CompletableFuture.supplyAsync(() -> feed.advance(step, head), blocking))
        .mapConcat(Step::commits)
        .mapAsync(
            1,
            entry -> CompletableFuture.supplyAsync(() -> feed.changeSet(entry, changeLimit), blocking));
  }

  /** The head of {@code position}, then every head the peer's later events move to. */
  private Source<Hash, NotUsed> heads(PeerName peer, Position position) {
    Hash now = position.roots().head();
    String id = PersistenceId.of(PeerEntity.ENTITY_TYPE_KEY.name(), peer.value()).id();
    Source<Hash, NotUsed> later =
        journal
            .eventsByPersistenceId(id, position.sequenceNr() + 1, Long.MAX_VALUE)
            .map(envelope -> Optional.ofNullable(PeerState.Active.headAfter((PeerEvent) envelope.event())))
            .filter(Optional::isPresent)
            .map(Optional::get);
    return now == null ? later : Source.single(now).concat(later);
  }
}
