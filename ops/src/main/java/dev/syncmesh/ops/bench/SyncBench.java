package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.store.Dialect;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench sync}: two peers of one node (in this process, on a fresh database) share
 * a dataset; each round both change {@code --changes} records (disjoint, plus a few records whose
 * same field both change, settled by strategy {@code ours}) and one session of the first peer with
 * the second runs fetch, merge, resolve and push, timed over the HTTP API. Then a sync with
 * nothing to do. Medians over {@code --rounds}, after warm-up rounds.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "A two-way sync of changes on both sides, and a no-op sync, per dataset size.")
public final class SyncBench implements Callable<Integer> {
  private static final int TRANSACTION = 1000;

  @Option(names = "--records", defaultValue = "10000,100000", split = ",",
      description = "Dataset sizes, one JSON line each.")
  List<Integer> records;

  @Mixin SyncRounds plan;

  @Option(names = "--db", defaultValue = "h2", description = "h2 (a temporary file) or mysql.")
  String db;

  @Option(names = "--mysql-url", defaultValue = "${env:SYNCMESH_DB_URL:-jdbc:mysql://127.0.0.1:3306/}",
      description = "The MySQL server for --db mysql (root, empty password); a database is created and dropped.")
  String mysqlUrl;

  private final ObjectMapper json = new ObjectMapper();
  private RawHttp http;

  @Override
  public Integer call() throws Exception {
    Dialect dialect = Dialect.valueOf(db.toUpperCase(Locale.ROOT));
    for (int size : records) {
      plan.check(size);
      try (BenchDatabase database = BenchDatabase.create(dialect, mysqlUrl, "sync");
          SyncMeshNode node = SyncMeshNode.start(BenchNode.config(database.settings()))) {
        URI base = node.httpBaseUri();
        http = new RawHttp(base.getHost(), base.getPort());
        System.out.println(json.writeValueAsString(measure(size, dialect)));
        System.out.flush();
        http.close();
      }
    }
    return 0;
  }

  private Map<String, Object> measure(int size, Dialect dialect) throws Exception {
    ok("POST", "/api/peers", "{\"name\":\"a\"}");
    ok("POST", "/api/peers", "{\"name\":\"b\"}");
    ok("PUT", "/api/peers/a/remotes/r", "{\"peer\":\"b\"}");
    long buildStarted = System.nanoTime();
    for (int from = 0; from < size; from += TRANSACTION) {
      List<String> writes = new ArrayList<>();
      for (int i = from; i < Math.min(size, from + TRANSACTION); i++) {
        writes.add(write(i, "open", "initial"));
      }
      ok("POST", "/api/peers/a/transactions", transaction(writes));
    }
    ok("POST", "/api/peers/a/sync", "{\"remote\":\"r\",\"wait\":true}"); // b fast-forwards
    long buildMs = (System.nanoTime() - buildStarted) / 1_000_000;
    System.err.printf("bench sync: %d records built in %d ms%n", size, buildMs);

    List<Double> syncMs = new ArrayList<>();
    List<Double> noopMs = new ArrayList<>();
    long objects = 0;
    long bytes = 0;
    for (int round = 0; round < plan.warmUp + plan.rounds; round++) {
      change(size, round);
      long started = System.nanoTime();
      JsonNode result = ok("POST", "/api/peers/a/sync", "{\"remote\":\"r\",\"strategy\":\"ours\",\"wait\":true}");
      double elapsed = (System.nanoTime() - started) / 1e6;
      expect(result, "MERGED");
      if (!result.path("pushed").asBoolean() || result.path("conflicts").size() != plan.conflicts) {
        throw new IllegalStateException("the sync did not do the expected work: " + result);
      }
      long noopStarted = System.nanoTime();
      expect(ok("POST", "/api/peers/a/sync", "{\"remote\":\"r\",\"strategy\":\"ours\",\"wait\":true}"), "UP_TO_DATE");
      double noop = (System.nanoTime() - noopStarted) / 1e6;
      if (Boolean.getBoolean("syncmesh.bench.trace")) {
        System.err.println(result.path("startedAt") + " " + result.path("endedAt") + " " + result.path("phases"));
      }
      if (round >= plan.warmUp) {
        syncMs.add(elapsed);
        noopMs.add(noop);
        objects += result.path("objectsReceived").asLong();
        bytes += result.path("bytesReceived").asLong();
      }
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("records", size);
    line.put("changes", plan.changes);
    line.put("conflicts", plan.conflicts);
    line.put("db", dialect.name().toLowerCase(Locale.ROOT));
    line.put("syncMs", median(syncMs));
    line.put("noopSyncMs", median(noopMs));
    // One mesh shares one object store: a fetch finds every object in place and moves none.
    line.put("objectsMoved", objects / plan.rounds);
    line.put("bytesMoved", bytes / plan.rounds);
    line.put("rounds", plan.rounds);
    line.put("buildMs", buildMs);
    return line;
  }

  /**
   * Round {@code round}'s changes: each side changes its own records (a the even slots, b the odd
   * ones) and both change the field {@code state} of the first {@code --conflicts} records.
   */
  private void change(int size, int round) throws Exception {
    int stride = size / (2 * plan.changes);
    List<String> ours = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < plan.changes; i++) {
      int slot = (i * 2 * stride + round) % size;
      if (i < plan.conflicts) {
        ours.add(write(slot, "a-" + round, "initial"));
        theirs.add(write(slot, "b-" + round, "initial"));
      } else {
        ours.add(write(slot, "open", "a-" + round));
        theirs.add(write((slot + stride) % size, "open", "b-" + round));
      }
    }
    ok("POST", "/api/peers/a/transactions", transaction(ours));
    ok("POST", "/api/peers/b/transactions", transaction(theirs));
  }

  static String write(int n, String state, String note) {
    return "{\"key\":\"issues/i" + n + "\",\"value\":{\"title\":\"issue " + n
        + "\",\"state\":\"" + state + "\",\"note\":\"" + note + "\",\"n\":" + n + "}}";
  }

  static String transaction(List<String> writes) {
    return "{\"actor\":\"bench\",\"writes\":[" + String.join(",", writes) + "]}";
  }

  private JsonNode ok(String method, String path, String body) throws Exception {
    return http.ok(json, method, path, body);
  }

  static void expect(JsonNode result, String outcome) {
    if (!outcome.equals(result.path("outcome").asText())) {
      throw new IllegalStateException("expected " + outcome + ": " + result);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return Math.round(sorted.get(sorted.size() / 2) * 10) / 10.0;
  }
}
