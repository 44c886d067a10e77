package dev.syncmesh.ops.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link MeshHarness}: a {@code NodeMain} process on its own loopback address and
 * ports, configured only through environment variables (README.md, "Run a node"), logging to its own file.
 * Its addresses stay the same across restarts.
 */
public final class MeshNode {
  private final int index;
  private final String host;
  private final int httpPort;
  private final int managementPort;
  private final int remotingPort;
  private Map<String, String> environment;
  private final List<String> command;
  private final Path logFile;
  private final Management management;
  private Process process;
  private boolean expectedRunning;

  MeshNode(
      int index,
      String host,
      int[] ports,
      Map<String, String> environment,
      List<String> command,
      Path logFile) {
    this.index = index;
    this.host = host;
    this.httpPort = ports[0];
    this.managementPort = ports[1];
    this.remotingPort = ports[2];
    this.environment = Map.copyOf(environment);
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.management = new Management(managementUri());
  }

  public int index() {
    return index;
  }

  public String host() {
    return host;
  }

  public int httpPort() {
    return httpPort;
  }

  public int managementPort() {
    return managementPort;
  }

  public int remotingPort() {
    return remotingPort;
  }

  /** The API server, as {@code syncmesh --url} takes it: {@code http://127.0.0.11:40123}. */
  public URI baseUri() {
    return URI.create("http://" + host + ":" + httpPort);
  }

  /** The mesh API, without a trailing slash: {@code http://127.0.0.11:40123/api}. */
  public URI apiUri() {
    return URI.create(baseUri() + "/api");
  }

  /** A path under the mesh API: {@code api("/peers")}. */
  public URI api(String path) {
    return URI.create(apiUri() + path);
  }

  /** Pekko Management, without a trailing slash. */
  public URI managementUri() {
    return URI.create("http://" + host + ":" + managementPort);
  }

  public Management management() {
    return management;
  }

  /** The member address, as Pekko writes it: {@code pekko://syncmesh@127.0.0.11:40125}. */
  public String address() {
    return "pekko://syncmesh@" + host + ":" + remotingPort;
  }

  /** The environment the node process gets on top of the harness's own (SYNCMESH_* replaced). */
  public synchronized Map<String, String> environment() {
    return environment;
  }

  /** Changes variables for the next start (a variable mapped to null is removed). */
  synchronized void change(Map<String, String> variables) {
    Map<String, String> changed = new java.util.LinkedHashMap<>(environment);
    variables.forEach(
        (name, value) -> {
          if (value == null) {
            changed.remove(name);
          } else {
            changed.put(name, value);
          }
        });
    environment = Map.copyOf(changed);
  }

  /** Standard output and error of every run of this node, appended. */
  public Path logFile() {
    return logFile;
  }

  /** Whether the node's log (every run so far) contains {@code text}. */
  public boolean logContains(String text) {
    try {
      return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile, e);
    }
  }

  /** The current process id, if the node runs. */
  public synchronized Optional<Long> pid() {
    return isRunning() ? Optional.of(process.pid()) : Optional.empty();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether the node was started and not killed or stopped since, yet its process has exited. */
  synchronized boolean exitedUnexpectedly() {
    return expectedRunning && process != null && !process.isAlive();
  }

  synchronized String describeExit() {
    return "node " + index + " (" + address() + ") exited with code " + process.exitValue() + "; log " + logFile;
  }

  synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException("node " + index + " is already running");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SYNCMESH_"));
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Files.writeString(
          logFile,
          "=== harness: starting node " + index + " at " + java.time.Instant.now() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + index + ": " + e.getMessage(), e);
    }
    expectedRunning = true;
  }

  /** SIGKILL, after checking that the process is the one this harness started. */
  synchronized void kill9() {
    Process running = requireOurs();
    expectedRunning = false;
    running.destroyForcibly();
    waitFor(running, 10, "SIGKILL");
  }

  /** SIGTERM (coordinated shutdown: leave the cluster, hand over shards), then wait for the exit. */
  synchronized int stop(long timeoutSeconds) {
    Process running = requireOurs();
    expectedRunning = false;
    running.destroy();
    if (!waitFor(running, timeoutSeconds, "SIGTERM")) {
      running.destroyForcibly();
      waitFor(running, 10, "SIGKILL");
      throw new IllegalStateException(
          "node " + index + " did not stop within " + timeoutSeconds + " s of SIGTERM; killed; log " + logFile);
    }
    return running.exitValue();
  }

  /** Cleanup: kills the process if it still runs, whatever state the harness is in. */
  synchronized void destroy() {
    expectedRunning = false;
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor(process, 10, "SIGKILL");
    }
  }

  private Process requireOurs() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("node " + index + " is not running");
    }
    ProcessHandle handle =
        ProcessHandle.of(process.pid())
            .orElseThrow(() -> new IllegalStateException("node " + index + " has no process"));
    boolean ours =
        handle.parent().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false)
            && handle.info().arguments().map(a -> List.of(a).containsAll(command.subList(1, command.size()))).orElse(true);
    if (!ours) {
      throw new IllegalStateException("process " + process.pid() + " is not node " + index + " of this harness");
    }
    return process;
  }

  private boolean waitFor(Process p, long seconds, String signal) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for node " + index + " after " + signal, e);
    }
  }

  @Override
  public String toString() {
    return "node " + index + " " + address() + " (API " + baseUri() + ", management " + managementUri() + ")";
  }
}
