package dev.syncmesh.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.syncmesh.http.ApiRoute;
import dev.syncmesh.http.RequestMetrics;
import dev.syncmesh.http.BrowserGuard;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the actor system {@code syncmesh} on Pekko Persistence JDBC in the node's
 * database, a member of the cluster (or joining it), Pekko Management, and the API server serving
 * the features' routes under {@code /api} (and their root routes, such as {@code /federation/v1}). {@link #close()} leaves the cluster and stops it all;
 * so does SIGTERM, through coordinated shutdown.
 */
public final class SyncMeshNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncMeshNode.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Void> system;
  private final NodeSettings settings;
  private final DatabaseSettings database;
  private final URI httpBaseUri;
  private final URI managementUri;

  private SyncMeshNode(
      ActorSystem<Void> system,
      NodeSettings settings,
      DatabaseSettings database,
      URI httpBaseUri,
      URI managementUri) {
    this.system = system;
    this.settings = settings;
    this.database = database;
    this.httpBaseUri = httpBaseUri;
    this.managementUri = managementUri;
  }

  /** Starts a node with the production features. */
  public static SyncMeshNode start(Config config) {
    return start(config, NodeFeatures.standard());
  }

  /**
   * Starts a node with the given features.
   *
   * @throws NodeStartException with a one-line reason when the node cannot start
   */
  public static SyncMeshNode start(Config config, List<NodeFeature> features) {
    long startedAt = System.nanoTime();
    NodeSettings settings = NodeSettings.fromConfig(config);
    DatabaseSettings database = databaseSettings(config);
    requireFreePorts(settings);
    settings.remotingTls().ifPresent(RemotingTls::verify);
    try (JournalSchema schema = JournalSchema.connect(database, settings.databaseConnectTimeout())) {
      ActorSystem<Void> system = createSystem(config, settings, database);
      try {
        schema.create(system, START_TIMEOUT);
        NodeReadiness readiness = watchReadiness(system);
        join(system, settings, startedAt);
        URI management = startManagement(system, settings);
        NodeContext context = new NodeContext(system, settings, database);
        List<Route> routes = features.stream().map(feature -> feature.start(context)).toList();
        List<Route> rootRoutes = features.stream().map(NodeFeature::rootRoute).toList();
        URI http =
            bind(system, settings, settings.httpPort(), "SYNCMESH_HTTP_PORT", "the API server",
                RequestMetrics.measured(
                    NodeMetrics.get(system).registry(),
                    "api",
                    ApiRoute.create(
                        routes,
                        rootRoutes,
                        settings.apiToken(),
                        new BrowserGuard(settings.host(), settings.allowedHosts()),
                        config.getBytes("syncmesh.http.max-body-size"))));
        readiness.apiBound();
        log.info(
            "node {} listening: API {}/api{}, management {}, database {} ({} ms)",
            settings.selfAddress(),
            http,
            settings.apiToken().isPresent() ? " (bearer token required)" : "",
            management,
            JournalSchema.describe(database),
            millisSince(startedAt));
        warnIfExposed(settings);
        return new SyncMeshNode(system, settings, database, http, management);
      } catch (RuntimeException | Error e) {
        stop(system);
        throw e;
      }
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public NodeSettings settings() {
    return settings;
  }

  public DatabaseSettings databaseSettings() {
    return database;
  }

  /** The API server, without a trailing slash: {@code http://127.0.0.1:8080}. */
  public URI httpBaseUri() {
    return httpBaseUri;
  }

  /** Pekko Management, without a trailing slash: {@code http://127.0.0.1:8558}. */
  public URI managementUri() {
    return managementUri;
  }

  /** Blocks until the actor system has stopped (closed, SIGTERM, or downed by the cluster). */
  public Optional<CoordinatedShutdown.Reason> awaitTermination() {
    system.getWhenTerminated().toCompletableFuture().join();
    return CoordinatedShutdown.get(system).getShutdownReason();
  }

  /** Leaves the cluster, unbinds and stops the actor system; returns when it has stopped. */
  @Override
  public void close() {
    stop(system);
  }

  private static DatabaseSettings databaseSettings(Config config) {
    try {
      return DatabaseSettings.fromConfig(config);
    } catch (IllegalArgumentException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
  }

  /**
   * Binds and releases each port first: a port in use or a host that is not ours is reported in
   * one line before anything starts (and before Pekko logs bind failures of its own).
   */
  private static void requireFreePorts(NodeSettings settings) {
    InetAddress host;
    try {
      host = InetAddress.getByName(settings.host());
    } catch (UnknownHostException e) {
      throw new NodeStartException("SYNCMESH_HOST '" + settings.host() + "' is not a known host");
    }
    requireFree(host, settings, settings.remotingPort(), "SYNCMESH_REMOTING_PORT");
    requireFree(host, settings, settings.managementPort(), "SYNCMESH_MANAGEMENT_PORT");
    requireFree(host, settings, settings.httpPort(), "SYNCMESH_HTTP_PORT");
  }

  private static void requireFree(InetAddress host, NodeSettings settings, int port, String env) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw cannotListen(settings, port, env, e);
    }
  }

  private static NodeStartException cannotListen(
      NodeSettings settings, int port, String env, Throwable e) {
    String reason = String.valueOf(e.getMessage());
    if (reason.toLowerCase().contains("in use")) {
      return new NodeStartException(
          "port " + port + " (" + env + ") on " + settings.host() + " is in use", e);
    }
    return new NodeStartException(
        "cannot listen on " + settings.host() + ":" + port + " (SYNCMESH_HOST, " + env + "): " + reason,
        e);
  }

  private static void warnIfExposed(NodeSettings settings) {
    try {
      boolean loopback = InetAddress.getByName(settings.host()).isLoopbackAddress();
      if (settings.apiToken().isEmpty() && !loopback) {
        log.warn(
            "the API listens on {} without SYNCMESH_API_TOKEN: anyone who reaches it can write",
            settings.host());
      }
      if (settings.remotingTls().isEmpty() && !loopback) {
        log.warn(
            "cluster remoting listens on {}:{} without TLS (SYNCMESH_REMOTING_TLS): any process"
                + " that reaches that port can join the cluster and send it commands",
            settings.host(),
            settings.remotingPort());
      }
    } catch (UnknownHostException e) {
      // Resolved when the ports were checked; nothing to warn about if it no longer resolves.
    }
  }

  private static ActorSystem<Void> createSystem(
      Config config, NodeSettings settings, DatabaseSettings database) {
    // The node's settings win over pekko.* even in a config assembled after resolution.
    Config derived =
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.remote.artery.canonical.hostname", settings.host(),
                    "pekko.remote.artery.canonical.port", settings.remotingPort(),
                    "pekko.management.http.hostname", settings.host(),
                    "pekko.management.http.port", settings.managementPort(),
                    "pekko.management.http.route-providers-read-only", !settings.managementWrite()))
            .withFallback(settings.remotingTls().map(RemotingTls::artery).orElse(ConfigFactory.empty()))
            .withFallback(JournalConfig.of(database));
    try {
      return ActorSystem.create(
          Behaviors.empty(), NodeSettings.SYSTEM_NAME, derived.withFallback(config));
    } catch (RuntimeException e) {
      if (find(e, BindException.class) != null) {
        throw cannotListen(settings, settings.remotingPort(), "SYNCMESH_REMOTING_PORT", e);
      }
      throw new NodeStartException("the actor system did not start: " + rootMessage(e), e);
    }
  }

  /**
   * Management starts before the API server binds (so that a node joining a cluster can be
   * watched), so {@code /ready} waits for the bind, and for the journal's database to answer.
   * Before the servers unbind at shutdown, the node stops being ready.
   */
  private static NodeReadiness watchReadiness(ActorSystem<Void> system) {
    NodeReadiness readiness = NodeReadiness.get(system);
    DataSource journal = JournalConfig.pool(system);
    readiness.watch("journal's database", within -> Database.ping(journal, within));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "syncmesh-not-ready",
            () -> {
              readiness.stopping();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return readiness;
  }

  private static void join(ActorSystem<Void> system, NodeSettings settings, long startedAt) {
    Cluster cluster = Cluster.get(system);
    List<String> seeds = settings.seedNodeAddresses();
    if (seeds.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      cluster
          .manager()
          .tell(new JoinSeedNodes(seeds.stream().map(AddressFromURIString::parse).toList()));
    }
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(
            () ->
                log.info(
                    "member {} is Up ({} ms after start)",
                    settings.selfAddress(),
                    millisSince(startedAt)));
  }

  /**
   * Pekko Management's routes on a server of the node's own, so that what changes the cluster
   * (leave, down: only with {@code SYNCMESH_MANAGEMENT_WRITE}) needs the API token, while the
   * health checks and the read routes stay open to probes.
   */
  private static URI startManagement(ActorSystem<Void> system, NodeSettings settings) {
    Route routes =
        PekkoManagement.get(system)
            .getRoutes(provider -> provider.withReadOnly(!settings.managementWrite()));
    return bind(
        system,
        settings,
        settings.managementPort(),
        "SYNCMESH_MANAGEMENT_PORT",
        "Pekko Management",
        ApiRoute.management(
            routes, settings.apiToken(), new BrowserGuard(settings.host(), settings.allowedHosts())));
  }

  private static URI bind(
      ActorSystem<Void> system,
      NodeSettings settings,
      int port,
      String env,
      String what,
      Route route) {
    ServerBinding binding =
        await(
            Http.get(system).newServerAt(settings.host(), port).bind(route),
            what,
            settings,
            port,
            env);
    binding.addToCoordinatedShutdown(UNBIND_TIMEOUT, system);
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return URI.create("http://" + host + ":" + binding.localAddress().getPort());
  }

  private static <T> T await(
      CompletionStage<T> stage, String what, NodeSettings settings, int port, String env) {
    try {
      return stage.toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeStartException("interrupted while starting " + what, e);
    } catch (TimeoutException e) {
      throw new NodeStartException(what + " did not start within " + START_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (find(e, BindException.class) != null) {
        throw cannotListen(settings, port, env, find(e, BindException.class));
      }
      throw new NodeStartException(what + " did not start: " + rootMessage(e), e);
    }
  }

  private static void stop(ActorSystem<Void> system) {
    system.terminate();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("the actor system did not stop within {} s", STOP_TIMEOUT.toSeconds());
    }
  }

  private static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
