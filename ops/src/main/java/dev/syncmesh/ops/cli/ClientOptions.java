package dev.syncmesh.ops.cli;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every client command takes ({@code --json}, {@code --timeout}; {@code --url} is
 * declared by {@link ApiCommand}), and what the client reads outside the command line: the
 * environment (API URL and token) and stdin. The token is never an option, so it never shows up in
 * a process list or a shell history.
 */
public final class ClientOptions {
  /** Where the client goes without --url or SYNCMESH_URL, as help says it. */
  static final String DEFAULT_URL =
      "the node $SYNCMESH_HOST and $SYNCMESH_HTTP_PORT configure, else http://127.0.0.1:8080";

  private final Map<String, String> env;
  private final InputStream stdin;

  @Option(names = "--json", description = "Print the API's JSON reply as it is, for scripts.")
  private boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Give up on a reply after this many seconds (default: ${DEFAULT-VALUE}).")
  private double timeoutSeconds;

  public ClientOptions() {
    this(System.getenv(), System.in);
  }

  ClientOptions(Map<String, String> env, InputStream stdin) {
    this.env = env;
    this.stdin = stdin;
  }

  /** A picocli factory whose commands read this environment and stdin instead of the process's. */
  public static CommandLine.IFactory factory(Map<String, String> env, InputStream stdin) {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == ClientOptions.class
            ? type.cast(new ClientOptions(env, stdin))
            : fallback.create(type);
      }
    };
  }

  boolean json() {
    return json;
  }

  InputStream stdin() {
    return stdin;
  }

  /** The client of the node at {@code url} (the option's value, or null for the default). */
  ApiClient client(String url) throws CliException {
    if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
      throw new CliException(
          ExitCodes.USAGE, "invalid option", "--timeout must be between 0 and 86400 seconds");
    }
    String token = env.get("SYNCMESH_API_TOKEN");
    return new ApiClient(
        baseUri(url),
        token == null || token.isBlank() ? null : token.strip(),
        Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
  }

  /**
   * The node this environment configures for itself (as inside a node's container, where
   * {@code syncmesh} then reaches its own node): SYNCMESH_HOST and SYNCMESH_HTTP_PORT, each
   * defaulting as the node's do.
   */
  private String configuredNode() {
    String host = env.getOrDefault("SYNCMESH_HOST", "").strip();
    String port = env.getOrDefault("SYNCMESH_HTTP_PORT", "").strip();
    host = host.isEmpty() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + host + ":" + (port.isEmpty() ? "8080" : port);
  }

  private URI baseUri(String url) throws CliException {
    String given = url != null ? url : env.getOrDefault("SYNCMESH_URL", "");
    String text = given.isBlank() ? configuredNode() : given.strip();
    try {
      URI uri = URI.create(text.replaceAll("/+$", ""));
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getQuery() != null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, "invalid option", "--url '" + text + "' is not an http(s) URL");
    }
  }
}
