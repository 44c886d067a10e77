package dev.syncmesh.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.ops.chaos.SyncFailoverDrill.Outcome;
import dev.syncmesh.ops.chaos.SyncFailoverDrill.Pair;
import dev.syncmesh.ops.harness.MeshClient;
import dev.syncmesh.ops.harness.MeshHarness;
import dev.syncmesh.ops.harness.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three node processes on MariaDB, shared by the tests; {@code kill -9} of the node that runs a
 * peer while it works, and every node running again before each test.
 *
 * <p>Sessions: for each phase in turn, node 0 holds sessions in that phase ({@code
 * SYNCMESH_CHAOS_PHASE_DELAY}, set when it restarts); a peer on node 0 syncs with a peer on another
 * node, and node 0 is killed while {@code GET /cluster} shows the session in that phase. The session
 * must end on another node exactly once: merged with the conflict settled, one merge commit, the
 * push landed, both peers holding the merged records, and the resume counted.
 *
 * <p>Writes: concurrent clients write to one peer through every running node; its node is killed
 * in the middle of the burst. Every acknowledged write is there afterwards, read through a
 * surviving node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillNodeTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** Longer than any run of the test needs; shorter than the phase timeout (60 s). */
  private static final String HOLD = ":45000";
  private static final int WRITERS = 8;

  private MeshHarness mesh;
  private MeshClient client;

  @BeforeAll
  void start() {
    mesh = MeshHarness.builder().nodes(3).env(0, SyncFailoverDrill.PHASE_DELAY, "fetch" + HOLD).start();
    client = new MeshClient(mesh);
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  /** Restarts what a test killed (with new variables for node 0, if given) and waits until all are Up. */
  private void everyNodeUp(Map<String, String> node0) {
    for (MeshNode node : mesh.nodes()) {
      if (!node.isRunning()) {
        mesh.restart(node.index(), node.index() == 0 ? node0 : Map.of());
      }
    }
    mesh.awaitUp(Duration.ofSeconds(120));
  }

  @Test
  void aSessionOnAKilledNodeEndsOnAnotherInEveryPhase() {
    try {
      SyncFailoverDrill drill = new SyncFailoverDrill(mesh, client);
      for (String phase : List.of("fetch", "merge", "resolve", "push")) {
        everyNodeUp(Map.of(SyncFailoverDrill.PHASE_DELAY, phase + HOLD));
        Pair pair = drill.pair(phase, mesh.node(0));
        Outcome outcome = drill.killDuring(pair, phase, DEADLINE);
        System.out.printf(
            "sync failover: kill -9 in %s, session ended %d ms later on another node%n",
            phase, outcome.killToEnd().toMillis());
        assertCompletedOnce(pair, outcome);
      }
    } catch (Throwable e) {
      mesh.markFailed();
      throw e;
    }
  }

  @Test
  void acknowledgedWritesSurviveTheKillOfTheirPeersNode() throws Exception {
    try {
      everyNodeUp(Map.of());
      client.createPeer("burst");
      MeshNode host = client.hostOf("burst").orElseThrow();
      Map<String, String> acked = new ConcurrentHashMap<>();
      AtomicInteger ackedAfterKill = new AtomicInteger();
      AtomicInteger unknown = new AtomicInteger();
      AtomicBoolean killed = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < WRITERS; c++) {
        int writer = c;
        running.add(
            clients.submit(
                () -> {
                  for (int n = 0; !stop.get(); n++) {
                    String key = "burst/c" + writer + "-" + n;
                    String value = "{\"c\":" + writer + ",\"n\":" + n + "}";
                    List<MeshNode> nodes = mesh.running();
                    MeshNode node = nodes.get(n % nodes.size());
                    boolean ok =
                        client.once(node, "PUT", "/peers/burst/records/" + key, value)
                            .map(MeshClient.Reply::ok)
                            .orElse(false);
                    if (ok) {
                      acked.put(key, value);
                      if (killed.get()) {
                        ackedAfterKill.incrementAndGet();
                      }
                    } else {
                      unknown.incrementAndGet();
                    }
                  }
                }));
      }
      mesh.await(DEADLINE, "writes acknowledged before the kill", () -> acked.size() >= 50);
      killed.set(true);
      mesh.kill9(host.index());
      mesh.await(DEADLINE, "writes acknowledged after the kill", () -> ackedAfterKill.get() >= 50);
      stop.set(true);
      for (Future<?> task : running) {
        task.get();
      }
      clients.shutdown();
      System.out.printf(
          "write burst: %d acknowledged (%d after the kill of %s), %d unknown%n",
          acked.size(), ackedAfterKill.get(), host, unknown.get());

      Map<String, JsonNode> records = client.records("burst");
      acked.forEach(
          (key, value) ->
              assertThat(records.get(key)).as(key).isEqualTo(MeshClient.parse(value)));
    } catch (Throwable e) {
      mesh.markFailed();
      throw e;
    }
  }

  private void assertCompletedOnce(Pair pair, Outcome outcome) {
    JsonNode result = outcome.result();
    assertThat(outcome.victim().index()).as("the node holding the session").isZero();
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("MERGED");
    assertThat(result.path("resumes").asInt()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(result.path("conflictsResolved").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("pushed").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("pulledCommits").asInt()).as(result.toString()).isEqualTo(2);
    assertThat(result.path("pushedCommits").asInt()).as(result.toString()).isEqualTo(3);

    String localHead = client.get("/peers/" + pair.local()).path("head").asText();
    String remoteHead = client.get("/peers/" + pair.remote()).path("head").asText();
    assertThat(remoteHead).as("the push landed").isEqualTo(localHead);
    for (String peer : List.of(pair.local(), pair.remote())) {
      SyncFailoverDrill.MERGED.forEach(
          (key, value) ->
              assertThat(client.send("GET", "/peers/" + peer + "/records/" + key, null).body())
                  .as(peer + " " + key)
                  .isEqualTo(value));
    }
    JsonNode log = client.get("/peers/" + pair.local() + "/log?limit=100").path("commits");
    int merges = 0;
    for (JsonNode commit : log) {
      merges += commit.path("parents").size() == 2 ? 1 : 0;
    }
    assertThat(merges).as("merge commits in " + log).isEqualTo(1);
    assertThat(log.size()).as("2 local, 2 remote, 1 merge").isEqualTo(5);
    assertThat(client.get("/peers/" + pair.local() + "/sync/history").path("results").size())
        .as("one session in the history")
        .isEqualTo(1);
    assertThat(client.sessionInFlight(outcome.sessionId())).as("no longer in flight").isEmpty();
  }
}
