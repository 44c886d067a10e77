package dev.syncmesh.ops.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.ops.harness.MeshClient;
import dev.syncmesh.ops.harness.MeshHarness;
import dev.syncmesh.ops.harness.MeshNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kill -9} of the node that runs a sync session. A pair of peers gets diverging histories
 * (each side two commits; one record added on both sides with a conflicting field, so the merge
 * has a conflict that strategy {@code ours} settles in the resolve phase); the local peer runs on
 * a node whose {@code SYNCMESH_CHAOS_PHASE_DELAY} holds sessions in one phase, the remote peer on
 * another node. The drill starts the session, waits until {@code GET /cluster} lists it in that
 * phase and the node hosting the local peer logs that it holds it there (the phase's work done,
 * its report not yet persisted), kills that node, and waits until the session has ended on another
 * node.
 */
public final class SyncFailoverDrill {
  public static final String PHASE_DELAY = "SYNCMESH_CHAOS_PHASE_DELAY";
  public static final String REMOTE = "origin";

  /** The records both peers hold after the merge, key to canonical JSON. */
  public static final Map<String, String> MERGED =
      Map.of(
          "tasks/1", "{\"state\":\"done\",\"title\":\"ours\"}",
          "tasks/2", "{\"from\":\"local\"}",
          "tasks/3", "{\"from\":\"remote\"}");

  private static final int PLACEMENT_ATTEMPTS = 60;

  /** A peer {@code local} with remote {@value #REMOTE} pointing at the peer {@code remote}. */
  public record Pair(String local, String remote) {}

  /**
   * @param victim the node that hosted the local peer and was killed
   * @param killedAt just before the SIGKILL
   * @param result the session's SyncResult once it ended
   */
  public record Outcome(String phase, MeshNode victim, String sessionId, Instant killedAt, JsonNode result) {
    /** From the SIGKILL to the session's end as the node that finished it recorded it. */
    public Duration killToEnd() {
      return Duration.between(killedAt, Instant.parse(result.path("endedAt").asText()));
    }
  }

  private final MeshHarness mesh;
  private final MeshClient client;
  private int created;

  public SyncFailoverDrill(MeshHarness mesh, MeshClient client) {
    this.mesh = mesh;
    this.client = client;
  }

  /**
   * Creates a pair whose local peer runs on {@code host} and whose remote peer runs elsewhere
   * (peer names are tried until sharding places them so), with diverging histories.
   */
  public Pair pair(String prefix, MeshNode host) {
    String local = placed(prefix, host, true);
    String remote = placed(prefix, host, false);
    client.ok("PUT", "/peers/" + local + "/remotes/" + REMOTE, "{\"peer\":\"" + remote + "\"}");
    put(local, "tasks/1", "{\"title\":\"ours\"}");
    put(local, "tasks/2", "{\"from\":\"local\"}");
    put(remote, "tasks/1", "{\"title\":\"theirs\",\"state\":\"done\"}");
    put(remote, "tasks/3", "{\"from\":\"remote\"}");
    return new Pair(local, remote);
  }

  /**
   * Starts the pair's session (strategy {@code ours}, not waiting), waits until it is held in {@code
   * phase}, kills the node hosting the local peer, and waits until the session has ended. Until the
   * peer runs again on another node, nothing is sent to it: only {@code GET /cluster} is read (the
   * shards' state, which starts no entity), so the peer must come back on its own (the wake list),
   * as it would with no client around.
   */
  public Outcome killDuring(Pair pair, String phase, Duration within) {
    String sessionId =
        client
            .ok("POST", "/peers/" + pair.local() + "/sync", "{\"remote\":\"" + REMOTE + "\",\"strategy\":\"ours\",\"wait\":false}")
            .path("sessionId")
            .asText();
    mesh.await(
        within,
        "session " + sessionId + " in phase " + phase,
        () ->
            client
                .sessionInFlight(sessionId)
                .map(s -> s.path("phase").asText().equals(phase))
                .orElse(false));
    MeshNode victim =
        client
            .hostOf(pair.local())
            .orElseThrow(() -> new IllegalStateException(pair.local() + " runs on no node"));
    // The phase's work is done and its report not persisted: the node logs that it holds it.
    mesh.await(
        within,
        victim + " to hold session " + sessionId + " in " + phase,
        () -> victim.logContains("holding " + phase + " of session " + sessionId));
    Instant killedAt = Instant.now();
    mesh.kill9(victim.index());
    mesh.await(
        within,
        pair.local() + " to run again on another node, untouched, after the kill of " + victim,
        () -> client.hostOf(pair.local()).map(host -> !host.equals(victim)).orElse(false));
    JsonNode[] result = new JsonNode[1];
    mesh.await(
        within,
        "session " + sessionId + " to end after the kill of " + victim,
        () -> {
          result[0] = client.get("/peers/" + pair.local() + "/sync/sessions/" + sessionId);
          return !result[0].path("outcome").asText().equals("RUNNING");
        });
    return new Outcome(phase, victim, sessionId, killedAt, result[0]);
  }

  /** Creates peers named {@code <prefix>-<n>} until one runs on {@code host} (or, if not {@code on}, elsewhere). */
  private String placed(String prefix, MeshNode host, boolean on) {
    for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
      String name = prefix + "-" + created++;
      client.createPeer(name);
      Optional<MeshNode> where = client.hostOf(name);
      if (where.isPresent() && where.get().equals(host) == on) {
        return name;
      }
    }
    throw new IllegalStateException(
        "no peer placed " + (on ? "on " : "off ") + host + " in " + PLACEMENT_ATTEMPTS + " attempts");
  }

  private void put(String peer, String key, String json) {
    client.ok("PUT", "/peers/" + peer + "/records/" + key, json);
  }
}
