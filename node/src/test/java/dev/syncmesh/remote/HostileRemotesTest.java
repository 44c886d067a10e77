package dev.syncmesh.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.federation.PackLimits;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.testing.MeshApi;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node syncing with remotes of "other meshes" that misbehave on purpose ({@link HostileRemote},
 * raw sockets on loopback): each session ends with a typed error in bounded time, the node reads a
 * bounded part of what they send, a call that stalls is broken off at the phase's deadline (the
 * remote sees its connection closed), and remotes that stall never take the threads that serve
 * the node's own callers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRemotesTest {
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(4);
  /** Phase timeout plus what a failed session needs to be persisted and answered. */
  private static final Duration ENDS_WITHIN = PHASE_TIMEOUT.plusSeconds(4);
  private static final int MAX_ROUNDS = 10;
  /** Packs of at most 2 MiB of objects: a pack without end is refused early. */
  private static final PackLimits PACKS = new PackLimits(100_000, 2L << 20, 256, 1L << 20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path data;
  private HostileRemote remote;
  private SyncMeshNode node;
  private MeshApi api;

  @BeforeAll
  void start() {
    remote = new HostileRemote();
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.sync.phase-timeout", PHASE_TIMEOUT.toMillis() + "ms");
    settings.put("syncmesh.federation.attempts", 2);
    settings.put("syncmesh.federation.backoff-min", "50ms");
    settings.put("syncmesh.federation.max-fetch-rounds", MAX_ROUNDS);
    node =
        SyncMeshNode.start(
            NodeConfig.load(settings), List.of(new PeerFeature(new Credentials(name -> null), PACKS)));
    api = new MeshApi(node.httpBaseUri());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (remote != null) {
      remote.close();
    }
  }

  @Test
  void aThreeGigabyteHeadIsRefusedAfterTheAnswerBound() {
    JsonNode result = syncWith("huge-head", "p-huge-head");
    assertFailed(result, "INVALID_DATA");
    assertThat(result.path("error").path("message").asText()).contains("larger than");
    // 1 MiB read, plus what the sockets buffered before the client closed.
    assertThat(remote.bytesWritten("huge-head")).isLessThan(64L << 20);
  }

  @Test
  void aHeadThatStallsAfterItsHeadersTimesOutAndTheCallIsBrokenOff() {
    assertTimesOutAndIsBrokenOff("stalled-head");
  }

  @Test
  void aThreeGigabytePackIsRefusedAtThePackLimit() {
    JsonNode result = syncWith("huge-fetch", "p-huge-fetch");
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").path("kind").asText()).isEqualTo("INVALID_DATA");
    assertThat(result.path("error").path("message").asText()).contains("over its limit");
    // At most one pack's 2 MiB per attempt, plus the sockets' buffers: nowhere near 3 GB.
    assertThat(remote.bytesWritten("huge-fetch")).isLessThan(64L << 20);
  }

  @Test
  void aPackThatTricklesTimesOutAtThePhasesDeadline() {
    assertTimesOutAndIsBrokenOff("dripping-fetch");
  }

  @Test
  void packsThatSayMoreFollowsForeverAreRefusedAfterTheRoundsOfOneFetch() {
    JsonNode result = syncWith("endless-fetch", "p-endless");
    assertFailed(result, "INVALID_DATA");
    assertThat(result.path("error").path("message").asText()).contains(MAX_ROUNDS + " packs");
    assertThat(remote.requests("endless-fetch/fetch")).isEqualTo(MAX_ROUNDS);
  }

  @Test
  void remotesThatStallDoNotTakeTheThreadsThatServeTheNodesOwnCallers() throws Exception {
    // More stalled sessions than the link's 16 threads, all waiting at once.
    List<CompletableFuture<JsonNode>> stalled = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String peer = "p-crowd-" + i;
      api.createPeer(peer);
      remoteOf(peer, "stalled-head");
      stalled.add(CompletableFuture.supplyAsync(() -> api.sync(peer, "hostile", null)));
    }
    awaitRequests("stalled-head", 16);
    api.createPeer("p-own");
    // The node's own API and its federation API answer at once meanwhile.
    long started = System.nanoTime();
    api.put("p-own", "issues/1", "{\"title\":\"still served\"}");
    assertThat(api.record("p-own", "issues/1")).contains("still served");
    HttpResponse<String> federation =
        HTTP.send(
            HttpRequest.newBuilder(node.httpBaseUri().resolve("/federation/v1/peers/p-own/head"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(federation.statusCode()).isLessThan(500);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    for (CompletableFuture<JsonNode> session : stalled) {
      assertFailed(session.get(), "TIMEOUT");
    }
  }

  /** The session ends with TIMEOUT in bounded time, and the remote sees its answer cut off. */
  private void assertTimesOutAndIsBrokenOff(String behaviour) {
    long started = System.nanoTime();
    JsonNode result = syncWith(behaviour, "p-" + behaviour);
    assertFailed(result, "TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ENDS_WITHIN);
    await(() -> remote.cutOff(behaviour) > 0, behaviour + "'s connection closed by the node");
  }

  private JsonNode syncWith(String behaviour, String peer) {
    api.createPeer(peer);
    remoteOf(peer, behaviour);
    return api.sync(peer, "hostile", null);
  }

  private void remoteOf(String peer, String behaviour) {
    api.ok(
        "PUT",
        "/peers/" + peer + "/remotes/hostile",
        "{\"url\":\"" + remote.url() + "\",\"peer\":\"" + behaviour + "\"}");
  }

  private void awaitRequests(String behaviour, int count) {
    await(() -> remote.requests(behaviour) >= count, count + " requests to " + behaviour);
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void assertFailed(JsonNode result, String kind) {
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").path("kind").asText()).as(result.toString()).isEqualTo(kind);
    assertThat(result.path("error").path("message").asText()).doesNotContain("java.", "Exception", "jdbc:");
  }
}
