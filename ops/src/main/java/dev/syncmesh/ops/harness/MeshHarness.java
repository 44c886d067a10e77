package dev.syncmesh.ops.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * N node JVMs as separate processes on loopback addresses (127.0.0.11, .12, ...; 127.0.0.1 where
 * only that one works) with distinct ports, all seeding from each other, on one MariaDB database
 * (a fresh one unless given, dropped on close). Nodes are configured only through the README's
 * environment variables. Every process it starts is killed on {@link #close()} or, failing that,
 * by a JVM shutdown hook. Logs go to one file per node in {@link #logFolder()}, deleted on a clean
 * close and kept (paths printed) after {@link #markFailed()} or any harness failure, or always
 * with {@code -Dsyncmesh.harness.keep-logs=true}.
 */
public final class MeshHarness implements AutoCloseable {
  /** The class every node runs unless a test asks for another. */
  public static final String NODE_MAIN = "dev.syncmesh.node.NodeMain";
  /** Small heaps (several nodes share a small machine); C1 only, which halves start-up CPU. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
  private static final long POLL_MILLIS = 100;

  private final List<MeshNode> nodes;
  private final MeshDatabase database;
  private final boolean ownsDatabase;
  private final Path logFolder;
  private final Thread shutdownHook;
  private volatile boolean failed;
  private boolean closed;

  private MeshHarness(List<MeshNode> nodes, MeshDatabase database, boolean ownsDatabase, Path logFolder) {
    this.nodes = List.copyOf(nodes);
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.logFolder = logFolder;
    this.shutdownHook = new Thread(() -> this.nodes.forEach(MeshNode::destroy), "mesh-harness-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code n} production nodes on a fresh database, started (not yet awaited). */
  public static MeshHarness start(int n) {
    return builder().nodes(n).start();
  }

  public int size() {
    return nodes.size();
  }

  public MeshNode node(int i) {
    return nodes.get(i);
  }

  public List<MeshNode> nodes() {
    return nodes;
  }

  /** The MariaDB database of the mesh; empty for an embedded one. */
  public Optional<MeshDatabase> database() {
    return Optional.ofNullable(database);
  }

  public Path logFolder() {
    return logFolder;
  }

  /** The nodes whose process runs now. */
  public List<MeshNode> running() {
    return nodes.stream().filter(MeshNode::isRunning).toList();
  }

  /**
   * Waits until every running node is ready and sees exactly the running nodes as members, all Up
   * and reachable (so a killed node must also have been removed).
   */
  public void awaitUp(Duration within) {
    await(within, "all running nodes Up in every running node's view", this::allUp);
  }

  /**
   * Polls {@code condition} until it holds; fails (keeping the logs) when {@code within} passes or
   * when a node that should run has exited.
   */
  public void await(Duration within, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      failIfANodeExited();
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure("timed out after " + within.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted waiting for " + what);
      }
    }
  }

  /** {@code kill -9} of node {@code i}: SIGKILL, no leaving, no handover. */
  public void kill9(int i) {
    node(i).kill9();
  }

  /** SIGTERM to node {@code i} and wait for it to leave and exit; returns its exit code. */
  public int stop(int i) {
    return node(i).stop(STOP_TIMEOUT.toSeconds());
  }

  /** Starts node {@code i} again with the same addresses and environment (stopping it first). */
  public void restart(int i) {
    if (node(i).isRunning()) {
      stop(i);
    }
    node(i).start();
  }

  /**
   * Starts node {@code i} again (stopping it first) with some variables changed, e.g. another
   * {@code SYNCMESH_CHAOS_PHASE_DELAY}; they stay changed for later restarts.
   */
  public void restart(int i, Map<String, String> variables) {
    if (node(i).isRunning()) {
      stop(i);
    }
    node(i).change(variables);
    node(i).start();
  }

  /** Keeps the logs after close and prints where they are (call when a test fails). */
  public void markFailed() {
    if (!failed) {
      failed = true;
      System.err.println(describeLogs());
    }
  }

  public String describeLogs() {
    return "mesh logs in "
        + logFolder
        + nodes.stream().map(n -> "\n  " + n + ": " + n.logFile()).collect(Collectors.joining());
  }

  /** Kills every node process, drops the database it made, removes the logs unless failed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    nodes.forEach(MeshNode::destroy);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is exiting; the hook runs anyway.
    }
    try {
      if (ownsDatabase) {
        database.drop();
      }
    } finally {
      if (!failed && !Boolean.getBoolean("syncmesh.harness.keep-logs")) {
        deleteTree(logFolder);
      }
    }
  }

  private boolean allUp() {
    List<MeshNode> up = running();
    Set<String> addresses = up.stream().map(MeshNode::address).collect(Collectors.toSet());
    for (MeshNode node : up) {
      boolean ok =
          node.management().ready()
              && node.management().members().map(v -> v.isExactlyUp(addresses)).orElse(false);
      if (!ok) {
        return false;
      }
    }
    return !up.isEmpty();
  }

  private void failIfANodeExited() {
    for (MeshNode node : nodes) {
      if (node.exitedUnexpectedly()) {
        throw failure(node.describeExit() + "\n" + tail(node.logFile(), 30));
      }
    }
  }

  private IllegalStateException failure(String message) {
    markFailed();
    return new IllegalStateException("mesh harness: " + message + "\n" + describeLogs());
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Clutter in the temporary folder only.
    }
  }

  /** What to start. */
  public static final class Builder {
    private int size = 3;
    private MeshDatabase database;
    private boolean embedded;
    private String mainClass = NODE_MAIN;
    private String classpath = System.getProperty("java.class.path");
    private Path launcher;
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<Integer, Map<String, String>> nodeEnvironment = new HashMap<>();
    private Path logFolder;

    private Builder() {}

    public Builder nodes(int n) {
      if (n < 1 || n > 200) {
        throw new IllegalArgumentException("from 1 to 200 nodes, not " + n);
      }
      this.size = n;
      return this;
    }

    /** The database every node uses; it is left in place on close. */
    public Builder database(MeshDatabase database) {
      this.database = database;
      return this;
    }

    /**
     * Each node on its own embedded H2 database in its data folder (no {@code SYNCMESH_DB_URL}),
     * instead of a MariaDB database: for a one-node mesh, since H2 is not shared between
     * processes.
     */
    public Builder embedded() {
      this.embedded = true;
      return this;
    }

    /** The class each node process runs (a test's own {@code main} adding a test-only feature). */
    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    /** The nodes' classpath; this JVM's own by default. */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /**
     * Nodes started as {@code <launcher> node} (a distribution's bin/syncmesh, JVM options in
     * SYNCMESH_JAVA_OPTS) instead of this JVM's java with {@link #classpath} and {@link #mainClass}.
     */
    public Builder launcher(Path launcher) {
      this.launcher = launcher;
      return this;
    }

    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** A variable for every node (e.g. {@code SYNCMESH_API_TOKEN}, {@code SYNCMESH_TOKENS}). */
    public Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** A variable for node {@code i} only (e.g. {@code SYNCMESH_CHAOS_PHASE_DELAY}). */
    public Builder env(int i, String name, String value) {
      nodeEnvironment.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(name, value);
      return this;
    }

    public Builder logFolder(Path folder) {
      this.logFolder = folder;
      return this;
    }

    /** Chooses addresses and ports, starts every node process at once, and returns. */
    public MeshHarness start() {
      if (embedded && (database != null || size > 1)) {
        throw new IllegalStateException("an embedded mesh has one node and no MariaDB database");
      }
      boolean ownsDatabase = database == null && !embedded;
      MeshDatabase db = embedded ? null : ownsDatabase ? MeshDatabase.fresh() : database;
      try {
        Path logs = logFolder != null ? Files.createDirectories(logFolder) : Files.createTempDirectory("syncmesh-mesh-");
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> hosts = hosts(size);
        List<int[]> ports = ports(hosts);
        String seeds =
            java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> hosts.get(i) + ":" + ports.get(i)[2])
                .collect(Collectors.joining(","));
        List<MeshNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          Map<String, String> env = new LinkedHashMap<>();
          env.put("SYNCMESH_HOST", hosts.get(i));
          env.put("SYNCMESH_HTTP_PORT", Integer.toString(ports.get(i)[0]));
          env.put("SYNCMESH_MANAGEMENT_PORT", Integer.toString(ports.get(i)[1]));
          env.put("SYNCMESH_REMOTING_PORT", Integer.toString(ports.get(i)[2]));
          env.put("SYNCMESH_SEED_NODES", seeds);
          if (db != null) {
            env.put("SYNCMESH_DB_URL", db.url());
            env.put("SYNCMESH_DB_USER", db.user());
            env.put("SYNCMESH_DB_PASSWORD", db.password());
          }
          env.put("SYNCMESH_DATA", logs.resolve("node" + i + "-data").toString());
          env.putAll(environment);
          env.putAll(nodeEnvironment.getOrDefault(i, Map.of()));
          List<String> options = new ArrayList<>(jvmOptions);
          options.add("-Dsyncmesh.harness.node=" + id + "-" + i);
          List<String> command = new ArrayList<>();
          if (launcher != null) {
            env.put("SYNCMESH_JAVA_OPTS", String.join(" ", options));
            command.addAll(List.of(launcher.toString(), "node"));
          } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.addAll(List.of("-cp", classpath, mainClass));
          }
          nodes.add(new MeshNode(i, hosts.get(i), ports.get(i), env, command, logs.resolve("node" + i + ".log")));
        }
        MeshHarness harness = new MeshHarness(nodes, db, ownsDatabase, logs);
        try {
          nodes.forEach(MeshNode::start);
        } catch (RuntimeException e) {
          harness.markFailed();
          harness.close();
          throw e;
        }
        return harness;
      } catch (IOException e) {
        if (ownsDatabase) {
          db.drop();
        }
        throw new UncheckedIOException(e);
      }
    }

    /** 127.0.0.11, .12, ... when the system routes them (Linux does); otherwise 127.0.0.1. */
    private static List<String> hosts(int n) {
      List<String> hosts = new ArrayList<>();
      boolean distinct = n <= 200 && canBind("127.0.0.11") && canBind("127.0.0." + (10 + n));
      for (int i = 0; i < n; i++) {
        hosts.add(distinct ? "127.0.0." + (11 + i) : "127.0.0.1");
      }
      return hosts;
    }

    /** HTTP, management and remoting ports per node, free now and distinct across the mesh. */
    private static List<int[]> ports(List<String> hosts) {
      Set<Integer> taken = new HashSet<>();
      List<int[]> ports = new ArrayList<>();
      for (String host : hosts) {
        int[] three = new int[3];
        for (int k = 0; k < 3; k++) {
          int port;
          do {
            port = freePort(host);
          } while (!taken.add(port));
          three[k] = port;
        }
        ports.add(three);
      }
      return ports;
    }

    private static boolean canBind(String host) {
      try {
        freePort(host);
        return true;
      } catch (UncheckedIOException e) {
        return false;
      }
    }

    private static int freePort(String host) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The last lines of a node's log, for a failure message. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
