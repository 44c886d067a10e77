package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.ops.chaos.SyncFailoverDrill;
import dev.syncmesh.ops.harness.MeshClient;
import dev.syncmesh.ops.harness.MeshDatabase;
import dev.syncmesh.ops.harness.MeshHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench failover}: three node processes on a fresh MariaDB/MySQL database. Each run
 * starts a session of a peer hosted on node 0, whose {@code SYNCMESH_CHAOS_PHASE_DELAY} holds it in
 * {@code --phase}; once {@code GET /cluster} lists the session in that phase, node 0 gets {@code
 * kill -9}. Measured: from just before the SIGKILL to the session's {@code endedAt}, as recorded by
 * the node that finished it (same machine, same clock). Only node 0 has the delay, so the resumed
 * session runs undelayed and the delay is not part of the time. Node 0 restarts between runs.
 */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description = "Time from kill -9 of the node running a sync session to the session's end on another node.")
public final class FailoverBench implements Callable<Integer> {
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @Option(names = "--runs", defaultValue = "5", description = "Kills measured (median and max).")
  int runs;

  @Option(names = "--phase", defaultValue = "merge",
      description = "The phase the session is in when its node dies: fetch, merge, resolve or push.")
  String phase;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || !List.of("fetch", "merge", "resolve", "push").contains(phase)) {
      throw new IllegalArgumentException("need --runs >= 1 and --phase fetch|merge|resolve|push");
    }
    MeshDatabase database = MeshDatabase.fresh(mysqlUrl, "root", "");
    List<Long> millis = new ArrayList<>();
    try (MeshHarness mesh =
        MeshHarness.builder()
            .nodes(3)
            .database(database)
            .env(0, SyncFailoverDrill.PHASE_DELAY, phase + ":50000")
            .start()) {
      mesh.awaitUp(Duration.ofSeconds(180));
      SyncFailoverDrill drill = new SyncFailoverDrill(mesh, new MeshClient(mesh));
      for (int run = 0; run < runs; run++) {
        if (!mesh.node(0).isRunning()) {
          mesh.restart(0);
          mesh.awaitUp(DEADLINE);
        }
        SyncFailoverDrill.Outcome outcome =
            drill.killDuring(drill.pair("bench-" + run, mesh.node(0)), phase, DEADLINE);
        check(outcome.result());
        millis.add(outcome.killToEnd().toMillis());
        System.err.printf("bench failover: run %d: %d ms%n", run + 1, outcome.killToEnd().toMillis());
      }
    } finally {
      database.drop();
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("scenario", "failover");
    line.put("phase", phase);
    line.put("nodes", 3);
    line.put("runs", runs);
    line.put("medianMs", sorted.get(sorted.size() / 2));
    line.put("maxMs", sorted.get(sorted.size() - 1));
    line.put("minMs", sorted.get(0));
    line.put("allMs", millis);
    System.out.println(new ObjectMapper().writeValueAsString(line));
    return 0;
  }

  /** A run counts only if the session really resumed elsewhere and did its work. */
  private static void check(JsonNode result) {
    if (!result.path("outcome").asText().equals("MERGED")
        || result.path("resumes").asInt() < 1
        || !result.path("pushed").asBoolean()) {
      throw new IllegalStateException("the session did not resume and merge as expected: " + result);
    }
  }
}
