package dev.syncmesh.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.peer.StoredPeers;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.sync.PendingMerge;
import dev.syncmesh.sync.SessionProgress;
import dev.syncmesh.testing.MeshApi;
import dev.syncmesh.tree.Change;
import dev.syncmesh.tree.ProllyTree;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection on a real node and database: what no peer reaches goes, everything a peer
 * reads stays (history, working sets, pending merges with their conflicts and chosen values, the
 * results of sessions), also while peers write and sync during collections. The grace period is 3
 * seconds here so that garbage ages within a test.
 */
abstract class GarbageCollectionContract {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofSeconds(3);
  /** How long writes, syncs and collections run together. */
  private static final Duration LOAD = Duration.ofSeconds(16);

  @TempDir Path folder;
  private DatabaseSettings database;
  private SyncMeshNode node;
  private MeshApi api;
  private Database direct;
  private JdbcObjectStore store;
  private Map<String, Object> settings;

  /** The database of the test's node (null: the embedded H2 under the data folder). */
  abstract DatabaseSettings database(Path folder);

  abstract void drop(DatabaseSettings database);

  @BeforeEach
  void start() {
    database = database(folder);
    settings = TestNodes.ports();
    settings.put("syncmesh.data", folder.resolve("data").toString());
    if (database != null) {
      settings.put("syncmesh.db.url", database.url());
      settings.put("syncmesh.db.user", database.user());
      settings.put("syncmesh.db.password", database.password());
    }
    settings.put("syncmesh.gc.grace", GRACE.toSeconds() + "s");
    settings.put("syncmesh.gc.every", "0s");
    node = SyncMeshNode.start(NodeConfig.load(settings), List.of(new PeerFeature()));
    api = new MeshApi(node.httpBaseUri());
    direct = Database.open(node.databaseSettings(), 2);
    store = new JdbcObjectStore(direct, 0);
  }

  @AfterEach
  void stop() {
    if (direct != null) {
      direct.close();
    }
    if (node != null) {
      node.close();
    }
    if (database != null) {
      drop(database);
    }
  }

  @Test
  void whatNoPeerReachesGoesAndEverythingAPeerReadsStays() {
    api.createPeer("history");
    for (int i = 0; i < 30; i++) {
      api.put("history", "r/" + i, "{\"v\":" + i + "}");
    }
    for (int i = 0; i < 10; i++) {
      api.put("history", "r/" + i, "{\"v\":" + (100 + i) + "}");
    }
    for (int i = 25; i < 30; i++) {
      assertThat(api.send("DELETE", "/peers/history/records/r/" + i, null).statusCode()).isIn(200, 204);
    }
    // An uncommitted working set whose first value of a is no longer anywhere.
    api.createPeer("ws");
    api.ok("PUT", "/peers/ws/autocommit", "{\"mode\":\"batch\"}");
    api.put("ws", "a/1", "{\"v\":\"first\"}");
    api.put("ws", "a/1", "{\"v\":\"second\"}");
    Hash firstValue = blob("{\"v\":\"first\"}");
    // A pending merge with a chosen value.
    api.createPeer("left");
    api.createPeer("right");
    api.put("left", "t/1", "{\"title\":\"base\",\"n\":1}");
    api.remote("right", "up", "left");
    api.sync("right", "up", "ours");
    api.put("left", "t/1", "{\"title\":\"left\",\"n\":1}");
    api.put("right", "t/1", "{\"title\":\"right\",\"n\":2}");
    assertThat(api.sync("right", "up", null).path("outcome").asText()).isEqualTo("CONFLICTS");
    api.ok(
        "POST",
        "/peers/right/conflicts/resolve",
        "{\"key\":\"t/1\",\"field\":\"title\",\"choice\":\"value\",\"value\":\"chosen by a person\"}");
    // Objects nobody refers to, as a refused pack or a crash leaves them.
    List<StoredObject> orphans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orphans.add(StoredObject.of(ObjectKind.BLOB, ("{\"orphan\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    store.putAll(orphans);
    List<Hash> orphanHashes = orphans.stream().map(StoredObject::hash).toList();

    JsonNode young = api.ok("POST", "/gc", "{}");
    assertThat(young.path("deleted").asLong()).as("nothing is old enough yet").isZero();
    assertThat(young.path("keptYoung").asLong()).isGreaterThanOrEqualTo(21);

    List<Hash> garbage = new ArrayList<>(orphanHashes);
    garbage.add(firstValue);
    List<JsonNode> reports = collectUntil(() -> store.missing(garbage).size() == garbage.size());
    for (JsonNode report : reports) {
      assertThat(report.path("peers").asLong()).isEqualTo(4);
      assertThat(report.path("missing").asLong()).isZero();
    }
    assertThat(reports.stream().mapToLong(r -> r.path("deleted").asLong()).sum())
        .isGreaterThanOrEqualTo(garbage.size());
    assertThat(reports.stream().mapToLong(r -> r.path("deletedBytes").asLong()).sum()).isPositive();

    JsonNode again = api.ok("POST", "/gc", "{}");
    assertThat(again.path("deleted").asLong()).as("a second collection finds nothing").isZero();

    // What was collected can be written again, though this node wrote it before: its store does
    // not trust its memory of a write past a moment.
    api.put("ws", "b/1", "{\"v\":\"first\"}");
    assertThat(store.missing(List.of(firstValue))).isEmpty();

    everythingReachableIsStored(List.of("history", "ws", "left", "right"));
    assertThat(MeshApi.parse(api.record("ws", "b/1")).path("v").asText()).isEqualTo("first");
    for (int i = 0; i < 25; i++) {
      assertThat(MeshApi.parse(api.record("history", "r/" + i)).path("v").asInt())
          .isEqualTo(i < 10 ? 100 + i : i);
    }
    assertThat(MeshApi.parse(api.record("ws", "a/1")).path("v").asText()).isEqualTo("second");
    JsonNode conflicts = api.get("/peers/right/conflicts");
    assertThat(conflicts.path("total").asInt()).isEqualTo(1);
    for (JsonNode entry : api.get("/peers/right/sync/history").path("results")) {
      assertThat(entry.path("sessionId").asText()).isNotEmpty();
    }
    assertThat(api.get("/peers/right/sync/history").path("results").size()).isEqualTo(2);


    // The pending merge commits with the value chosen before the collection.
    api.ok("POST", "/peers/right/merge/commit", "{}");
    assertThat(MeshApi.parse(api.record("right", "t/1")).path("title").asText())
        .isEqualTo("chosen by a person");
    assertThat(MeshApi.parse(api.record("right", "t/1")).path("n").asInt()).isEqualTo(2);
  }

  @Test
  void nothingReachableIsDeletedWhilePeersWriteAndSync() throws Exception {
    int peers = 4;
    for (int p = 0; p < peers; p++) {
      api.createPeer("load-" + p);
      if (p % 2 == 1) {
        api.ok("PUT", "/peers/load-" + p + "/autocommit", "{\"mode\":\"batch\"}");
      }
    }
    // Pairs: load-0 syncs with load-1, load-2 with load-3 (two-way: merges, pushes), and only
    // the first of a pair starts sessions, so no merge ever has two bases to choose from.
    for (int p = 0; p < peers; p += 2) {
      api.remote("load-" + p, "next", "load-" + (p + 1));
    }
    // Every peer writes keys of its own, each cycling through three values, a new one every 2 s:
    // in a working set that is not committed (load-3's), a value overwritten is garbage, old
    // enough to be collected before the writer writes it again 6 s after it first did; so are
    // the tree nodes of working sets that come back.
    long began = System.nanoTime();
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong deleted = new AtomicLong();
    AtomicLong collections = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(peers + 2);
    List<Future<?>> work = new ArrayList<>();
    for (int p = 0; p < peers; p++) {
      String peer = "load-" + p;
      work.add(
          threads.submit(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  String key = peer + "/" + (i % 12);
                  // Canonical (keys in order, no blanks), as the node answers it.
                  String value =
                      "{\"key\":\"" + key + "\",\"round\":" + (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) / 2 % 3) + ",\"writer\":\"" + peer + "\"}";
                  api.put(peer, key, value);
                  acknowledged.put(peer + " " + key, value);
                  if (i % 40 == 39 && peer.endsWith("1")) {
                    api.ok("POST", "/peers/" + peer + "/commit", "{\"message\":\"batch\"}");
                  }
                }
                return null;
              }));
    }
    work.add(
        threads.submit(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                String peer = "load-" + (2 * (i % (peers / 2)));
                HttpResponse<String> reply =
                    api.send(
                        "POST",
                        "/peers/" + peer + "/sync",
                        "{\"remote\":\"next\",\"strategy\":\"" + (i % 2 == 0 ? "ours" : "theirs") + "\",\"wait\":true}");
                assertThat(reply.statusCode()).as(reply.body()).isIn(200, 202, 409);
              }
              return null;
            }));
    work.add(
        threads.submit(
            () -> {
              while (!stop.get()) {
                JsonNode report = api.ok("POST", "/gc", "{}");
                assertThat(report.path("missing").asLong()).as(report.toString()).isZero();
                deleted.addAndGet(report.path("deleted").asLong());
                collections.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(300);
              }
              return null;
            }));
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                (System.nanoTime() - began > LOAD.toNanos() && deleted.get() > 0)
                    || work.stream().anyMatch(Future::isDone));
    stop.set(true);
    for (Future<?> f : work) {
      f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    threads.shutdown();
    assertThat(deleted.get()).as("collections deleted garbage during the load").isPositive();

    // Let all garbage age, collect once more, then read every peer's every object.
    TimeUnit.MILLISECONDS.sleep(GRACE.toMillis() + 1000);
    JsonNode last = api.ok("POST", "/gc", "{}");
    assertThat(last.path("missing").asLong()).isZero();
    List<String> names = new ArrayList<>();
    for (int p = 0; p < peers; p++) {
      names.add("load-" + p);
    }
    everythingReachableIsStored(names);
    // Only a key's writer writes it, and a merge takes its newer side: on the writer's own peer
    // every key holds the last value acknowledged.
    for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
      String[] peerAndKey = entry.getKey().split(" ");
      assertThat(api.record(peerAndKey[0], peerAndKey[1]))
          .as(entry.getKey())
          .isEqualTo(entry.getValue());
    }
  }

  /** Runs collections until {@code done}, and returns their reports. */
  private List<JsonNode> collectUntil(java.util.concurrent.Callable<Boolean> done) {
    List<JsonNode> reports = new ArrayList<>();
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              reports.add(api.ok("POST", "/gc", "{}"));
              return done.call();
            });
    return reports;
  }

  /**
   * Walks, with the store's own tree and commit code over a cache-less store, everything each
   * peer's persisted state names: every commit of its head and of its sessions and pending merge
   * (with all their ancestors), every tree (those commits', the head tree, the working set, a
   * session's settled tree) with every value it holds, the conflict lists, the chosen values and
   * the results its history keeps. Then restarts the node, so that no cache can hide a loss, and
   * reads every peer's records, log, conflicts and history through the API.
   */
  private void everythingReachableIsStored(List<String> peers) {
    ProllyTree trees = new ProllyTree(store, 1);
    CommitGraph commits = new CommitGraph(store, 0);
    Set<Hash> seen = new HashSet<>();
    List<String> visited = new ArrayList<>();
    new StoredPeers(direct, SerializationExtension.get(node.system()))
        .forEach(
            peer -> {
              visited.add(peer.name());
              List<Hash> heads = new ArrayList<>();
              List<Hash> roots = new ArrayList<>(List.of(peer.headTree(), peer.workingRoot()));
              List<Hash> others = new ArrayList<>();
              heads.add(peer.head());
              for (SessionProgress session : peer.sessions().values()) {
                heads.addAll(
                    java.util.Arrays.asList(
                        session.localHead(), session.remoteHead(), session.base(),
                        session.settled(), session.settledFrom()));
                roots.add(session.settledTree());
                others.add(session.conflicts());
              }
              PendingMerge pending = peer.pendingMerge();
              if (pending != null) {
                heads.add(pending.base());
                heads.add(pending.theirs());
                others.add(pending.conflicts());
                pending.choices().forEach(choice -> others.add(choice.valueObject()));
              }
              peer.tracking().values().forEach(tracked -> heads.add(tracked.head()));
              peer.history().forEach(entry -> others.add(entry.result()));
              ArrayDeque<Hash> todo = new ArrayDeque<>();
              heads.stream().filter(java.util.Objects::nonNull).forEach(todo::add);
              while (!todo.isEmpty()) {
                Hash hash = todo.poll();
                if (seen.add(hash)) {
                  Commit commit = commits.read(hash);
                  roots.add(commit.tree());
                  todo.addAll(commit.parents());
                }
              }
              roots.stream()
                  .filter(java.util.Objects::nonNull)
                  .distinct()
                  .forEach(tree -> valuesAreStored(trees, tree));
              List<Hash> named = others.stream().filter(java.util.Objects::nonNull).toList();
              assertThat(store.missing(named)).as(peer.name() + "'s objects").isEmpty();
            });
    assertThat(visited).containsExactlyInAnyOrderElementsOf(peers);

    restart();
    for (String peer : peers) {
      String after = null;
      do {
        JsonNode page =
            api.get("/peers/" + peer + "/records?limit=500" + (after == null ? "" : "&after=" + after));
        for (JsonNode record : page.path("records")) {
          assertThat(record.path("value").isObject()).as(peer + " " + record).isTrue();
        }
        after = page.path("next").isNull() ? null : page.path("next").asText();
      } while (after != null);
      String next = null;
      do {
        JsonNode page = api.get("/peers/" + peer + "/log?limit=1000" + (next == null ? "" : "&after=" + next));
        next = page.path("next").isNull() ? null : page.path("next").asText();
      } while (next != null);
      assertThat(api.send("GET", "/peers/" + peer + "/sync/history", null).statusCode()).isEqualTo(200);
      assertThat(api.send("GET", "/peers/" + peer + "/conflicts", null).statusCode()).isIn(200, 404);
    }
  }

  /** Stops the node and starts it again on the same database, with cold caches. */
  private void restart() {
    node.close();
    Map<String, Object> again = new java.util.HashMap<>(settings);
    again.putAll(TestNodes.ports());
    again.put("syncmesh.db.url", settings.get("syncmesh.db.url"));
    node = SyncMeshNode.start(NodeConfig.load(again), List.of(new PeerFeature()));
    api = new MeshApi(node.httpBaseUri());
  }

  private void valuesAreStored(ProllyTree trees, Hash tree) {
    List<Hash> values = new ArrayList<>();
    for (Change change : trees.diff(ProllyTree.EMPTY, tree)) {
      values.add(change.after());
    }
    assertThat(store.missing(values)).as("values of tree " + tree).isEmpty();
  }

  private static Hash blob(String json) {
    return StoredObject.of(ObjectKind.BLOB, json.getBytes(StandardCharsets.UTF_8)).hash();
  }
}
