package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.store.Dialect;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench writes}: acknowledged writes through the HTTP API of a node running in this
 * process on a fresh database. Autocommit {@code on}: single-record writes from concurrent clients,
 * to one peer and to one peer per client. Transactions: records per second through transactions of
 * {@code --tx-size} records. Each scenario writes to new peers for {@code --seconds}, after a
 * warm-up; a write counts only once its reply (2xx) has arrived.
 */
@Command(
    name = "writes",
    mixinStandardHelpOptions = true,
    description = "Acknowledged writes per second over HTTP: autocommit on, and transactions.")
public final class WritesBench implements Callable<Integer> {
  @Option(names = "--db", defaultValue = "h2", description = "h2 (a temporary file) or mysql.")
  String db;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server for --db mysql (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients for autocommitted writes.")
  int clients;

  @Option(names = "--seconds", defaultValue = "10", description = "Seconds each scenario runs.")
  double seconds;

  @Option(names = "--warm-up", defaultValue = "20", description = "Seconds of warm-up before measuring.")
  double warmUp;

  @Option(names = "--tx-size", defaultValue = "1000", description = "Records per transaction.")
  int txSize;

  @Option(names = "--tx-clients", defaultValue = "1,4", split = ",",
      description = "Concurrent transaction clients (each on its own peer), one line each.")
  List<Integer> txClients;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, RawHttp> connections = new java.util.concurrent.ConcurrentHashMap<>();
  private URI api;
  private int peerCounter;

  @Override
  public Integer call() throws Exception {
    Dialect dialect = Dialect.valueOf(db.toUpperCase(Locale.ROOT));
    String name = dialect.name().toLowerCase(Locale.ROOT);
    try (BenchDatabase database = BenchDatabase.create(dialect, mysqlUrl, "writes");
        SyncMeshNode node = SyncMeshNode.start(BenchNode.config(database.settings()))) {
      api = node.httpBaseUri();
      System.err.printf("bench writes: node up on %s (%s); warming up%n", api, name);
      // Scenarios in this order; each on new peers, after a warm-up that lets the JIT settle.
      autocommit(clients, clients, warmUp);
      transactions(1, warmUp / 2);
      print(line(name, "autocommit", 1, clients, "writesPerSecond", autocommit(1, clients, seconds)));
      print(line(name, "autocommit", clients, clients, "writesPerSecond", autocommit(clients, clients, seconds)));
      for (int txClientCount : txClients) {
        print(line(name, "transaction", txClientCount, txClientCount, "recordsPerSecond",
            transactions(txClientCount, seconds)));
      }
    }
    return 0;
  }

  /** Writes per second with autocommit on, {@code clientCount} clients spread over the peers. */
  private double autocommit(int peers, int clientCount, double duration) throws Exception {
    List<String> names = createPeers(peers);
    return run(clientCount, duration, (client, n) -> {
      String peer = names.get(client % peers);
      String body = "{\"title\":\"write " + n + " of client " + client + "\",\"state\":\"open\",\"n\":" + n + "}";
      RawHttp.Response.ok(connection(client).send("PUT", "/api/peers/" + peer + "/records/bench/c" + client + "-" + n, body));
      return 1;
    });
  }

  /** Records per second through transactions of {@code --tx-size} records, one peer per client. */
  private double transactions(int clientCount, double duration) throws Exception {
    List<String> names = createPeers(clientCount);
    return run(clientCount, duration, (client, n) -> {
      StringBuilder body = new StringBuilder("{\"message\":\"bench\",\"actor\":\"bench\",\"writes\":[");
      for (int i = 0; i < txSize; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"key\":\"bench/t").append(n).append('-').append(i)
            .append("\",\"value\":{\"title\":\"record ").append(i).append(" of transaction ").append(n)
            .append("\",\"state\":\"open\",\"n\":").append(i).append("}}");
      }
      body.append("]}");
      RawHttp.Response.ok(connection(client).send("POST", "/api/peers/" + names.get(client) + "/transactions", body.toString()));
      return txSize;
    });
  }

  private interface Work {
    /** Does the client's n-th unit of work; returns how many records it wrote. */
    int run(int client, long n) throws Exception;
  }

  /** CPU time of this process (node and clients) per record of the last run, in microseconds. */
  private double cpuMicrosPerRecord;

  /** Runs every client until the deadline; returns acknowledged records per second. */
  private double run(int clientCount, double duration, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clientCount);
    try {
      long cpuBefore = processCpuNanos();
      long started = System.nanoTime();
      long deadline = started + (long) (duration * 1e9);
      List<Future<Long>> done = new ArrayList<>();
      for (int c = 0; c < clientCount; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          long records = 0;
          for (long n = 0; System.nanoTime() < deadline; n++) {
            records += work.run(client, n);
          }
          return records;
        }));
      }
      long records = 0;
      for (Future<Long> future : done) {
        records += future.get();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      cpuMicrosPerRecord = Math.round((processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, records));
      return Math.round(records / elapsed * 10) / 10.0;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> createPeers(int count) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "bench-" + (++peerCounter);
      RawHttp.Response.ok(connection(0).send("POST", "/api/peers", "{\"name\":\"" + name + "\"}"));
      names.add(name);
    }
    return names;
  }

  /** Client {@code i}'s own kept-alive connection. */
  private RawHttp connection(int client) {
    return connections.computeIfAbsent(client, i -> new RawHttp(api.getHost(), api.getPort()));
  }


  private Map<String, Object> line(
      String database, String mode, int peers, int clientCount, String metric, double value) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("db", database);
    line.put("mode", mode);
    line.put("peers", peers);
    line.put("clients", clientCount);
    line.put(metric, value);
    line.put("seconds", seconds);
    // The node and the clients share this process: CPU per record says what the machine's cores
    // allow when other work competes for them.
    line.put("cpuMicrosPerRecord", cpuMicrosPerRecord);
    if (mode.equals("transaction")) {
      line.put("recordsPerTransaction", txSize);
    }
    return line;
  }

  private void print(Map<String, Object> line) throws IOException {
    System.out.println(json.writeValueAsString(line));
    System.out.flush();
  }

  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
