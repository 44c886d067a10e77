package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.NodeMain;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.store.DatabaseSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node must keep on every database: every peer and record across a clean restart, and
 * every acknowledged write across {@code kill -9} of the node's process.
 */
abstract class DurabilityContract {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int CLIENTS = 16;
  private static final int ACKED_BEFORE_KILL = 400;
  private static final int MANY_PEERS = 3_000;
  /** Compaction of the embedded database as often as it can run. */
  private static final String[] COMPACT_OFTEN = {
    "-Dsyncmesh.db.h2-compaction.every=50ms", "-Dsyncmesh.db.h2-compaction.after-writes=1"
  };

  @TempDir Path folder;

  /** A fresh database for one test, in or under {@code folder}. */
  abstract DatabaseSettings database(Path folder);

  /** Environment variables that make a node process use {@link #database}. */
  abstract Map<String, String> environment(DatabaseSettings database, Path folder);

  @Test
  void aRestartedNodeHasEveryPeerAndRecord() {
    DatabaseSettings database = database(folder);
    String head;
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.on(database))) {
      Api api = new Api(node.httpBaseUri());
      api.created("alpha");
      api.created("beta");
      for (int i = 0; i < 30; i++) {
        api.ok(api.put("alpha", "tasks/t" + i, "{\"i\":" + i + "}"));
      }
      api.ok(api.send("POST", "/peers/beta/transactions",
          "{\"message\":\"import\",\"writes\":[{\"key\":\"a/1\",\"value\":{\"v\":1}},{\"key\":\"a/2\",\"value\":{\"v\":2}}]}"));
      api.ok(api.send("PUT", "/peers/beta/autocommit", "{\"mode\":\"batch\"}"));
      api.ok(api.put("beta", "a/3", "{\"v\":3}"));
      head = api.json(api.get("/peers/alpha")).path("head").asText();
    }
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.on(database))) {
      Api api = new Api(node.httpBaseUri());
      assertThat(api.json(api.get("/peers")).path("peers").toString()).isEqualTo("[\"alpha\",\"beta\"]");
      JsonNode alpha = api.json(api.get("/peers/alpha"));
      assertThat(alpha.path("head").asText()).isEqualTo(head);
      assertThat(alpha.path("records").asInt()).isEqualTo(30);
      assertThat(api.get("/peers/alpha/records/tasks/t29").body()).isEqualTo("{\"i\":29}");
      assertThat(api.json(api.get("/peers/alpha/log?limit=1000")).path("commits").size()).isEqualTo(30);
      JsonNode beta = api.json(api.get("/peers/beta"));
      assertThat(beta.path("autocommit").asText()).isEqualTo("batch");
      assertThat(beta.path("workingSetSize").asInt()).isEqualTo(1);
      assertThat(api.get("/peers/beta/records/a/3").body()).isEqualTo("{\"v\":3}");
      assertThat(api.json(api.send("POST", "/peers/beta/commit", "{}")).path("changed").asInt()).isEqualTo(1);
    } finally {
      drop(database);
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
    DatabaseSettings database = database(folder);
    int httpPort = TestNodes.freePort();
    Process process = startProcess(database, httpPort);
    Map<String, String> acked = new ConcurrentHashMap<>();
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + httpPort));
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> api.reachable());
      List<String> peers = List.of("k1", "k2", "k3", "k4");
      peers.forEach(api::created);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger failures = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.execute(() -> {
          for (int n = 0; !stop.get(); n++) {
            String peer = peers.get(client % peers.size());
            String key = "burst/c" + client + "-" + n;
            try {
              HttpResponse<String> reply = api.put(peer, key, "{\"client\":" + client + ",\"n\":" + n + "}");
              if (reply.statusCode() == 201) {
                acked.put(peer + "|" + key, reply.headers().firstValue("ETag").orElseThrow());
              }
            } catch (RuntimeException e) {
              failures.incrementAndGet(); // the node is gone: not acknowledged
            }
          }
        });
      }
      await().atMost(DEADLINE).until(() -> acked.size() >= ACKED_BEFORE_KILL);
      process.destroyForcibly(); // SIGKILL, while the clients are still writing
      process.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    Map<String, String> survived = Map.copyOf(acked);
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.on(database))) {
      Api api = new Api(node.httpBaseUri());
      List<String> lost = new ArrayList<>();
      survived.forEach((peerAndKey, etag) -> {
        String[] parts = peerAndKey.split("\\|");
        HttpResponse<String> read = api.get("/peers/" + parts[0] + "/records/" + parts[1]);
        if (read.statusCode() != 200 || !etag.equals(read.headers().firstValue("ETag").orElse(""))) {
          lost.add(peerAndKey);
        }
      });
      assertThat(lost).as("acknowledged writes lost after kill -9 (of " + survived.size() + ")").isEmpty();
      assertThat(api.put("k1", "after/restart", "{}").statusCode()).isEqualTo(201);
    } finally {
      drop(database);
    }
  }

  /**
   * Thousands of peers created and written by concurrent clients while the embedded database is
   * compacted again and again, the node killed while they write: every peer whose creation was
   * acknowledged exists afterwards, and every acknowledged record is there with its ETag. (A node
   * whose compaction had set H2's retention time to 0 lost some of the last ones here.)
   */
  @Test
  void everyAcknowledgedWriteOfThousandsOfPeersSurvivesKillMinusNineDuringCompaction()
      throws Exception {
    DatabaseSettings database = database(folder);
    int httpPort = TestNodes.freePort();
    Process process =
        startProcess(database, httpPort, COMPACT_OFTEN);
    Set<String> ackedPeers = ConcurrentHashMap.newKeySet();
    Map<String, String> ackedRecords = new ConcurrentHashMap<>();
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + httpPort));
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> api.reachable());
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.execute(() -> {
          // Each client creates its share of the peers and writes one record to each.
          for (int index = client; index < MANY_PEERS; index += CLIENTS) {
            String peer = "p" + index;
            HttpResponse<String> created = api.send("POST", "/peers", "{\"name\":\"" + peer + "\"}");
            if (created.statusCode() != 201) {
              continue;
            }
            ackedPeers.add(peer);
            HttpResponse<String> reply = api.put(peer, "issues/r1", "{\"title\":\"" + peer + "\"}");
            if (reply.statusCode() == 201) {
              ackedRecords.put(peer + "|issues/r1", reply.headers().firstValue("ETag").orElseThrow());
            }
          }
        });
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
      // SIGKILL right after the last acknowledgement, while the database is compacted.
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      assertThat(ackedRecords).hasSize(MANY_PEERS);
    } finally {
      process.destroyForcibly();
    }

    Set<String> peers = Set.copyOf(ackedPeers);
    Map<String, String> records = Map.copyOf(ackedRecords);
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.on(database))) {
      Api api = new Api(node.httpBaseUri());
      List<String> lost = Collections.synchronizedList(new ArrayList<>());
      ExecutorService readers = Executors.newFixedThreadPool(8);
      peers.forEach(peer -> readers.execute(() -> {
        if (api.get("/peers/" + peer).statusCode() != 200) {
          lost.add(peer);
        }
      }));
      records.forEach((peerAndKey, etag) -> readers.execute(() -> {
        String[] parts = peerAndKey.split("\\|");
        HttpResponse<String> read = api.get("/peers/" + parts[0] + "/records/" + parts[1]);
        if (read.statusCode() != 200 || !etag.equals(read.headers().firstValue("ETag").orElse(""))) {
          lost.add(peerAndKey);
        }
      }));
      readers.shutdown();
      assertThat(readers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
      assertThat(lost)
          .as("acknowledged writes lost after kill -9 (of %d peers, %d records)", peers.size(), records.size())
          .isEmpty();
    } finally {
      drop(database);
    }
  }

  void drop(DatabaseSettings database) {}

  private Process startProcess(DatabaseSettings database, int httpPort, String... jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SYNCMESH_"));
    builder.environment().put("SYNCMESH_HTTP_PORT", Integer.toString(httpPort));
    int[] ports = TestNodes.freePortsBesides(2, httpPort);
    builder.environment().put("SYNCMESH_MANAGEMENT_PORT", Integer.toString(ports[0]));
    builder.environment().put("SYNCMESH_REMOTING_PORT", Integer.toString(ports[1]));
    builder.environment().putAll(environment(database, folder));
    builder.redirectErrorStream(true);
    builder.redirectOutput(folder.resolve("node.log").toFile());
    return builder.start();
  }

  /** A small client of the mesh API. */
  static final class Api {
    private final dev.syncmesh.testing.MeshApi client;

    Api(URI base) {
      this.client = new dev.syncmesh.testing.MeshApi(base);
    }

    boolean reachable() {
      try {
        return get("/peers").statusCode() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    }

    void created(String peer) {
      HttpResponse<String> reply = send("POST", "/peers", "{\"name\":\"" + peer + "\"}");
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    }

    HttpResponse<String> put(String peer, String key, String json) {
      return send("PUT", "/peers/" + peer + "/records/" + key, json);
    }

    HttpResponse<String> get(String path) {
      return send("GET", path, null);
    }

    HttpResponse<String> send(String method, String path, String json) {
      return client.send(method, path, json);
    }

    void ok(HttpResponse<String> reply) {
      assertThat(reply.statusCode() / 100).as(reply.body()).isEqualTo(2);
    }

    JsonNode json(HttpResponse<String> reply) {
      ok(reply);
      return TestNodes.json(reply);
    }
  }
}
