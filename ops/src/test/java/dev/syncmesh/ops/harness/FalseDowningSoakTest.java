package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The other side of fast failover: under CPU saturation (busy threads in this JVM and a write
 * load on every node) no member is ever marked unreachable, let alone downed. Slow, so it runs
 * only when asked: {@code ops/bin/test -pl ops -Dtest=FalseDowningSoakTest -Dsyncmesh.soak.seconds=120}.
 */
@EnabledIfSystemProperty(named = "syncmesh.soak.seconds", matches = "\\d+")
class FalseDowningSoakTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void noMemberIsMarkedUnreachableUnderLoad() throws Exception {
    Duration soak = Duration.ofSeconds(Long.getLong("syncmesh.soak.seconds"));
    int burners = Integer.getInteger("syncmesh.soak.burners", 3);
    try (MeshHarness mesh = MeshHarness.builder().nodes(3).mainClass(CounterNode.class.getName()).start()) {
      try {
        mesh.awaitUp(Duration.ofSeconds(120));
        Set<String> all = mesh.nodes().stream().map(MeshNode::address).collect(Collectors.toSet());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < burners; i++) {
          threads.add(daemon(() -> burn(running)));
        }
        for (int i = 0; i < 6; i++) {
          MeshNode node = mesh.node(i % 3);
          int client = i;
          threads.add(daemon(() -> write(node, client, running, writes)));
        }
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + soak.toNanos();
        while (System.nanoTime() < end) {
          for (MeshNode node : mesh.nodes()) {
            node.management().members().ifPresent(view -> {
              if (!view.isExactlyUp(all)) {
                problems.add(System.currentTimeMillis() + " " + node.address() + " sees " + view);
              }
            });
          }
          // Fails at once if a node has exited (downed nodes exit).
          mesh.await(Duration.ofSeconds(1), "no node to exit", () -> true);
          Thread.sleep(250);
        }
        running.set(false);
        for (Thread t : threads) {
          t.join(10_000);
        }
        System.out.printf("soak: %d s, %d busy threads, %d acknowledged writes, %d problems%n",
            soak.toSeconds(), burners, writes.get(), problems.size());
        problems.stream().limit(10).forEach(System.out::println);
        assertThat(problems).isEmpty();
        mesh.awaitUp(Duration.ofSeconds(5));
      } catch (Throwable e) {
        mesh.markFailed();
        throw e;
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void burn(AtomicBoolean running) {
    long x = 0;
    while (running.get()) {
      for (int i = 0; i < 1_000_000; i++) {
        x = x * 31 + i;
      }
    }
    if (x == 42) {
      System.out.println(x);
    }
  }

  private static void write(MeshNode node, int client, AtomicBoolean running, AtomicLong writes) {
    int n = 0;
    while (running.get()) {
      HttpRequest request =
          HttpRequest.newBuilder(node.api("/counters/s" + client + "-" + (n++ % 50)))
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          writes.incrementAndGet();
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          return;
        }
      }
    }
  }
}
