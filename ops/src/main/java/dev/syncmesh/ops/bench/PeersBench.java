package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.ops.harness.MeshHarness;
import dev.syncmesh.ops.harness.MeshNode;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench peers}: what a node costs per peer, for each count of {@code --peers}, on a
 * fresh database and a node in this process: peers created per second (16 clients; a create and one
 * autocommitted write each), the heap each
 * peer costs once passivated (against the node before the peers existed, warmed up by a few peers
 * that passivated) and while running (beyond
 * a passivated one, over the peers still running after a read of every peer), how many peers a
 * node process starts by itself after {@code kill -9} and a restart,
 * the time from the start of the restarted node to ready, and the median time of a peer's first
 * read after the restart (the peer starts from its snapshot) and of a second one (running).
 */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = "Per-peer cost at scale: create rate, heap per running and idle peer, restart to ready, cold and warm reads.")
public final class PeersBench implements Callable<Integer> {
  @Option(names = "--peers", defaultValue = "1000,10000,100000", split = ",",
      description = "Peer counts, one JSON line each (a fresh database each).")
  List<Integer> counts;

  @Option(names = "--db", defaultValue = "h2", description = "h2 (a temporary file) or mysql.")
  String db;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server for --db mysql (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients creating peers.")
  int clients;

  @Option(names = "--passivate-after", defaultValue = "5s",
      description = "syncmesh.peer.passivate-after of the node (the default 2m would make every run wait).")
  String passivateAfter;

  @Option(names = "--reads", defaultValue = "200", description = "Peers read after the restart (random).")
  int reads;

  @Option(names = "--histogram", defaultValue = "0",
      description = "Print the heap's top classes (this many) to stderr when every peer is idle.")
  int histogram;

  /** Peers of the warm-up before the empty node's heap is measured. */
  private static final int WARM_UP = 64;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    for (int count : counts) {
      if (count < 1) {
        throw new IllegalArgumentException("--peers counts must be positive, not " + count);
      }
      System.out.println(json.writeValueAsString(run(count)));
      System.out.flush();
    }
    return 0;
  }

  private Map<String, Object> run(int count) throws Exception {
    Dialect dialect = Dialect.valueOf(db.toUpperCase(Locale.ROOT));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("db", dialect.name().toLowerCase(Locale.ROOT));
    line.put("peers", count);
    try (BenchDatabase database = BenchDatabase.create(dialect, mysqlUrl, "peers")) {
      Config config =
          BenchNode.config(
              database.settings(),
              Map.of("syncmesh.peer.passivate-after", passivateAfter, "syncmesh.peer.wake-every", "1s"));
      try (SyncMeshNode node = SyncMeshNode.start(config)) {
        URI api = node.httpBaseUri();
        awaitReady(node);
        // The empty node's heap, once it has served a warm-up of peers that then passivated: what
        // any node loads once, on its first requests, is not a cost of its peers.
        create(api, WARM_UP, "warm-");
        forEach(api, WARM_UP, (client, i) -> RawHttp.Response.ok(client.send("GET", "/api/peers/" + name("warm-", i), null)));
        awaitRunningAtMost(api, "warm-", 0, Duration.ofMinutes(2));
        long baseline = heapAfterGc();
        long started = System.nanoTime();
        create(api, count, "p");
        double seconds = (System.nanoTime() - started) / 1e9;
        line.put("createPerSecond", Math.round(count / seconds));
        System.err.printf("bench peers: %d created in %.1f s; waking all of them%n", count, seconds);
        // Every peer running at once: a describe of each, as fast as the clients go.
        forEach(api, count, (client, i) -> RawHttp.Response.ok(client.send("GET", "/api/peers/" + name("p", i), null)));
        long running = heapAfterGc();
        int runningSeen = runningPeers(api);
        System.err.printf("bench peers: waiting for %d peers to passivate (%s)%n", count, passivateAfter);
        awaitRunningAtMost(api, "p", 0, Duration.ofMinutes(10));
        long idle = heapAfterGc();
        if (histogram > 0) {
          printHistogram(histogram);
        }
        line.put("heapBytesPerIdlePeer", Math.max(0, (idle - baseline) / count));
        line.put("activePeersWhenIdle", runningPeers(api));
        // The peers that had not passivated yet when the heap was measured, and what each cost
        // beyond a passivated one.
        line.put("runningPeersMeasured", runningSeen);
        line.put("heapBytesPerRunningPeer", Math.max(0, (running - idle) / Math.max(1, runningSeen)));
      }
      // The restart: a node process on the same database, killed with -9 once it is ready and
      // has served a read, then started again; timed from the new process's start to /ready.
      try (MeshHarness process = processOn(database)) {
        MeshNode node = process.node(0);
        awaitReady(node.managementUri());
        try (RawHttp client = new RawHttp(node.baseUri().getHost(), node.baseUri().getPort())) {
          RawHttp.Response.ok(client.send("GET", "/api/peers/" + name("p", 0) + "/records/issues/r1", null));
        }
        process.kill9(0);
        long restarted = System.nanoTime();
        process.restart(0);
        awaitReady(node.managementUri());
        line.put("restartToReadyMs", (System.nanoTime() - restarted) / 1_000_000);
        URI api = node.baseUri();
        // Give the waker a round: only peers with background work (none here) may start.
        Thread.sleep(3_000);
        line.put("activePeers", runningPeers(api));
        Random random = new Random(count);
        int[] sample = random.ints(Math.min(reads, count), 0, count).distinct().toArray();
        try (RawHttp client = new RawHttp(api.getHost(), api.getPort())) {
          line.put("firstReadMs", medianMillis(client, sample));
          line.put("warmReadMs", medianMillis(client, sample));
        }
      }
    }
    line.put("passivateAfter", passivateAfter);
    return line;
  }

  private void forEach(URI api, int count, RawHttp.Work work) throws Exception {
    RawHttp.forEach(api, clients, count, work);
  }

  private void create(URI api, int count, String prefix) throws Exception {
    forEach(api, count, (client, i) -> {
      String peer = name(prefix, i);
      RawHttp.Response.ok(client.send("POST", "/api/peers", "{\"name\":\"" + peer + "\"}"));
      RawHttp.Response.ok(client.send("PUT", "/api/peers/" + peer + "/records/issues/r1",
          "{\"title\":\"first issue of " + peer + "\",\"state\":\"open\"}"));
    });
  }

  private static String name(String prefix, int i) {
    return prefix + String.format(Locale.ROOT, "%07d", i);
  }

  /** The median time of a read of each sampled peer's record, in milliseconds. */
  private static double medianMillis(RawHttp client, int[] sample) throws Exception {
    double[] millis = new double[sample.length];
    for (int i = 0; i < sample.length; i++) {
      long started = System.nanoTime();
      RawHttp.Response.ok(client.send("GET", "/api/peers/" + name("p", sample[i]) + "/records/issues/r1", null));
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return Math.round(millis[millis.length / 2] * 100) / 100.0;
  }

  private int runningPeers(URI api) throws Exception {
    return runningPeers(api, "p");
  }

  /** The peers running now whose names start with {@code prefix}. */
  private int runningPeers(URI api, String prefix) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.resolve("/api/cluster")).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode peers = json.readTree(response.body()).path("peers");
    int running = 0;
    for (var names = peers.fieldNames(); names.hasNext(); ) {
      running += names.next().startsWith(prefix) ? 1 : 0;
    }
    return running;
  }

  private void awaitRunningAtMost(URI api, String prefix, int most, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (runningPeers(api, prefix) > most) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("peers still running after " + within);
      }
      Thread.sleep(1_000);
    }
  }

  /** One node process (the harness's JVM options) on the benchmark's database. */
  private static MeshHarness processOn(BenchDatabase database) {
    MeshHarness.Builder builder = MeshHarness.builder().nodes(1).embedded();
    DatabaseSettings settings = database.settings();
    if (settings.dialect() == Dialect.H2) {
      builder.env("SYNCMESH_DATA", database.folder().orElseThrow().toString());
    } else {
      builder
          .env("SYNCMESH_DB_URL", settings.url())
          .env("SYNCMESH_DB_USER", settings.user())
          .env("SYNCMESH_DB_PASSWORD", settings.password());
    }
    return builder.start();
  }

  private void awaitReady(SyncMeshNode node) throws Exception {
    awaitReady(node.managementUri());
  }

  private void awaitReady(URI management) throws Exception {
    URI ready = management.resolve("/ready");
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node is not ready after 5 minutes");
      }
      Thread.sleep(20);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The first {@code lines} classes of the JVM's live-object histogram, on stderr. */
  private static void printHistogram(int lines) throws Exception {
    Object text =
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    String[] rows = text.toString().split("\n");
    for (int i = 0; i < Math.min(rows.length, lines + 3); i++) {
      System.err.println(rows[i]);
    }
  }

}
