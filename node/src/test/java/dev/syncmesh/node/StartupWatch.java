package dev.syncmesh.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Watches a node start, from before its process or actor system exists: polls management's {@code
 * /ready} and, each time it answers 200, connects to the API port right after. A node must never
 * say it is ready while its API refuses connections; every time it did is a violation.
 */
public final class StartupWatch implements AutoCloseable {
  private static final long POLL_MILLIS = 25;

  private final URI ready;
  private final InetSocketAddress api;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final long startedAt = System.nanoTime();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long firstReadyMillis = -1;

  private StartupWatch(URI management, String apiHost, int apiPort) {
    this.ready = URI.create(management + "/ready");
    this.api = new InetSocketAddress(apiHost, apiPort);
    this.thread = new Thread(this::poll, "startup-watch");
    thread.setDaemon(true);
  }

  /** Starts polling {@code management}'s {@code /ready} and the API at {@code apiHost:apiPort}. */
  public static StartupWatch start(URI management, String apiHost, int apiPort) {
    StartupWatch watch = new StartupWatch(management, apiHost, apiPort);
    watch.thread.start();
    return watch;
  }

  /** Each time {@code /ready} answered 200 while the API port refused a connection. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * Milliseconds from the start of the watch to the first 200 of {@code /ready}; -1 if none yet.
   */
  public long firstReadyMillis() {
    return firstReadyMillis;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll() {
    while (!stopped) {
      if (readyStatus() == 200) {
        long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        if (firstReadyMillis < 0) {
          firstReadyMillis = at;
        }
        if (!apiAccepts()) {
          violations.add(
              "/ready answered 200 at +" + at + " ms while " + api + " refused connections");
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private int readyStatus() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
      return -1;
    }
  }

  private boolean apiAccepts() {
    try (Socket socket = new Socket()) {
      socket.connect(api, 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
