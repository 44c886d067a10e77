package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.Dialect;
import dev.syncmesh.store.JdbcObjectStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench gc}: what a garbage collection costs, for each count of {@code --peers},
 * on a fresh database and a node in this process. Each peer is created with autocommit off and
 * three writes of one record (two values that are garbage once overwritten, and a working-set
 * tree each), {@code --orphans} objects nobody refers to are stored besides; once they are older
 * than the grace period, one collection is timed: its report, and peers and objects per second.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = "Garbage collection at scale: one collection over many peers and their garbage.")
public final class GcBench implements Callable<Integer> {
  @Option(names = "--peers", defaultValue = "1000,10000", split = ",",
      description = "Peer counts, one JSON line each (a fresh database each).")
  List<Integer> counts;

  @Option(names = "--orphans", defaultValue = "100000",
      description = "Objects stored that no peer refers to.")
  int orphans;

  @Option(names = "--db", defaultValue = "h2", description = "h2 (a temporary file) or mysql.")
  String db;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server for --db mysql (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients creating peers.")
  int clients;

  private static final String GRACE = "2s";
  private final ObjectMapper json = new ObjectMapper();

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
    line.put("orphans", orphans);
    try (BenchDatabase database = BenchDatabase.create(dialect, mysqlUrl, "gc")) {
      Map<String, Object> overrides =
          Map.of("syncmesh.gc.grace", GRACE, "syncmesh.gc.every", "0s", "syncmesh.peer.passivate-after", "10s");
      try (SyncMeshNode node = SyncMeshNode.start(BenchNode.config(database.settings(), overrides))) {
        URI api = node.httpBaseUri();
        long started = System.nanoTime();
        create(api, count);
        System.err.printf(
            "bench gc: %d peers created in %.1f s; storing %d orphans%n",
            count, (System.nanoTime() - started) / 1e9, orphans);
        try (Database direct = Database.open(node.databaseSettings(), 2)) {
          JdbcObjectStore store = new JdbcObjectStore(direct, 0);
          List<StoredObject> batch = new ArrayList<>();
          for (int i = 0; i < orphans; i++) {
            batch.add(StoredObject.of(ObjectKind.BLOB, ("{\"orphan\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            if (batch.size() == 10_000 || i == orphans - 1) {
              store.putAll(batch);
              batch.clear();
            }
          }
        }
        Thread.sleep(3_000);
        try (RawHttp client = new RawHttp(api.getHost(), api.getPort())) {
          long began = System.nanoTime();
          JsonNode report = collect(client);
          double seconds = (System.nanoTime() - began) / 1e9;
          line.put("report", report);
          line.put("wallMs", Math.round(seconds * 1000));
          line.put("peersPerSecond", Math.round(count / seconds));
          line.put("objectsScannedPerSecond", Math.round(report.path("scanned").asLong() / seconds));
          line.put("secondRunMs", collect(client).path("tookMillis").asLong());
        }
      }
    }
    return line;
  }

  /** One collection's report, following it past the node's wait (202) until it ends. */
  private JsonNode collect(RawHttp client) throws Exception {
    RawHttp.Response reply = client.send("POST", "/api/gc", "{}");
    RawHttp.Response.ok(reply);
    if (reply.status() != 202) {
      return json.readTree(reply.body());
    }
    while (true) {
      Thread.sleep(500);
      RawHttp.Response now = client.send("GET", "/api/gc", null);
      RawHttp.Response.ok(now);
      JsonNode status = json.readTree(now.body());
      if (!status.path("running").asBoolean()) {
        if (status.hasNonNull("lastError")) {
          throw new IllegalStateException("the collection failed: " + status.get("lastError"));
        }
        return status.get("last");
      }
    }
  }

  private void create(URI api, int count) throws Exception {
    RawHttp.forEach(api, clients, count, (client, i) -> {
      String peer = "p" + String.format(Locale.ROOT, "%07d", i);
      RawHttp.Response.ok(client.send("POST", "/api/peers", "{\"name\":\"" + peer + "\"}"));
      RawHttp.Response.ok(client.send("PUT", "/api/peers/" + peer + "/autocommit", "{\"mode\":\"batch\"}"));
      for (int v = 0; v < 3; v++) {
        RawHttp.Response.ok(client.send("PUT", "/api/peers/" + peer + "/records/issues/r1",
            "{\"title\":\"issue of " + peer + "\",\"version\":" + v + "}"));
      }
    });
  }
}
