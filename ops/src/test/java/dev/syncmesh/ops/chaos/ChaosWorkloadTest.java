package dev.syncmesh.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.ops.harness.MeshClient;
import dev.syncmesh.ops.harness.MeshHarness;
import dev.syncmesh.ops.harness.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A seeded, time-bounded workload on three node processes: writers write to six peers and a syncer
 * starts sessions between random pairs while nodes are killed ({@code kill -9}) and restarted at
 * random, at most one down at a time. Afterwards: every acknowledged write is in its peer's
 * history with its value (a write without a 2xx answer is unknown and not checked), every session
 * started has ended and none is left in flight, and after a final round of syncs all peers have
 * the same head, which holds every acknowledged write to a key written only once.
 *
 * <p>{@code -Dsyncmesh.chaos.seed=N} replays a seed (the schedule of writes, syncs and kills;
 * timing still varies), {@code -Dsyncmesh.chaos.seconds=N} sets the length of the chaos (60).
 */
class ChaosWorkloadTest {
  private static final int PEERS = 6;
  private static final int WRITERS = 3;
  private static final int SHARED_KEYS = 8;
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  /** A write that got a 2xx answer: {@code commit} is the commit it made. */
  private record Acked(String peer, String key, String value, String commit, boolean unique) {}

  private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String[]> sessions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unknown = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();

  @Test
  void acknowledgedWritesSurviveKillsAndPeersConverge() throws Exception {
    long seed = Long.getLong("syncmesh.chaos.seed", System.nanoTime());
    long seconds = Long.getLong("syncmesh.chaos.seconds", 60);
    System.out.println("chaos workload: seed " + seed + " (-Dsyncmesh.chaos.seed=" + seed + "), " + seconds + " s");
    Random random = new Random(seed);
    try (MeshHarness mesh = MeshHarness.builder().nodes(3).start()) {
      try {
        mesh.awaitUp(DEADLINE);
        MeshClient client = new MeshClient(mesh, Duration.ofSeconds(10), DEADLINE);
        List<String> peers = createPeers(client);
        ExecutorService workers = Executors.newFixedThreadPool(WRITERS + 1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          long writerSeed = random.nextLong();
          int writer = w;
          running.add(workers.submit(() -> write(mesh, client, peers, writer, new Random(writerSeed))));
        }
        long syncSeed = random.nextLong();
        running.add(workers.submit(() -> syncs(mesh, client, peers, new Random(syncSeed))));
        int kills = chaos(mesh, random, Duration.ofSeconds(seconds));
        stop.set(true);
        for (Future<?> task : running) {
          task.get();
        }
        workers.shutdown();
        if (!mesh.node(0).isRunning() || !mesh.node(1).isRunning() || !mesh.node(2).isRunning()) {
          throw new IllegalStateException("a node is still down after the chaos");
        }
        mesh.awaitUp(DEADLINE);
        System.out.printf(
            "chaos workload: %d kills, %d acknowledged writes, %d unknown, %d sessions started%n",
            kills, acked.size(), unknown.get(), sessions.size());
        assertThat(kills).as("nodes killed").isGreaterThanOrEqualTo(1);
        assertThat(acked).as("acknowledged writes").isNotEmpty();

        noSessionIsStuck(mesh, client);
        everyAcknowledgedWriteIsInItsHistory(client);
        converge(mesh, client, peers);
      } catch (Throwable e) {
        mesh.markFailed();
        throw e;
      }
    }
  }

  private static List<String> createPeers(MeshClient client) {
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      peers.add("w" + i);
      client.createPeer("w" + i);
    }
    for (String peer : peers) {
      for (String other : peers) {
        if (!other.equals(peer)) {
          client.ok("PUT", "/peers/" + peer + "/remotes/" + other, "{\"peer\":\"" + other + "\"}");
        }
      }
    }
    return peers;
  }

  /**
   * Writes until stopped, each once to one running node: most to keys written only once, some to
   * a few shared keys (so that syncs conflict and strategies settle them).
   */
  private void write(MeshHarness mesh, MeshClient client, List<String> peers, int writer, Random random) {
    int n = 0;
    while (!stop.get()) {
      String peer = peers.get(random.nextInt(peers.size()));
      boolean unique = random.nextInt(5) > 0;
      String key = unique ? "items/w" + writer + "-" + n : "shared/k" + random.nextInt(SHARED_KEYS);
      String value = "{\"by\":\"w" + writer + "\",\"n\":" + n + ",\"peer\":\"" + peer + "\"}";
      n++;
      Optional<MeshNode> node = any(mesh, random);
      Optional<MeshClient.Reply> reply =
          node.flatMap(at -> client.once(at, "PUT", "/peers/" + peer + "/records/" + key, value));
      if (reply.isPresent() && reply.get().ok()) {
        acked.add(new Acked(peer, key, value, reply.get().json().path("commit").asText(), unique));
      } else {
        unknown.incrementAndGet();
      }
      pause(50 + random.nextInt(100));
    }
  }

  /** Starts sessions between random pairs, strategy ours or theirs, without waiting for them. */
  private void syncs(MeshHarness mesh, MeshClient client, List<String> peers, Random random) {
    while (!stop.get()) {
      String peer = peers.get(random.nextInt(peers.size()));
      String remote = peers.get(random.nextInt(peers.size()));
      String strategy = random.nextBoolean() ? "ours" : "theirs";
      Optional<MeshNode> node = any(mesh, random);
      if (!remote.equals(peer) && node.isPresent()) {
        String body = "{\"remote\":\"" + remote + "\",\"strategy\":\"" + strategy + "\",\"wait\":false}";
        client
            .once(node.get(), "POST", "/peers/" + peer + "/sync", body)
            .filter(MeshClient.Reply::ok)
            .ifPresent(r -> sessions.add(new String[] {peer, r.json().path("sessionId").asText()}));
      }
      pause(100 + random.nextInt(300));
    }
  }

  /** Kills a random node, restarts it a little later, waits until all are Up; until time is up. */
  private static int chaos(MeshHarness mesh, Random random, Duration length) {
    long end = System.nanoTime() + length.toNanos();
    int kills = 0;
    while (System.nanoTime() < end) {
      pause(2000 + random.nextInt(4000));
      int victim = random.nextInt(mesh.size());
      System.out.println("chaos workload: kill -9 node " + victim);
      mesh.kill9(victim);
      kills++;
      pause(1000 + random.nextInt(5000));
      mesh.restart(victim);
      mesh.awaitUp(DEADLINE);
    }
    return kills;
  }

  /**
   * Every session ends within the deadline. The cluster's list of sessions in flight is only a first
   * wait: a member that is slow to answer (just restarted, on a loaded machine) adds nothing to it,
   * so each session is then also given the deadline to end (a resumed one may still be running).
   */
  private void noSessionIsStuck(MeshHarness mesh, MeshClient client) {
    mesh.await(DEADLINE, "no session in flight", () -> client.get("/cluster").path("sessions").isEmpty());
    for (String[] session : List.copyOf(sessions)) {
      String path = "/peers/" + session[0] + "/sync/sessions/" + session[1];
      mesh.await(DEADLINE, "session " + session[1] + " of " + session[0] + " ends",
          () -> !client.get(path).path("outcome").asText().equals("RUNNING"));
      JsonNode result = client.get(path);
      assertThat(result.path("outcome").asText()).as(result.toString()).isNotEqualTo("RUNNING");
      assertThat(result.path("endedAt").isNull()).as(result.toString()).isFalse();
    }
  }

  /** Each acknowledged write is in its peer's history: its commit, with its value under its key. */
  private void everyAcknowledgedWriteIsInItsHistory(MeshClient client) {
    for (Acked write : acked) {
      MeshClient.Reply at =
          client.send("GET", "/peers/" + write.peer() + "/records/" + write.key() + "?at=" + write.commit(), null);
      assertThat(at.status()).as(write + ": " + at.body()).isEqualTo(200);
      assertThat(at.json()).as(write.toString()).isEqualTo(MeshClient.parse(write.value()));
    }
  }

  /**
   * A final round: the first peer syncs with every other (taking in all their commits and pushing
   * the merge), then every other syncs with it (fast-forwarding to it); all heads are then equal,
   * and the head holds every acknowledged write to a key written once.
   */
  private void converge(MeshHarness mesh, MeshClient client, List<String> peers) {
    String hub = peers.get(0);
    for (int round = 0; round < 2; round++) {
      for (String other : peers.subList(1, peers.size())) {
        syncAndWait(mesh, client, hub, other);
      }
      for (String other : peers.subList(1, peers.size())) {
        syncAndWait(mesh, client, other, hub);
      }
    }
    Set<String> heads = new HashSet<>();
    for (String peer : peers) {
      heads.add(client.get("/peers/" + peer).path("head").asText());
    }
    assertThat(heads).as("heads of " + peers).hasSize(1);
    Map<String, JsonNode> records = client.records(hub);
    for (Acked write : acked) {
      if (write.unique()) {
        assertThat(records.get(write.key())).as(write.toString()).isEqualTo(MeshClient.parse(write.value()));
      }
    }
  }

  /**
   * Runs a session to its end. One that failed because the other peer could not be reached in time
   * (its shard still moving after the chaos) runs again, at most twice more.
   */
  private static void syncAndWait(MeshHarness mesh, MeshClient client, String peer, String remote) {
    JsonNode result = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      result = sessionResult(mesh, client, peer, remote);
      String kind = result.path("error").path("kind").asText("");
      if (!(kind.equals("NETWORK") || kind.equals("TIMEOUT"))) {
        break;
      }
    }
    assertThat(result.path("outcome").asText()).as(result.toString()).isNotIn("FAILED", "CONFLICTS", "RUNNING");
  }

  private static JsonNode sessionResult(MeshHarness mesh, MeshClient client, String peer, String remote) {
    MeshClient.Reply started =
        client.send(
            "POST",
            "/peers/" + peer + "/sync",
            "{\"remote\":\"" + remote + "\",\"strategy\":\"ours\",\"wait\":true}");
    assertThat(started.status()).as(started.body()).isIn(200, 202);
    String path = "/peers/" + peer + "/sync/sessions/" + started.json().path("sessionId").asText();
    JsonNode[] ended = {started.json()};
    mesh.await(DEADLINE, path + " to end", () -> {
      if (ended[0].path("outcome").asText("RUNNING").equals("RUNNING")) {
        ended[0] = client.get(path);
      }
      return !ended[0].path("outcome").asText().equals("RUNNING");
    });
    return ended[0];
  }

  private static Optional<MeshNode> any(MeshHarness mesh, Random random) {
    List<MeshNode> running = mesh.running();
    return running.isEmpty() ? Optional.empty() : Optional.of(running.get(random.nextInt(running.size())));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
