package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.remote.Credentials;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running session's live counters ({@code progress}), between two in-process nodes on their own
 * H2 databases so that objects really travel: the client's phases are held after their work
 * (chaos delay), and while they are held the session's answer and the cluster's list of sessions
 * show what the fetch stored and what the push sent, the same figures the finished result keeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionProgressTest {
  private static final String TOKEN = "progress-secret";
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** Packs of at most 100 objects on both sides, so the fetch and the push take several. */
  private static final PackLimits SMALL_PACKS = new PackLimits(100, 1 << 20, 16, 64 << 10);

  @TempDir static Path data;
  private SyncMeshNode server;
  private SyncMeshNode client;
  private MeshApi serverApi;
  private MeshApi clientApi;

  @BeforeAll
  void start() {
    server =
        SyncMeshNode.start(
            config("server", Map.of("syncmesh.tokens", "west=" + TOKEN)),
            List.of(new PeerFeature(new Credentials(name -> null), SMALL_PACKS)));
    String origin = server.httpBaseUri().toString().replaceAll("/$", "");
    Map<String, String> environment =
        Map.of("SYNCMESH_CREDENTIAL_WEST", TOKEN, "SYNCMESH_CREDENTIAL_WEST_URL", origin);
    client =
        SyncMeshNode.start(
            config("client", Map.of("syncmesh.chaos.phase-delay", "fetch:2500,push:2500")),
            List.of(new PeerFeature(new Credentials(environment::get), SMALL_PACKS)));
    serverApi = new MeshApi(server.httpBaseUri());
    clientApi = new MeshApi(client.httpBaseUri());
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRunningSessionShowsWhatItHasMovedSoFar() {
    serverApi.createPeer("src");
    serverApi.ok("PUT", "/peers/src/access", "{\"pull\":[\"west\"],\"push\":[\"west\"]}");
    transaction(serverApi, "src", 0, 300);
    clientApi.createPeer("dst");
    clientApi.ok(
        "PUT",
        "/peers/dst/remotes/up",
        "{\"url\":\"" + server.httpBaseUri() + "\",\"peer\":\"src\",\"credential\":\"west\"}");

    // The clone: its counters move while the fetch stores the pack (several, of 100 objects),
    // and hold the fetch's figures while the session is held after it.
    String clone = start("dst");
    JsonNode fetching = awaitProgress("dst", clone, progress -> progress.path("objectsReceived").asLong() > 0);
    assertThat(fetching.path("outcome").asText()).isEqualTo("RUNNING");
    assertThat(fetching.path("progress").path("updatedAt").asText()).isNotEmpty();
    long fetched = fetching.path("progress").path("objectsReceived").asLong();
    assertThat(clusterSession(clone).path("progress").path("objectsReceived").asLong())
        .isGreaterThanOrEqualTo(fetched);
    List<JsonNode> seen = new ArrayList<>();
    JsonNode cloned = awaitEnd("dst", clone, seen);
    assertThat(cloned.path("outcome").asText()).as(cloned.toString()).isEqualTo("FAST_FORWARD");
    assertThat(cloned.has("progress")).as("a finished result has no live counters").isFalse();
    JsonNode held = seen.get(seen.size() - 1).path("progress");
    assertThat(held.path("objectsReceived").asLong())
        .isEqualTo(cloned.path("objectsReceived").asLong())
        .isGreaterThan(301); // 300 blobs, the tree's nodes, the commit
    assertThat(held.path("bytesReceived").asLong()).isEqualTo(cloned.path("bytesReceived").asLong());
    assertThat(held.path("objectsSent").asLong()).isZero();

    // A push of one commit: held after it, the session shows the objects and commits sent.
    transaction(clientApi, "dst", 1000, 1200);
    String push = start("dst");
    JsonNode pushing = awaitProgress("dst", push, progress -> progress.path("commitsSent").asLong() == 1);
    JsonNode progress = pushing.path("progress");
    assertThat(progress.path("commitsToSend").asLong()).isEqualTo(1);
    assertThat(progress.path("objectsSent").asLong()).isGreaterThan(200); // 200 blobs, nodes, the commit
    assertThat(progress.path("bytesSent").asLong()).isGreaterThan(200 * 20);
    assertThat(progress.path("objectsReceived").asLong()).isZero(); // the remote had nothing new
    JsonNode pushed = awaitEnd("dst", push, new ArrayList<>());
    assertThat(pushed.path("outcome").asText()).as(pushed.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(pushed.path("pushed").asBoolean()).as(pushed.toString()).isTrue();
    assertThat(serverApi.head("src")).isEqualTo(clientApi.head("dst"));
  }

  private String start(String peer) {
    JsonNode started = clientApi.expect(202, "POST", "/peers/" + peer + "/sync", "{\"remote\":\"up\",\"wait\":false}");
    return started.path("sessionId").asText();
  }

  /** Polls the running session until its progress satisfies {@code condition}; that answer. */
  private JsonNode awaitProgress(String peer, String session, Predicate<JsonNode> condition) {
    return poll(peer, session, answer -> answer.has("progress") && condition.test(answer.path("progress")));
  }

  /** Polls the session to its end; the answers while it ran go into {@code running}. */
  private JsonNode awaitEnd(String peer, String session, List<JsonNode> running) {
    return poll(
        peer,
        session,
        answer -> {
          boolean ended = !answer.path("outcome").asText().equals("RUNNING");
          if (!ended && answer.has("progress")) {
            running.add(answer);
          }
          return ended;
        });
  }

  /** Asks for the session every 100 ms until an answer satisfies {@code done}; that answer. */
  private JsonNode poll(String peer, String session, Predicate<JsonNode> done) {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode answer = clientApi.get("/peers/" + peer + "/sync/sessions/" + session);
              seen.set(answer);
              return done.test(answer);
            });
    return seen.get();
  }

  /**
   * The session as the cluster lists it. The list is gathered from each member's registry through
   * the receptionist, which learns of registrations asynchronously, so this waits (within the
   * deadline) for the session to be listed with live counters.
   */
  private JsonNode clusterSession(String session) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              JsonNode listed = null;
              for (JsonNode candidate : clientApi.get("/cluster").path("sessions")) {
                if (candidate.path("sessionId").asText().equals(session)) {
                  listed = candidate;
                }
              }
              assertThat(listed).as("session %s among the cluster's sessions", session).isNotNull();
              assertThat(listed.has("progress")).as(listed.toString()).isTrue();
              found.set(listed);
            });
    return found.get();
  }

  private static void transaction(MeshApi api, String peer, int from, int to) {
    List<String> writes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      writes.add(String.format("{\"key\":\"issues/i-%06d\",\"value\":{\"title\":\"Issue %d\"}}", i, i));
    }
    api.ok("POST", "/peers/" + peer + "/transactions", "{\"writes\":[" + String.join(",", writes) + "]}");
  }

  private Config config(String name, Map<String, Object> extra) {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.resolve(name).toString());
    settings.putAll(extra);
    return NodeConfig.load(settings);
  }
}
