package dev.syncmesh.sync;

import dev.syncmesh.node.Stages;
import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerEntity;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.protocol.model.Hash;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A remote that is a peer of this mesh: asked through sharding, wherever it lives. The object
 * store is shared by the mesh, so a fetch moves nothing; a push is the remote peer's
 * compare-and-swap.
 */
public final class MeshLink implements RemoteLink {
  private final ClusterSharding sharding;
  private final String peer;
  private final Duration timeout;

  public MeshLink(ClusterSharding sharding, String peer, Duration timeout) {
    this.sharding = sharding;
    this.peer = peer;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<RemoteHead> head(Deadline deadline) {
    return ask(PeerCommand.GetRoots::new)
        .thenApply(reply -> new RemoteHead(((PeerReply.Roots) reply).head()));
  }

  @Override
  public CompletionStage<Transfer> fetch(
      Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter) {
    return CompletableFuture.completedFuture(Transfer.NONE);
  }

  @Override
  public CompletionStage<Transfer> push(
      Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
    return ask(replyTo -> new PeerCommand.ReceivePush(expected, newHead, replyTo))
        .thenApply(reply -> Transfer.NONE);
  }

  private CompletionStage<PeerReply> ask(Function<ActorRef<PeerReply>, PeerCommand> command) {
    return Stages.plain(
            sharding
                .entityRefFor(PeerEntity.ENTITY_TYPE_KEY, peer)
                .<PeerReply>ask(command::apply, timeout))
        .handle(
            (reply, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (cause instanceof TimeoutException || error instanceof TimeoutException) {
                  throw new SyncFailure(
                      SyncErrorKind.TIMEOUT, "peer " + peer + " did not answer within " + timeout);
                }
                throw new SyncFailure(
                    SyncErrorKind.NETWORK, "peer " + peer + " could not be asked: " + cause, cause);
              }
              if (reply instanceof PeerReply.Rejected rejected) {
                throw new SyncFailure(kindOf(rejected), rejected.detail());
              }
              return reply;
            });
  }

  private static SyncErrorKind kindOf(PeerReply.Rejected rejected) {
    return switch (rejected.error()) {
      case PEER_NOT_FOUND -> SyncErrorKind.NOT_FOUND;
      case NON_FAST_FORWARD -> SyncErrorKind.NON_FAST_FORWARD;
      case PUSH_REJECTED -> SyncErrorKind.REMOTE_REJECTED;
      case UNAVAILABLE -> SyncErrorKind.NETWORK;
      default -> SyncErrorKind.REMOTE_REJECTED;
    };
  }
}
