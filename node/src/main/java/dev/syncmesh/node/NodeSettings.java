package dev.syncmesh.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.syncmesh.http.ApiToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The node's own settings ({@code syncmesh.*}), validated once at start. Every error names the
 * environment variable to fix, so that a bad value stops the node with one clear line.
 *
 * @param seedNodes remoting addresses as {@code host:port}; empty means the node joins itself
 * @param federationTokens tokens accepted on the federation API, by name ({@code SYNCMESH_TOKENS})
 * @param chaosPhaseDelay fault injection ({@code SYNCMESH_CHAOS_PHASE_DELAY}), carried as given
 */
public record NodeSettings(
    String host,
    int httpPort,
    int managementPort,
    int remotingPort,
    List<String> seedNodes,
    boolean managementWrite,
    Optional<ApiToken> apiToken,
    Map<String, ApiToken> federationTokens,
    String chaosPhaseDelay,
    Duration databaseConnectTimeout,
    List<String> allowedHosts,
    Optional<RemotingTls> remotingTls) {

  /** The actor system's name, part of every member address ({@code pekko://syncmesh@host:port}). */
  public static final String SYSTEM_NAME = "syncmesh";

  private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:-]+");

  public NodeSettings {
    seedNodes = List.copyOf(seedNodes);
    allowedHosts = List.copyOf(allowedHosts);
    federationTokens = Map.copyOf(federationTokens);
  }

  public static NodeSettings fromConfig(Config config) {
    String host = host(text(config, "syncmesh.host", "SYNCMESH_HOST"), "SYNCMESH_HOST");
    int http = port(config, "syncmesh.http.port", "SYNCMESH_HTTP_PORT");
    int management = port(config, "syncmesh.management.port", "SYNCMESH_MANAGEMENT_PORT");
    int remoting = port(config, "syncmesh.remoting.port", "SYNCMESH_REMOTING_PORT");
    distinct(http, "SYNCMESH_HTTP_PORT", management, "SYNCMESH_MANAGEMENT_PORT");
    distinct(http, "SYNCMESH_HTTP_PORT", remoting, "SYNCMESH_REMOTING_PORT");
    distinct(management, "SYNCMESH_MANAGEMENT_PORT", remoting, "SYNCMESH_REMOTING_PORT");
    String logFormat = text(config, "syncmesh.log.format", "SYNCMESH_LOG_FORMAT").trim();
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new NodeStartException("SYNCMESH_LOG_FORMAT must be text or json, not '" + logFormat + "'");
    }
    String apiToken = text(config, "syncmesh.api-token", "SYNCMESH_API_TOKEN");
    boolean managementWrite =
        flag(config, "syncmesh.management.allow-write", "SYNCMESH_MANAGEMENT_WRITE");
    if (managementWrite && apiToken.isBlank()) {
      throw new NodeStartException(
          "SYNCMESH_MANAGEMENT_WRITE needs SYNCMESH_API_TOKEN: management's leave and down routes"
              + " take the API token, and without one anyone who reaches the port could down nodes");
    }
    return new NodeSettings(
        host,
        http,
        management,
        remoting,
        seedNodes(text(config, "syncmesh.seed-nodes", "SYNCMESH_SEED_NODES")),
        managementWrite,
        apiToken.isBlank() ? Optional.empty() : Optional.of(ApiToken.of(apiToken)),
        federationTokens(text(config, "syncmesh.tokens", "SYNCMESH_TOKENS")),
        text(config, "syncmesh.chaos.phase-delay", "SYNCMESH_CHAOS_PHASE_DELAY").trim(),
        duration(config, "syncmesh.db.connect-timeout"),
        allowedHosts(text(config, "syncmesh.http.allowed-hosts", "SYNCMESH_HTTP_ALLOWED_HOSTS")),
        flag(config, "syncmesh.remoting.tls.enabled", "SYNCMESH_REMOTING_TLS")
            ? Optional.of(
                RemotingTls.of(
                    text(config, "syncmesh.remoting.tls.key-store", "SYNCMESH_REMOTING_KEY_STORE"),
                    text(config, "syncmesh.remoting.tls.trust-store", "SYNCMESH_REMOTING_TRUST_STORE"),
                    text(config, "syncmesh.remoting.tls.password", "SYNCMESH_REMOTING_TLS_PASSWORD")))
            : Optional.empty());
  }

  /** Host names, comma-separated; each must be a host name. */
  static List<String> allowedHosts(String value) {
    List<String> hosts = new ArrayList<>();
    for (String entry : value.split(",")) {
      if (!entry.isBlank()) {
        hosts.add(host(entry, "SYNCMESH_HTTP_ALLOWED_HOSTS"));
      }
    }
    return hosts;
  }

  /** The Pekko addresses of the seed nodes, in the order given. */
  public List<String> seedNodeAddresses() {
    return seedNodes.stream().map(NodeSettings::address).toList();
  }

  /** This node's own member address. */
  public String selfAddress() {
    return address(host + ":" + remotingPort);
  }

  private static String address(String hostAndPort) {
    return "pekko://" + SYSTEM_NAME + "@" + hostAndPort;
  }

  private static String text(Config config, String path, String env) {
    try {
      Object value = config.getValue(path).unwrapped();
      return value == null ? "" : value.toString();
    } catch (ConfigException e) {
      throw new NodeStartException(env + " (" + path + ") is missing or not a plain value");
    }
  }

  private static String host(String value, String env) {
    String host = value.trim();
    if (!HOST.matcher(host).matches()) {
      throw new NodeStartException(env + " must be a host name or IP address, not '" + host + "'");
    }
    return host;
  }

  private static int port(Config config, String path, String env) {
    return port(text(config, path, env).trim(), env);
  }

  private static int port(String value, String env) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NodeStartException(env + " must be a port number from 1 to 65535, not '" + value + "'");
  }

  private static void distinct(int a, String aEnv, int b, String bEnv) {
    if (a == b) {
      throw new NodeStartException(aEnv + " and " + bEnv + " must differ; both are " + a);
    }
  }

  private static boolean flag(Config config, String path, String env) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException e) {
      throw new NodeStartException(
          env + " must be true or false, not '" + text(config, path, env) + "'");
    }
  }

  private static Duration duration(Config config, String path) {
    try {
      return config.getDuration(path);
    } catch (ConfigException e) {
      throw new NodeStartException(path + " must be a duration such as 10s");
    }
  }

  static List<String> seedNodes(String value) {
    List<String> seeds = new ArrayList<>();
    for (String entry : value.split(",")) {
      String seed = entry.trim();
      if (seed.isEmpty()) {
        continue;
      }
      int colon = seed.lastIndexOf(':');
      if (colon <= 0) {
        throw new NodeStartException(
            "SYNCMESH_SEED_NODES must be comma-separated host:port, not '" + seed + "'");
      }
      String host = host(seed.substring(0, colon), "SYNCMESH_SEED_NODES");
      int port = port(seed.substring(colon + 1), "SYNCMESH_SEED_NODES");
      seeds.add(host + ":" + port);
    }
    return seeds;
  }

  /** {@code name=token,...}; the error messages never repeat a token. */
  static Map<String, ApiToken> federationTokens(String value) {
    Map<String, ApiToken> tokens = new LinkedHashMap<>();
    String[] entries = value.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String name = equals < 0 ? "" : entry.substring(0, equals).trim();
      String token = equals < 0 ? "" : entry.substring(equals + 1).trim();
      if (!TOKEN_NAME.matcher(name).matches() || token.isEmpty()) {
        throw new NodeStartException(
            "SYNCMESH_TOKENS must be name=token pairs separated by commas; entry "
                + (i + 1)
                + " is not");
      }
      if (tokens.put(name, ApiToken.of(token)) != null) {
        throw new NodeStartException("SYNCMESH_TOKENS names '" + name + "' twice");
      }
    }
    return tokens;
  }
}
