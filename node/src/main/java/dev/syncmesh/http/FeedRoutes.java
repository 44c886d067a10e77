package dev.syncmesh.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.syncmesh.feed.ChangeFeed;
import dev.syncmesh.feed.FeedService;
import dev.syncmesh.history.Frontier;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The change feed (docs/API.md): {@code GET /peers/{peer}/changes} answers a page of the commits
 * since a commit, each with its changes, as JSON; with {@code feed=continuous} (or {@code Accept:
 * text/event-stream}) it streams them as server-sent events and goes on with each new commit,
 * resuming after {@code Last-Event-ID} when a client reconnects.
 */
public final class FeedRoutes extends AllDirectives {
  static final int DEFAULT_COMMITS = 100;
  static final int MAX_COMMITS = 1000;
  static final String EVENT_STREAM = "text/event-stream";
  /** The type of a commit's event; heartbeats have none. */
  static final String COMMIT_EVENT = "commit";

  /** A commit as the log lists it, and its changes against its first parent. */
  record FeedCommit(
      @JsonUnwrapped PeerJson.LogEntry commit,
      long size,
      List<PeerJson.ChangeEntry> changes,
      String changesNext) {}

  record FeedPage(List<Hash> since, Hash head, List<FeedCommit> commits, String next) {}

  private final FeedService feeds;
  private final Duration heartbeat;

  public FeedRoutes(FeedService feeds, Duration heartbeat) {
    this.feeds = feeds;
    this.heartbeat = heartbeat;
  }

  public Route route() {
    return PeerRoutes.ofPeer(name -> path("changes", () -> get(() -> changes(PeerName.of(name)))));
  }

  private Route changes(PeerName peer) {
    return parameterOptional(
        "since",
        since ->
            parameterOptional(
                "limit",
                limit ->
                    parameterOptional(
                        "changeLimit",
                        changeLimit ->
                            parameterOptional(
                                "feed",
                                feed ->
                                    optionalHeaderValueByName(
                                        "Accept",
                                        accept ->
                                            optionalHeaderValueByName(
                                                "Last-Event-ID",
                                                lastEvent -> {
                                                  int perCommit =
                                                      RequestInputs.limit(
                                                          changeLimit,
                                                          "changeLimit",
                                                          ChangeFeed.MAX_COMMIT_CHANGES,
                                                          ChangeFeed.MAX_COMMIT_CHANGES);
                                                  if (continuous(feed, accept)) {
                                                    return follow(
                                                        peer,
                                                        RequestInputs.since(
                                                            lastEvent.isPresent() ? lastEvent : since),
                                                        perCommit);
                                                  }
                                                  return onSuccess(
                                                      feeds.page(
                                                          peer,
                                                          RequestInputs.since(since),
                                                          RequestInputs.limit(
                                                              limit, "limit", DEFAULT_COMMITS, MAX_COMMITS),
                                                          perCommit),
                                                      page -> Json.ok(page(page)));
                                                }))))));
  }

  /** Whether the client asked for the continuous feed, by parameter or by what it accepts. */
  private static boolean continuous(Optional<String> feed, Optional<String> accept) {
    if (feed.isPresent()) {
      return switch (feed.get()) {
        case "continuous" -> true;
        case "normal" -> false;
        default -> throw new InvalidInputException(
            Problem.INVALID_PARAMETER, "feed must be continuous or normal, not " + feed.get());
      };
    }
    return accept.filter(types -> types.contains(EVENT_STREAM)).isPresent();
  }

  /**
   * The peer and the start are checked before the stream begins: they are refused with an error
   * status, not a stream that ends at once.
   */
  private Route follow(PeerName peer, Frontier since, int changeLimit) {
    return onSuccess(
        feeds.follow(peer, since, changeLimit),
        changes ->
            completeOK(
                changes.map(FeedRoutes::event).keepAlive(heartbeat, ServerSentEvent::heartbeat),
                EventStreamMarshalling.toEventStream()));
  }

  private static ServerSentEvent event(ChangeFeed.ChangeSet set) {
    String data = new String(Json.bytes(commit(set)), StandardCharsets.UTF_8);
    return ServerSentEvent.create(data, COMMIT_EVENT, set.entry().hash().hex());
  }

  private static FeedPage page(ChangeFeed.Page page) {
    return new FeedPage(
        page.since().tips(),
        page.head(),
        page.commits().stream().map(FeedRoutes::commit).toList(),
        page.next() == null ? null : page.next().text());
  }

  private static FeedCommit commit(ChangeFeed.ChangeSet set) {
    return new FeedCommit(
        PeerJson.logEntry(set.entry()),
        set.changes().size(),
        PeerJson.changes(set.changes()),
        PeerJson.next(set.changes()));
  }
}
