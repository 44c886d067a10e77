package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.node.StartupWatch;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.ops.harness.WriteLoad.Write;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One real node process on MariaDB through a relay the test cuts, under write load: the node's
 * {@code /ready} is never 200 before its API accepts connections, turns 503 while the database is
 * gone (and writes then answer 503, never 201), and 200 again by itself once the database is back,
 * when writes succeed again; every acknowledged write reads back afterwards.
 */
class DatabaseOutageTest {
  /** Generous throughout: the machine has two cores and may run other tests. */
  private static final Duration UP = Duration.ofSeconds(120);

  private static final Duration NOT_READY_WITHIN = Duration.ofSeconds(30);
  private static final Duration READY_AGAIN_WITHIN = Duration.ofSeconds(60);
  private static final Duration WRITES_WITHIN = Duration.ofSeconds(90);
  /**
   * A peer whose journal write failed restarts, and its recovery waits for the snapshot store's
   * circuit breaker, which stays open for Pekko's default reset-timeout of 60 s once it opened:
   * writes to such a peer succeed up to about a minute after the database is back.
   */
  private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(150);
  private static final int CLIENTS = 4;

  @Test
  void notReadyWhileTheDatabaseIsCutReadyAgainAfterAndNoAcknowledgedWriteIsLost() throws Exception {
    MeshDatabase database = MeshDatabase.fresh();
    URI server = URI.create(database.url().substring("jdbc:".length()));
    try (CuttableProxy proxy = CuttableProxy.to(server.getHost(), server.getPort())) {
      MeshDatabase throughProxy =
          new MeshDatabase(
              "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database.name(),
              database.user(),
              database.password());
      try (MeshHarness mesh = MeshHarness.builder().nodes(1).database(throughProxy).start()) {
        try {
          outage(mesh, proxy);
        } catch (Throwable e) {
          mesh.markFailed();
          throw e;
        }
      }
    } finally {
      database.drop();
    }
  }

  private void outage(MeshHarness mesh, CuttableProxy proxy) throws Exception {
    MeshNode node = mesh.node(0);
    long started = System.nanoTime();
    try (StartupWatch watch =
        StartupWatch.start(node.managementUri(), node.host(), node.httpPort())) {
      mesh.awaitUp(UP);
      mesh.await(UP, "the watch to see /ready 200", () -> watch.firstReadyMillis() >= 0);
      assertThat(watch.violations())
          .as("/ready said 200 before the API accepted connections")
          .isEmpty();
    }
    long upMillis = millisSince(started);

    long cutAt;
    long restoredAt;
    long notReadyMillis;
    long readyAgainMillis;
    List<Write> writes;
    try (WriteLoad load = WriteLoad.start(node.apiUri(), CLIENTS, "outage-")) {
      mesh.await(
          WRITES_WITHIN,
          "10 acknowledged writes per client",
          () -> load.eachClientHas(10, Write::acknowledged));

      proxy.cut();
      cutAt = System.nanoTime();
      long[] slowestReady = {0};
      mesh.await(
          NOT_READY_WITHIN,
          "/ready 503 with the database cut",
          () -> readyStatus(node, slowestReady) == 503);
      notReadyMillis = millisSince(cutAt);
      // Each client gets an answer to a write it sent with the database already cut.
      mesh.await(
          WRITES_WITHIN,
          "an answer per client to a write sent while cut",
          () -> {
            assertThat(readyStatus(node, slowestReady)).as("/ready while cut").isEqualTo(503);
            return load.eachClientHas(1, w -> w.sentAt() > cutAt);
          });
      String readyWhileCut = readyText(node);
      // Pekko Management gives the checks 3 s; the node's own answers within 2 s.
      assertThat(slowestReady[0])
          .as("the slowest answer of /ready while cut, ms")
          .isLessThan(5_000);

      restoredAt = System.nanoTime();
      proxy.restore();
      mesh.await(
          READY_AGAIN_WITHIN, "/ready 200 with the database back", () -> readyStatus(node) == 200);
      readyAgainMillis = millisSince(restoredAt);
      mesh.await(
          RECOVERED_WITHIN,
          "5 acknowledged writes per client after the restore",
          () -> load.eachClientHas(5, w -> w.sentAt() > restoredAt && w.acknowledged()));
      load.close();
      writes = load.writes();

      List<Write> whileCut =
          writes.stream().filter(w -> w.sentAt() > cutAt && w.answeredAt() < restoredAt).toList();
      assertThat(whileCut)
          .as("writes sent and answered while cut")
          .hasSizeGreaterThanOrEqualTo(CLIENTS);
      assertThat(whileCut)
          .as("writes sent and answered while the database was cut")
          .allSatisfy(
              w -> {
                assertThat(w.status()).as(w.toString()).isEqualTo(503);
                assertThat(w.type()).as(w.toString()).isIn("unavailable", "timeout");
                assertThat(w.detail()).as(w.toString()).doesNotContain(INSIDES);
              });
      assertThat(readyWhileCut)
          .as("/ready while cut")
          .contains("journal's database")
          .doesNotContain(INSIDES)
          .doesNotContain("0x");

      List<Write> acknowledged = writes.stream().filter(Write::acknowledged).toList();
      for (Write write : acknowledged) {
        assertThat(load.read(write))
            .as("acknowledged " + write)
            .isEqualTo(WriteLoad.parse(write.value()));
      }
      // "unavailable" promises that nothing was written (docs/API.md); "timeout" promises nothing.
      for (Write write : writes) {
        if (write.type().equals("unavailable")) {
          assertThat(load.read(write))
              .as("answered unavailable, so not written: " + write)
              .isNull();
        }
      }
      System.out.println(
          summary(writes, cutAt, restoredAt, upMillis, notReadyMillis, readyAgainMillis, proxy)
              + "\n  slowest /ready while cut: "
              + slowestReady[0]
              + " ms");
    }

    String log = Files.readString(node.logFile(), StandardCharsets.UTF_8);
    assertThat(count(log, "WARN  d.s.node.NodeReadiness - not ready: the journal's database"))
        .as("the change to not ready is logged once, with the reason")
        .isEqualTo(1);
    assertThat(count(log, "d.s.node.NodeReadiness - ready again")).isEqualTo(1);
  }

  /** What a caller must never be told: database URLs, SQL, file paths, class names. */
  private static final String[] INSIDES = {
    "jdbc:", "Exception", "java.", "com.", "org.", "SELECT", "INSERT", "/tmp", "127.0.0.1:3306"
  };

  private static String readyText(MeshNode node) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(URI.create(node.managementUri() + "/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int readyStatus(MeshNode node) {
    return TestNodes.status(URI.create(node.managementUri() + "/ready"));
  }

  /** The status of {@code /ready}; keeps the slowest answer's time in {@code slowest[0]}. */
  private static int readyStatus(MeshNode node, long[] slowest) {
    long sent = System.nanoTime();
    int status = readyStatus(node);
    slowest[0] = Math.max(slowest[0], millisSince(sent));
    return status;
  }

  private static String summary(
      List<Write> writes,
      long cutAt,
      long restoredAt,
      long upMillis,
      long notReadyMillis,
      long readyAgainMillis,
      CuttableProxy proxy) {
    Map<String, Long> before = outcomes(writes, w -> w.sentAt() < cutAt);
    Map<String, Long> during =
        outcomes(writes, w -> w.sentAt() > cutAt && w.answeredAt() < restoredAt);
    Map<String, Long> straddling =
        outcomes(writes, w -> w.sentAt() < restoredAt && w.answeredAt() > restoredAt);
    Map<String, Long> after = outcomes(writes, w -> w.sentAt() > restoredAt);
    long slowestWhileCut =
        writes.stream()
            .filter(w -> w.sentAt() > cutAt && w.answeredAt() < restoredAt)
            .mapToLong(w -> TimeUnit.NANOSECONDS.toMillis(w.answeredAt() - w.sentAt()))
            .max()
            .orElse(-1);
    Map<Integer, Long> firstAckAfterRestore =
        writes.stream()
            .filter(w -> w.acknowledged() && w.answeredAt() > restoredAt)
            .collect(
                Collectors.toMap(
                    Write::client,
                    w -> TimeUnit.NANOSECONDS.toMillis(w.answeredAt() - restoredAt),
                    Math::min,
                    java.util.TreeMap::new));
    return "database outage: up in "
        + upMillis
        + " ms; /ready 503 "
        + notReadyMillis
        + " ms after the cut, 200 "
        + readyAgainMillis
        + " ms after the restore; first acknowledged write after the restore, ms by client "
        + firstAckAfterRestore
        + "; slowest answer while cut "
        + slowestWhileCut
        + " ms; connections refused while cut "
        + proxy.refused()
        + "\n  writes before the cut (by answer): "
        + before
        + "\n  sent and answered while cut: "
        + during
        + "\n  answered after the restore, sent before: "
        + straddling
        + "\n  sent after the restore: "
        + after;
  }

  private static Map<String, Long> outcomes(
      List<Write> writes, java.util.function.Predicate<Write> which) {
    return writes.stream()
        .filter(which)
        .collect(
            Collectors.groupingBy(
                w -> w.status() + (w.type().isEmpty() ? "" : " " + w.type()),
                java.util.TreeMap::new,
                Collectors.counting()));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
