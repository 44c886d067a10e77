package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers in a ring edit the same records at random, concurrently, and sync with random
 * strategies as they go; then they sync around the ring until quiet. All end on the same head,
 * and no field edit is lost: each peer's last value of its own field is there, or the value shows
 * in a conflict some session resolved. Seeded: {@code -Dsyncmesh.seed=N} replays a run.
 *
 * <p>Each edit is a read, a change of one field and a write of the whole record with {@code
 * If-Match}, retried on 412, as a careful client does: a push from another peer may land between
 * the read and the write, and a blind write would then take the pushed fields out again, which
 * the mesh rightly merges as that client's own deletion (2 runs in 10 failed so before).
 */
class ConvergenceTest {
  private static final List<String> PEERS = List.of("c1", "c2", "c3");
  private static final int RECORDS = 8;
  private static final int STEPS = 40;

  @TempDir Path data;

  @Test
  void ringSyncsConvergeWithoutLosingAnEdit() throws Exception {
    long seed = Long.getLong("syncmesh.seed", System.nanoTime());
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.h2(data))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      for (int i = 0; i < PEERS.size(); i++) {
        api.createPeer(PEERS.get(i));
      }
      for (int i = 0; i < PEERS.size(); i++) {
        api.remote(PEERS.get(i), "next", PEERS.get((i + 1) % PEERS.size()));
      }
      // Every record exists everywhere before the edits begin, so every edit is conditional.
      for (int i = 0; i < RECORDS; i++) {
        api.put("c1", "items/i" + i, "{\"n\":" + i + "}");
      }
      for (int round = 0; round < 3; round++) {
        for (String peer : PEERS) {
          api.sync(peer, "next", "ours");
        }
      }
      assertThat(converged(api)).isTrue();
      Map<String, String> lastOwn = new ConcurrentHashMap<>(); // peer|key -> value
      Set<String> sharedWritten = ConcurrentHashMap.newKeySet();
      ExecutorService workers = Executors.newFixedThreadPool(PEERS.size());
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < PEERS.size(); p++) {
        String peer = PEERS.get(p);
        Random random = new Random(seed + p);
        done.add(
            workers.submit(
                () -> {
                  for (int step = 0; step < STEPS; step++) {
                    if (random.nextInt(10) < 7) {
                      String key = "items/i" + random.nextInt(RECORDS);
                      String written = peer + "-" + step;
                      boolean own = random.nextBoolean();
                      if (!own) {
                        sharedWritten.add(written);
                      }
                      for (int attempt = 0; ; attempt++) {
                        HttpResponse<String> current =
                            api.send("GET", "/peers/" + peer + "/records/" + key, null);
                        assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
                        ObjectNode value = (ObjectNode) MeshApi.parse(current.body());
                        value.put(own ? "f-" + peer : "s", written);
                        HttpResponse<String> put =
                            api.send(
                                "PUT",
                                "/peers/" + peer + "/records/" + key,
                                value.toString(),
                                "If-Match",
                                current.headers().firstValue("ETag").orElseThrow());
                        if (put.statusCode() == 200 || put.statusCode() == 201) {
                          break;
                        }
                        assertThat(put.statusCode()).as(put.body()).isEqualTo(412);
                        assertThat(attempt).as("attempts of a conditional write").isLessThan(50);
                      }
                      if (own) {
                        lastOwn.put(peer + "|" + key, written);
                      }
                    } else {
                      api.sync(peer, "next", random.nextBoolean() ? "ours" : "theirs");
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : done) {
        worker.get(3, TimeUnit.MINUTES);
      }
      workers.shutdown();

      for (int round = 0; round < 6 && !converged(api); round++) {
        for (String peer : PEERS) {
          api.sync(peer, "next", "ours");
        }
      }
      assertThat(converged(api)).as("seed " + seed).isTrue();

      Set<String> inConflicts = new HashSet<>();
      for (String peer : PEERS) {
        for (JsonNode result : api.get("/peers/" + peer + "/sync/history?limit=1000").path("results")) {
          assertThat(result.path("outcome").asText()).as("seed " + seed).isNotIn("FAILED", "RUNNING", "CONFLICTS");
          for (JsonNode conflict : result.path("conflicts")) {
            inConflicts.add(conflict.path("ours").asText());
            inConflicts.add(conflict.path("theirs").asText());
          }
        }
      }
      Map<String, JsonNode> finalRecords = new HashMap<>();
      for (int i = 0; i < RECORDS; i++) {
        String value = api.record("c1", "items/i" + i);
        if (value != null) {
          finalRecords.put("items/i" + i, MeshApi.parse(value));
        }
      }
      lastOwn.forEach(
          (peerKey, value) -> {
            String peer = peerKey.substring(0, peerKey.indexOf('|'));
            String key = peerKey.substring(peerKey.indexOf('|') + 1);
            String present = finalRecords.get(key).path("f-" + peer).asText(null);
            assertThat(value.equals(present) || inConflicts.contains(value))
                .as("seed %d: %s's last edit %s of %s (final %s)", seed, peer, value, key, present)
                .isTrue();
          });
      finalRecords.values().forEach(
          record -> {
            if (record.has("s")) {
              assertThat(sharedWritten).as("seed " + seed).contains(record.path("s").asText());
            }
          });
    }
  }

  private static boolean converged(MeshApi api) {
    Set<String> heads = new HashSet<>();
    for (String peer : PEERS) {
      heads.add(api.head(peer));
    }
    return heads.size() == 1;
  }
}
