package dev.syncmesh.node;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.syncmesh.http.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A feature as the real ones will be: it initialises sharding for {@link Counter} and serves
 * routes under /api, plus a few routes that fail on purpose to exercise the error handling.
 */
final class TestFeature extends AllDirectives implements NodeFeature {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  record AddRequest(int amount) {}

  @Override
  public Route start(NodeContext node) {
    ClusterSharding sharding = ClusterSharding.get(node.system());
    sharding.init(Entity.of(Counter.TYPE_KEY, context -> Counter.create(context.getEntityId())));
    return concat(
        pathPrefix(
            "counters",
            () ->
                path(
                    segment(),
                    id -> {
                      EntityRef<Counter.Command> counter = sharding.entityRefFor(Counter.TYPE_KEY, id);
                      return concat(
                          get(
                              () ->
                                  onSuccess(
                                      counter.<Counter.Value>ask(Counter.Get::new, ASK_TIMEOUT), Json::ok)),
                          post(
                              () ->
                                  entity(
                                      Json.unmarshaller(AddRequest.class),
                                      add ->
                                          onSuccess(
                                              counter.<Counter.Value>ask(
                                                  replyTo -> new Counter.Add(add.amount(), replyTo),
                                                  ASK_TIMEOUT),
                                              Json::ok))));
                    })),
        path("echo", () -> post(() -> entity(Json.tree(), body -> Json.ok(Map.of("fields", body.size()))))),
        path("boom", () -> get(() -> failWith(new IllegalStateException("internal detail")))),
        path(
            "ask-timeout",
            () ->
                get(
                    () ->
                        onSuccess(
                            CompletableFuture.<String>failedFuture(new TimeoutException("ask")),
                            this::complete))),
        path(
            "slow",
            () ->
                get(
                    () ->
                        withRequestTimeout(
                            Duration.ofMillis(300),
                            () -> onSuccess(new CompletableFuture<String>(), this::complete)))));
  }
}
