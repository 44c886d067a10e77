package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.ops.harness.TcpProxy;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.remote.Credentials;
import dev.syncmesh.store.Dialect;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench federation}: two meshes of one node each, in this process, each on its own
 * fresh H2 database, the second reaching the first over HTTP through a byte-counting relay. The
 * first peer gets {@code --records} records; the second clones it (one sync session: fetch of
 * every object, fast-forward). Then rounds in which both sides change {@code --changes} records
 * (a few on the same field, settled by {@code ours}) and the second syncs (fetch, merge, push),
 * each followed by a sync with nothing to do. Bytes are counted on the wire, both directions,
 * HTTP included; {@code rawBytes} is the records' keys and canonical values.
 */
@Command(
    name = "federation",
    mixinStandardHelpOptions = true,
    description = "Clone, incremental two-way sync and no-op sync between two meshes over HTTP.")
public final class FederationBench implements Callable<Integer> {
  private static final int TRANSACTION = 1000;
  private static final String TOKEN = "bench-federation-token";

  @Option(names = "--records", defaultValue = "100000", description = "Records of the dataset.")
  int records;

  @Mixin SyncRounds plan;

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    plan.check(records);
    // The credential is bound to the wire's origin, known once the proxy runs.
    AtomicReference<String> wireOrigin = new AtomicReference<>();
    String variable = Credentials.variable("west");
    Credentials credentials =
        new Credentials(
            name ->
                name.equals(variable)
                    ? TOKEN
                    : name.equals(variable + Credentials.URL_SUFFIX) ? wireOrigin.get() : null);
    try (BenchDatabase westDb = BenchDatabase.create(Dialect.H2, null, "west");
        BenchDatabase eastDb = BenchDatabase.create(Dialect.H2, null, "east");
        SyncMeshNode west =
            SyncMeshNode.start(
                tokens().withFallback(BenchNode.config(westDb.settings())),
                List.of(new PeerFeature()));
        SyncMeshNode east =
            SyncMeshNode.start(
                BenchNode.config(eastDb.settings()), List.of(new PeerFeature(credentials)));
        TcpProxy wire = TcpProxy.to(west.httpBaseUri());
        RawHttp westApi = client(west);
        RawHttp eastApi = client(east)) {
      wireOrigin.set(Credentials.origin(wire.uri()));
      System.out.println(json.writeValueAsString(measure(westApi, eastApi, wire)));
      System.out.flush();
    }
    return 0;
  }

  private static com.typesafe.config.Config tokens() {
    return com.typesafe.config.ConfigFactory.parseMap(
        Map.of(
            "syncmesh.tokens", "east=" + TOKEN,
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
  }

  private static RawHttp client(SyncMeshNode node) {
    URI base = node.httpBaseUri();
    return new RawHttp(base.getHost(), base.getPort());
  }

  private Map<String, Object> measure(RawHttp west, RawHttp east, TcpProxy wire) throws Exception {
    ok(west, "POST", "/api/peers", "{\"name\":\"a\"}");
    ok(west, "PUT", "/api/peers/a/access", "{\"pull\":[\"east\"],\"push\":[\"east\"]}");
    long rawBytes = 0;
    for (int from = 0; from < records; from += TRANSACTION) {
      List<String> writes = new ArrayList<>();
      for (int i = from; i < Math.min(records, from + TRANSACTION); i++) {
        writes.add(SyncBench.write(i, "open", "initial"));
        rawBytes += rawSize(i, "open", "initial");
      }
      ok(west, "POST", "/api/peers/a/transactions", SyncBench.transaction(writes));
    }
    ok(east, "POST", "/api/peers", "{\"name\":\"b\"}");
    ok(east, "PUT", "/api/peers/b/remotes/west",
        "{\"url\":\"" + wire.uri() + "\",\"peer\":\"a\",\"credential\":\"west\"}");
    System.err.printf("bench federation: %d records (%d bytes raw) written%n", records, rawBytes);

    long wireBefore = wireBytes(wire);
    long started = System.nanoTime();
    JsonNode clone = ok(east, "POST", "/api/peers/b/sync", "{\"remote\":\"west\",\"wait\":true}");
    double cloneMs = (System.nanoTime() - started) / 1e6;
    SyncBench.expect(clone, "FAST_FORWARD");
    long cloneBytes = wireBytes(wire) - wireBefore;
    System.err.printf("bench federation: clone in %.0f ms, %d bytes%n", cloneMs, cloneBytes);
    if (Boolean.getBoolean("syncmesh.bench.trace")) {
      System.err.println("clone phases " + clone.path("phases"));
    }

    List<Double> syncMs = new ArrayList<>();
    List<Double> noopMs = new ArrayList<>();
    List<Long> syncBytes = new ArrayList<>();
    List<Long> noopBytes = new ArrayList<>();
    for (int round = 0; round < plan.warmUp + plan.rounds; round++) {
      change(west, east, round);
      long before = wireBytes(wire);
      long roundStarted = System.nanoTime();
      JsonNode result =
          ok(east, "POST", "/api/peers/b/sync", "{\"remote\":\"west\",\"strategy\":\"ours\",\"wait\":true}");
      double elapsed = (System.nanoTime() - roundStarted) / 1e6;
      long moved = wireBytes(wire) - before;
      if (Boolean.getBoolean("syncmesh.bench.trace")) {
        System.err.println(moved + " bytes " + result.path("phases"));
      }
      SyncBench.expect(result, "MERGED");
      if (!result.path("pushed").asBoolean() || result.path("conflicts").size() != plan.conflicts) {
        throw new IllegalStateException("the sync did not do the expected work: " + result);
      }
      long noopBefore = wireBytes(wire);
      long noopStarted = System.nanoTime();
      SyncBench.expect(ok(east, "POST", "/api/peers/b/sync", "{\"remote\":\"west\",\"wait\":true}"), "UP_TO_DATE");
      double noop = (System.nanoTime() - noopStarted) / 1e6;
      if (round >= plan.warmUp) {
        syncMs.add(elapsed);
        noopMs.add(noop);
        syncBytes.add(moved);
        noopBytes.add(wireBytes(wire) - noopBefore);
      }
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("records", records);
    line.put("cloneMs", Math.round(cloneMs));
    line.put("cloneBytes", cloneBytes);
    line.put("cloneRecordsPerSecond", Math.round(records / (cloneMs / 1000)));
    line.put("cloneObjects", clone.path("objectsReceived").asLong());
    line.put("rawBytes", rawBytes);
    line.put("changes", plan.changes);
    line.put("conflicts", plan.conflicts);
    line.put("syncMs", SyncBench.median(syncMs));
    line.put("syncBytes", Math.round(SyncBench.median(syncBytes.stream().map(Long::doubleValue).toList())));
    line.put("noopSyncMs", SyncBench.median(noopMs));
    line.put("noopSyncBytes", Math.round(SyncBench.median(noopBytes.stream().map(Long::doubleValue).toList())));
    line.put("rounds", plan.rounds);
    line.put("db", "h2");
    line.put("nodes", "2 in one process");
    return line;
  }

  /** Both sides change their own records, and the same field of the first {@code --conflicts}. */
  private void change(RawHttp west, RawHttp east, int round) throws Exception {
    int stride = records / (2 * plan.changes);
    List<String> theirs = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    for (int i = 0; i < plan.changes; i++) {
      int slot = (i * 2 * stride + round) % records;
      if (i < plan.conflicts) {
        ours.add(SyncBench.write(slot, "b-" + round, "initial"));
        theirs.add(SyncBench.write(slot, "a-" + round, "initial"));
      } else {
        ours.add(SyncBench.write(slot, "open", "b-" + round));
        theirs.add(SyncBench.write((slot + stride) % records, "open", "a-" + round));
      }
    }
    ok(west, "POST", "/api/peers/a/transactions", SyncBench.transaction(theirs));
    ok(east, "POST", "/api/peers/b/transactions", SyncBench.transaction(ours));
  }

  /** A record's key and canonical value, in bytes (the writes' keys sort as canonical JSON's). */
  private static long rawSize(int n, String state, String note) {
    String key = "issues/i" + n;
    String value =
        "{\"n\":" + n + ",\"note\":\"" + note + "\",\"state\":\"" + state + "\",\"title\":\"issue " + n + "\"}";
    return key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long wireBytes(TcpProxy wire) {
    return wire.bytesToServer() + wire.bytesFromServer();
  }

  private JsonNode ok(RawHttp http, String method, String path, String body) throws Exception {
    return http.ok(json, method, path, body);
  }
}
