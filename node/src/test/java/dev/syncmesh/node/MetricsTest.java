package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.testing.MeshApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET :8558/metrics} on a real node: every line of the answer is Prometheus's text format,
 * and the counters of what the node did move when it does it: requests by route and status,
 * acknowledged writes and commits, sessions by outcome and their phases, store and cache, the
 * object store's pool, the JVM.
 */
class MetricsTest {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})?"
              + " (-?[0-9.eE+-]+|NaN|[+-]Inf)");
  private static final Pattern META = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static SyncMeshNode node;
  private static MeshApi api;

  @BeforeAll
  static void start() {
    node = SyncMeshNode.start(TestNodes.h2(data));
    api = new MeshApi(node.httpBaseUri());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theTextFormatParsesAndTheCountersMoveWithTheWork() throws Exception {
    HttpResponse<String> first = scrape();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Map<String, Double> before = parse(first.body());
    assertThat(before).containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");

    api.createPeer("m-a");
    api.createPeer("m-b");
    api.remote("m-a", "r", "m-b");
    api.put("m-a", "t/1", "{\"v\":1}");
    api.put("m-a", "t/2", "{\"v\":2}");
    api.ok("POST", "/peers/m-a/transactions", "{\"writes\":[{\"key\":\"t/3\",\"value\":{\"v\":3}}]}");
    api.problem(404, "peer-not-found", "GET", "/peers/nobody", null);
    assertThat(api.sync("m-a", "r", null).path("outcome").asText()).isEqualTo("REMOTE_BEHIND");

    Map<String, Double> after = parse(scrape().body());
    assertThat(moved(before, after, "syncmesh_writes_acknowledged_total{kind=\"record\"}")).isEqualTo(2);
    assertThat(moved(before, after, "syncmesh_writes_acknowledged_total{kind=\"transaction\"}")).isEqualTo(1);
    assertThat(moved(before, after, "syncmesh_commits_total")).isEqualTo(3);
    assertThat(moved(before, after, "syncmesh_sync_sessions_total{error=\"none\",outcome=\"REMOTE_BEHIND\"}"))
        .isEqualTo(1);
    assertThat(sum(after, "syncmesh_sync_phase_seconds_count{phase=\"FETCH\"")).isPositive();
    assertThat(sum(after, "syncmesh_http_requests_seconds_count{method=\"PUT\",route=\"/api/peers/*/records/*/*\",server=\"api\",status=\"2"))
        .isGreaterThanOrEqualTo(2);
    assertThat(sum(after, "syncmesh_http_requests_seconds_count{method=\"GET\",route=\"/api/peers/*\",server=\"api\",status=\"404\""))
        .isEqualTo(1);
    assertThat(moved(before, after, "syncmesh_store_objects_total{op=\"written\"}")).isPositive();
    assertThat(sum(after, "cache_gets_total{cache=\"objects\"")).isPositive();
    assertThat(sum(after, "hikaricp_connections_max{")).isPositive();
    assertThat(sum(after, "syncmesh_federation_bytes_total{")).isZero(); // no other mesh here
  }

  private static HttpResponse<String> scrape() throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.managementUri() + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every sample by its name and labels; any line that is not a sample or metadata fails. */
  private static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || META.matcher(line).matches()) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("a line of the text format: %s", line).isTrue();
      String labels = sample.group(2) == null ? "" : sample.group(2).replace(",}", "}");
      samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
    }
    return samples;
  }

  private static double moved(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).as("the metrics after").containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }

  /** The sum of the samples whose name and labels start with {@code prefix}. */
  private static double sum(Map<String, Double> samples, String prefix) {
    return samples.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(prefix))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
