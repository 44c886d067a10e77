package dev.syncmesh.ops.cli;

import java.net.URI;
import java.util.Map;

/**
 * The node a client call goes to and the token it sends, each with where it came from. The URL:
 * {@code --url}, else $SYNCMESH_URL, else the context ({@code --context}, else the config file's
 * current-context), else the node $SYNCMESH_HOST and $SYNCMESH_HTTP_PORT configure, else
 * http://127.0.0.1:8080. The token: $SYNCMESH_API_TOKEN, else the context's, which goes only to
 * the context's own URL (never to one --url or $SYNCMESH_URL names instead).
 */
record ClientTarget(URI url, String urlSource, String token, String tokenSource) {

  static ClientTarget resolve(String urlOption, String contextOption, Map<String, String> env)
      throws CliException {
    String given = urlOption == null ? "" : urlOption.strip();
    String fromEnv = env.getOrDefault("SYNCMESH_URL", "").strip();
    ClientConfig.Context context = null;
    String text;
    String source;
    if (!given.isEmpty()) {
      text = given;
      source = "--url";
    } else if (!fromEnv.isEmpty()) {
      text = fromEnv;
      source = "SYNCMESH_URL";
    } else if ((context = context(contextOption, env)) != null) {
      text = context.url();
      source = "context " + context.name();
    } else {
      text = configuredNode(env);
      source = env.containsKey("SYNCMESH_HOST") || env.containsKey("SYNCMESH_HTTP_PORT")
          ? "SYNCMESH_HOST and SYNCMESH_HTTP_PORT"
          : "the default";
    }
    URI url;
    try {
      url = parseUrl(text);
    } catch (IllegalArgumentException e) {
      String name = source.equals("--url") || source.equals("SYNCMESH_URL") ? source : "the URL";
      throw new CliException(
          ExitCodes.USAGE, "invalid option", name + " '" + text + "' is not an http(s) URL");
    }
    String token = env.getOrDefault("SYNCMESH_API_TOKEN", "").strip();
    if (!token.isEmpty()) {
      return new ClientTarget(url, source, token, "token from $SYNCMESH_API_TOKEN");
    }
    if (context != null) {
      return new ClientTarget(url, source, context.token().read(env), context.token().describe());
    }
    return new ClientTarget(url, source, null, "no token");
  }

  /**
   * The context named by {@code option}, else the current one; null when there is none. Without
   * a config file (most calls) nothing is read and Jackson's TOML module is never loaded.
   */
  private static ClientConfig.Context context(String option, Map<String, String> env)
      throws CliException {
    if (option == null && !ClientConfig.location(env).isFile()) {
      return null;
    }
    ClientConfig config = ClientConfig.load(env);
    if (option != null) {
      return config.context(option, ExitCodes.USAGE);
    }
    return config.current() == null ? null : config.context(config.current(), ExitCodes.USAGE);
  }

  /**
   * The node this environment configures for itself (as inside a node's container, where
   * {@code syncmesh} then reaches its own node): SYNCMESH_HOST and SYNCMESH_HTTP_PORT, each
   * defaulting as the node's do.
   */
  private static String configuredNode(Map<String, String> env) {
    String host = env.getOrDefault("SYNCMESH_HOST", "").strip();
    String port = env.getOrDefault("SYNCMESH_HTTP_PORT", "").strip();
    host = host.isEmpty() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + host + ":" + (port.isEmpty() ? "8080" : port);
  }

  /** A node's base URL: http(s), a host, no query; trailing slashes dropped. */
  static URI parseUrl(String text) {
    URI uri = URI.create(text.strip().replaceAll("/+$", ""));
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null) {
      throw new IllegalArgumentException("not an http(s) URL");
    }
    return uri;
  }
}
