package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.store.Dialect;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmesh bench cli}: the client's start-up as a user feels it. A node in this process (a
 * fresh H2 database) holds {@code --peers} peers; {@code bin/syncmesh peer list} of this
 * installation runs {@code --runs} times against it, each time a new process timed from its start
 * to its exit, in turn with {@code java -version} of the same JVM (the floor any Java client
 * has). One JSON line: the medians, min and max, and their ratio.
 */
@Command(
    name = "cli",
    mixinStandardHelpOptions = true,
    description = "Client start-up: wall time of `syncmesh peer list` against a running node.")
public final class CliBench implements Callable<Integer> {
  /** The goal issue 16 sets for the median. */
  private static final long GOAL_MILLIS = 300;

  @Option(names = "--runs", defaultValue = "20", description = "Timed runs of each command.")
  int runs;

  @Option(names = "--peers", defaultValue = "10", description = "Peers the node holds (peer list prints them).")
  int peers;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || peers < 0) {
      throw new IllegalArgumentException("--runs must be positive and --peers not negative");
    }
    String home = System.getenv("SYNCMESH_HOME");
    if (home == null || !Files.isExecutable(Path.of(home, "bin", "syncmesh"))) {
      throw new IllegalStateException("run it as `syncmesh bench cli` (bin/syncmesh sets SYNCMESH_HOME)");
    }
    String launcher = Path.of(home, "bin", "syncmesh").toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (BenchDatabase database = BenchDatabase.create(Dialect.H2, "", "cli");
        SyncMeshNode node = SyncMeshNode.start(BenchNode.config(database.settings()))) {
      URI base = node.httpBaseUri();
      createPeers(base);
      List<String> client = List.of(launcher, "peer", "list", "--url", base.toString());
      List<String> floor = List.of(java, "-version");
      // Not counted: the first client call of an installation writes its class-data archive.
      time(client);
      time(floor);
      List<Long> clientNanos = new ArrayList<>();
      List<Long> floorNanos = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        clientNanos.add(time(client));
        floorNanos.add(time(floor));
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("command", "syncmesh peer list");
      line.put("peers", peers);
      line.put("runs", runs);
      line.put("medianMillis", millis(median(clientNanos)));
      line.put("minMillis", millis(clientNanos.stream().min(Long::compare).orElseThrow()));
      line.put("maxMillis", millis(clientNanos.stream().max(Long::compare).orElseThrow()));
      line.put("javaVersionMedianMillis", millis(median(floorNanos)));
      line.put("ratioToJavaVersion", Math.round(100.0 * median(clientNanos) / median(floorNanos)) / 100.0);
      line.put("goalMillis", GOAL_MILLIS);
      line.put("cores", Runtime.getRuntime().availableProcessors());
      System.out.println(new ObjectMapper().writeValueAsString(line));
    }
    return 0;
  }

  private void createPeers(URI base) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < peers; i++) {
      HttpRequest create =
          HttpRequest.newBuilder(base.resolve("/api/peers"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i + "\"}"))
              .build();
      int status = http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 201) {
        throw new IllegalStateException("creating peer bench-" + i + " answered " + status);
      }
    }
  }

  /** One run's wall time; a run that fails or exits non-zero fails the benchmark. */
  private static long time(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " ran over 60 s");
    }
    long elapsed = System.nanoTime() - started;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
    }
    return elapsed;
  }

  private static long median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
