package dev.syncmesh.ops.cli;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every client command takes ({@code --json}, {@code --timeout}, {@code --context};
 * {@code --url} is declared by {@link ApiCommand}), and what the client reads outside the command
 * line: the environment (API URL and token, the config file's place) and stdin. The token is never an option, so it never shows up in
 * a process list or a shell history.
 */
public final class ClientOptions {
  /** Where the client goes without --url or SYNCMESH_URL, as help says it. */
  static final String DEFAULT_URL =
      "the context's, else the node $SYNCMESH_HOST and $SYNCMESH_HTTP_PORT configure, else"
          + " http://127.0.0.1:8080";

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

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = {
        "Talk to this context's node, with its token, unless --url or $SYNCMESH_URL names one",
        "(default: the config file's current context; syncmesh context --help).",
        "The token: $SYNCMESH_API_TOKEN when set, else the context's."
      })
  private String context;

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
        K created =
            type == ClientOptions.class
                ? type.cast(new ClientOptions(env, stdin))
                : fallback.create(type);
        if (created instanceof ContextCommands.ContextCommand command) {
          command.env = env;
        }
        return created;
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
    ClientTarget target = ClientTarget.resolve(url, context, env);
    return new ApiClient(
        target.url(), target.token(), Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
  }
}
