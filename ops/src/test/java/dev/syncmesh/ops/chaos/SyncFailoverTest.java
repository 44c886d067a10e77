package dev.syncmesh.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.ops.chaos.SyncFailoverDrill.Outcome;
import dev.syncmesh.ops.chaos.SyncFailoverDrill.Pair;
import dev.syncmesh.ops.harness.MeshClient;
import dev.syncmesh.ops.harness.MeshHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three node processes on MariaDB. For each phase in turn, node 0 holds sessions in that phase
 * ({@code SYNCMESH_CHAOS_PHASE_DELAY}, set when it restarts); a peer on node 0 syncs with a peer on
 * another node, and node 0 is killed with {@code kill -9} while {@code GET /cluster} shows the
 * session in that phase. The session must end on another node exactly once: merged with the
 * conflict settled, one merge commit, the push landed, both peers holding the merged records, and
 * the resume counted.
 */
class SyncFailoverTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** Longer than any run of the test needs; shorter than the phase timeout (60 s). */
  private static final String HOLD = ":45000";

  @Test
  void aSessionOnAKilledNodeEndsOnAnotherInEveryPhase() {
    List<String> phases = List.of("fetch", "merge", "resolve", "push");
    try (MeshHarness mesh =
        MeshHarness.builder()
            .nodes(3)
            .env(0, SyncFailoverDrill.PHASE_DELAY, phases.get(0) + HOLD)
            .start()) {
      try {
        mesh.awaitUp(Duration.ofSeconds(120));
        MeshClient client = new MeshClient(mesh);
        SyncFailoverDrill drill = new SyncFailoverDrill(mesh, client);
        for (String phase : phases) {
          if (!mesh.node(0).isRunning()) {
            mesh.restart(0, Map.of(SyncFailoverDrill.PHASE_DELAY, phase + HOLD));
            mesh.awaitUp(DEADLINE);
          }
          Pair pair = drill.pair(phase, mesh.node(0));
          Outcome outcome = drill.killDuring(pair, phase, DEADLINE);
          System.out.printf(
              "sync failover: kill -9 in %s, session ended %d ms later on another node%n",
              phase, outcome.killToEnd().toMillis());
          assertCompletedOnce(client, pair, outcome);
        }
      } catch (Throwable e) {
        mesh.markFailed();
        throw e;
      }
    }
  }

  private static void assertCompletedOnce(MeshClient client, Pair pair, Outcome outcome) {
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
