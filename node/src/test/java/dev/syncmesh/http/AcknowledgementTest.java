package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.syncmesh.store.DatabaseException;
import dev.syncmesh.store.Durability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that may change something is answered only once the database says its commits are
 * durable; a read is answered at once; a failed flush fails the request.
 */
class AcknowledgementTest {
  private static final ActorTestKit kit =
      ActorTestKit.create(
          "acknowledgement",
          ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final GatedDurability durability = new GatedDurability();
  private static URI base;

  @BeforeAll
  static void bind() throws Exception {
    Route feature =
        Directives.path(
            "thing",
            () ->
                Directives.concat(
                    Directives.get(() -> Directives.complete("read")),
                    Directives.put(() -> Directives.complete("written"))));
    Route root =
        Directives.path("federation", () -> Directives.post(() -> Directives.complete("pushed")));
    ServerBinding binding =
        Http.get(kit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(ApiRoute.create(List.of(feature), List.of(root), Optional.empty(), durability))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aChangeIsAnsweredOnlyOnceItIsDurableAndAReadAtOnce() throws Exception {
    CompletableFuture<Void> gate = durability.hold();
    CompletableFuture<HttpResponse<String>> write = send("PUT", "/api/thing");
    CompletableFuture<HttpResponse<String>> push = send("POST", "/federation");
    assertThat(send("GET", "/api/thing").get(10, TimeUnit.SECONDS).body()).isEqualTo("read");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !write.isDone() && !push.isDone());

    gate.complete(null);
    assertThat(write.get(10, TimeUnit.SECONDS).body()).isEqualTo("written");
    assertThat(push.get(10, TimeUnit.SECONDS).body()).isEqualTo("pushed");
  }

  @Test
  void aFailedFlushFailsTheRequest() throws Exception {
    CompletableFuture<Void> gate = durability.hold();
    CompletableFuture<HttpResponse<String>> write = send("PUT", "/api/thing");
    gate.completeExceptionally(new DatabaseException("disk full", null));
    HttpResponse<String> reply = write.get(10, TimeUnit.SECONDS);
    assertThat(reply.statusCode()).isEqualTo(500);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(reply.body()).doesNotContain("written");
  }

  private static CompletableFuture<HttpResponse<String>> send(String method, String path) {
    return client.sendAsync(
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A durability whose flushes complete when the test says so. */
  private static final class GatedDurability implements Durability {
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Flushes from now on wait for the returned future. */
    CompletableFuture<Void> hold() {
      gate = new CompletableFuture<>();
      return gate;
    }

    @Override
    public CompletionStage<Void> flushed() {
      return gate;
    }

    @Override
    public void close() {}
  }
}
