package dev.syncmesh.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.syncmesh.federation.Completeness;
import dev.syncmesh.federation.Intake;
import dev.syncmesh.federation.PackFailure;
import dev.syncmesh.federation.PackPlan;
import dev.syncmesh.federation.PackPlanner;
import dev.syncmesh.federation.PackReceiver;
import dev.syncmesh.federation.PackWriter;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.http.ApiToken;
import dev.syncmesh.peer.PeerCommand;
import dev.syncmesh.peer.PeerReply;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.peer.PeerState;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.remote.FederationWire.FetchRequest;
import dev.syncmesh.remote.FederationWire.HeadReply;
import dev.syncmesh.remote.FederationWire.PushReply;
import dev.syncmesh.remote.FederationWire.ResumePoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of federation: who a bearer token is ({@code SYNCMESH_TOKENS}), what the peer's
 * access list lets it do, and the three operations. A fetch plans what the caller lacks from its
 * haves and streams the pack as it is written; a push receives the pack (every object verified
 * before it is stored), checks that the new head is complete, and only then asks the peer for the
 * compare-and-swap, so the peer entity decides whether the head moves. Work that waits on the
 * caller's stream (writing a fetched pack, receiving a pushed one) runs on {@code streams}, so a
 * slow caller holds none of the threads of the peers' store work.
 */
public final class FederationService {
  private static final Logger log = LoggerFactory.getLogger(FederationService.class);

  /** An authenticated caller: the name of its token in {@code SYNCMESH_TOKENS}. */
  public record Caller(String tokenName) {}

  /** What a caller may do with a peer. */
  private enum Right {
    PULL,
    PUSH,
    ANY
  }

  private final PeerService peers;
  private final Map<String, ApiToken> tokens;
  private final PackPlanner planner;
  private final PackWriter writer;
  private final PackReceiver receiver;
  private final Completeness completeness;
  private final CommitGraph commits;
  private final Executor blocking;
  private final Executor streams;
  private final ActorSystem<?> system;
  private final Duration streamTimeout;
  private final FederationMeters meters;

  /**
   * Pushes in several parts (each a pack at its limits), between parts: what the earlier parts
   * brought and had checked, by peer, token and heads. Bounded; a part whose push was dropped
   * (evicted, or sent to another node) finds what it refers to missing, and the push starts over.
   */
  private final Cache<String, Intake> intakes =
      Caffeine.newBuilder()
          .maximumWeight(64L << 20)
          .<String, Intake>weigher((key, intake) -> intake.weight())
          .expireAfterAccess(Duration.ofMinutes(10))
          .build();

  public FederationService(
      PeerService peers,
      Map<String, ApiToken> tokens,
      FederationKit kit,
      ActorSystem<?> system,
      Executor streams,
      Duration streamTimeout) {
    this.peers = peers;
    this.tokens = Map.copyOf(tokens);
    this.planner = kit.planner();
    this.writer = kit.writer();
    this.receiver = kit.receiver();
    this.completeness = kit.completeness();
    this.commits = kit.commits();
    this.meters = kit.meters();
    this.blocking = peers.blocking();
    this.system = system;
    this.streams = streams;
    this.streamTimeout = streamTimeout;
  }

  /** The caller a presented token names; every configured token is compared. */
  public Optional<Caller> authenticate(String presented) {
    Caller found = null;
    for (Map.Entry<String, ApiToken> entry : tokens.entrySet()) {
      if (entry.getValue().matches(presented)) {
        found = new Caller(entry.getKey());
      }
    }
    return Optional.ofNullable(found);
  }

  public CompletionStage<HeadReply> head(PeerName peer, Caller caller) {
    return allowed(peer, caller, Right.ANY)
        .thenApply(
            state -> new HeadReply(peer.value(), state.head() == null ? null : state.head().hex()));
  }

  /**
   * The pack that takes a caller holding {@code request.haves()} to {@code request.want()} (the
   * head if not given), from {@code request.resume()}; written while it is sent.
   */
  public CompletionStage<Source<ByteString, NotUsed>> fetch(
      PeerName peer, Caller caller, FetchRequest request) {
    return allowed(peer, caller, Right.PULL)
        .thenApplyAsync(state -> plan(state, request), blocking)
        .thenApply(this::stream);
  }

  private PackPlan plan(PeerState.Active state, FetchRequest request) {
    Hash head = state.head();
    Hash want = request.want() == null ? head : Hash.parse(request.want());
    if (want == null
        || head == null
        || commits.find(want).isEmpty() // a hash from the caller: maybe no commit stored here
        || !(want.equals(head) || commits.isAncestor(want, head))) {
      throw new FederationRefusal(
          404, "commit-not-found", "commit " + want + " is not in the history of " + state.name());
    }
    ResumePoint resume = request.resume();
    return planner.planWithin(
        head, want, FederationWire.hashes(request.haves()), resume == null ? null : resume.toResume());
  }

  private Source<ByteString, NotUsed> stream(PackPlan plan) {
    Pair<OutputStream, Source<ByteString, NotUsed>> pipe =
        StreamConverters.asOutputStream(streamTimeout).preMaterialize(system);
    streams.execute(
        () -> {
          try (OutputStream out = new MeteredOutput(pipe.first(), meters.serverOut()::increment)) {
            writer.write(plan, out);
          } catch (IOException e) {
            log.debug("a fetch of {} ended early: {}", plan.target(), e.toString());
          } catch (RuntimeException e) {
            log.warn("writing the pack of {} failed; the caller sees it cut short", plan.target(), e);
          }
        });
    return pipe.second();
  }

  /**
   * Receives the pack in {@code body}, then moves the peer's head from {@code expected} to {@code
   * head} through the peer's own compare-and-swap. A pack that says more follows is stored and
   * answered with {@code complete: false}; the head moves with the last part.
   */
  public CompletionStage<PushReply> push(
      PeerName peer, Caller caller, Hash expected, Hash head, Source<ByteString, ?> body) {
    return allowed(peer, caller, Right.PUSH)
        .thenCompose(
            state -> {
              InputStream in = body.runWith(StreamConverters.asInputStream(streamTimeout), system);
              return CompletableFuture.supplyAsync(
                      () -> receive(in, state, caller, expected, head), streams)
                  .thenCompose(
                      received ->
                          received.complete()
                              ? swap(peer, expected, head).thenApply(done -> received)
                              : CompletableFuture.completedFuture(received));
            });
  }

  /**
   * Receives one part of a push: its commits must hold only what this push brought or the peer's
   * own history holds (see {@link Intake}); the last part must complete {@code head}.
   */
  private PushReply receive(
      InputStream in, PeerState.Active state, Caller caller, Hash expected, Hash head) {
    String key = String.join(" ", state.name(), caller.tokenName(), hex(expected), hex(head));
    Intake intake = intakes.getIfPresent(key);
    if (intake == null || !intake.intoHead(state.head())) {
      intake = Intake.into(completeness, state.head()); // a first part, or the peer moved since
    }
    PackReceiver.Received received;
    try (in) {
      received = receiver.receive(in);
    } catch (IOException e) {
      intakes.invalidate(key);
      throw new FederationRefusal(400, "pack-io", "reading the pack failed: the stream broke");
    }
    meters.serverIn().increment(received.bytesReceived());
    PackFailure failure = received.ok() ? intake.take(received) : received.failure();
    if (failure == null && received.complete()) {
      failure = intake.reaches(head);
    }
    if (failure != null || received.complete()) {
      intakes.invalidate(key);
    } else {
      intakes.put(key, intake); // the next part goes on from here
    }
    if (failure != null) {
      throw FederationRefusal.of(failure);
    }
    return new PushReply(
        head.hex(),
        received.complete(),
        FederationWire.hex(received.commits()),
        ResumePoint.of(received.resume()),
        received.objectsReceived(),
        received.bytesReceived());
  }

  private CompletionStage<PeerReply> swap(PeerName peer, Hash expected, Hash head) {
    return peers.ask(
        peer,
        replyTo -> new PeerCommand.ReceivePush(expected, head, replyTo),
        PeerReply.class,
        peers.timeout());
  }

  private CompletionStage<PeerState.Active> allowed(PeerName peer, Caller caller, Right right) {
    Objects.requireNonNull(caller, "caller");
    return peers
        .state(peer)
        .thenApply(
            state -> {
              boolean pull = state.access().mayPull(caller.tokenName());
              boolean push = state.access().mayPush(caller.tokenName());
              boolean ok =
                  switch (right) {
                    case PULL -> pull;
                    case PUSH -> push;
                    case ANY -> pull || push;
                  };
              if (!ok) {
                throw new FederationRefusal(
                    403,
                    "forbidden",
                    "token '"
                        + caller.tokenName()
                        + "' may not "
                        + (right == Right.ANY ? "pull or push" : right.name().toLowerCase())
                        + " peer "
                        + peer.value()
                        + " (see its access list)");
              }
              return state;
            });
  }

  private static String hex(Hash hash) {
    return hash == null ? "-" : hash.hex();
  }
}
