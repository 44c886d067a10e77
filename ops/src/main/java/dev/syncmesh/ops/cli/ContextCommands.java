package dev.syncmesh.ops.cli;

import dev.syncmesh.ops.cli.ClientConfig.Context;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code syncmesh context list|show|use|add|remove}: the config file's named nodes. */
@Command(
    name = "context",
    description = {
      "List, show, choose, add and remove the nodes you talk to (contexts).",
      "A context is a node's URL and where its token is, kept in $SYNCMESH_CONFIG, else in",
      "$XDG_CONFIG_HOME/syncmesh/config.toml, else in ~/.config/syncmesh/config.toml.",
      "Client commands use the current context, or the one --context names; --url and",
      "$SYNCMESH_URL override it, $SYNCMESH_API_TOKEN overrides its token."
    },
    mixinStandardHelpOptions = true,
    footer = ExitCodes.POINTER,
    subcommands = {
      ContextCommands.ListContexts.class,
      ContextCommands.Show.class,
      ContextCommands.Use.class,
      ContextCommands.Add.class,
      ContextCommands.Remove.class
    })
public final class ContextCommands {
  static final String NAME_RULE = "letters, digits, - and _ (at most 63), starting with a letter or digit";

  /** A command on the config file; the environment is the one ClientOptions.factory was given. */
  @Command(mixinStandardHelpOptions = true, footer = ExitCodes.POINTER)
  abstract static class ContextCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    Map<String, String> env = System.getenv();

    @Override
    public final Integer call() {
      try {
        return execute(spec.commandLine().getOut());
      } catch (CliException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(e.line());
        err.flush();
        return e.exitCode();
      }
    }

    abstract int execute(PrintWriter out) throws CliException;

    ClientConfig config() throws CliException {
      return ClientConfig.load(env);
    }
  }

  @Command(name = "list", description = "List the contexts; * marks the current one.")
  static final class ListContexts extends ContextCommand {
    @Override
    int execute(PrintWriter out) throws CliException {
      ClientConfig config = config();
      if (config.contexts().isEmpty()) {
        out.println("no contexts in " + config.file() + "; add one: syncmesh context add NAME --url URL");
        return ExitCodes.OK;
      }
      int width = config.contexts().keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Context context : config.contexts().values()) {
        String mark = context.name().equals(config.current()) ? "* " : "  ";
        out.printf("%s%-" + width + "s  %s  (%s)%n", mark, context.name(), context.url(), context.token().describe());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      description = {
        "Show which node and token client commands use now, and why: the config file, the",
        "context, and whether an option or variable overrides it. Never prints the token."
      })
  static final class Show extends ContextCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "NAME",
        description = "The context to show as --context NAME would use it (default: the current one).")
    String name;

    @Override
    int execute(PrintWriter out) throws CliException {
      ClientConfig config = config();
      String context = name != null ? name : config.current();
      out.println("config file: " + config.file() + (config.file().toFile().isFile() ? "" : " (none)"));
      if (context != null) {
        Context chosen = config.context(context, name != null ? ExitCodes.NOT_FOUND : ExitCodes.INVALID_INPUT);
        out.println("context: " + context + (name == null ? " (current)" : ""));
        out.println("  url: " + chosen.url());
        out.println("  " + chosen.token().describe());
      } else {
        out.println("context: none");
      }
      ClientTarget target = ClientTarget.resolve(null, name, env);
      out.println("node: " + target.url() + " (from " + target.urlSource() + ")");
      if (context != null && !target.urlSource().startsWith("context")) {
        out.println("  " + target.urlSource() + " overrides the context, and its token is not sent");
      }
      out.println(target.tokenSource());
      return ExitCodes.OK;
    }
  }

  @Command(name = "use", description = "Make a context the current one.")
  static final class Use extends ContextCommand {
    @Parameters(paramLabel = "NAME", description = "The context client commands are to use.")
    String name;

    @Override
    int execute(PrintWriter out) throws CliException {
      ClientConfig config = config();
      config.context(name, ExitCodes.NOT_FOUND);
      ConfigFile.write(config.using(name));
      out.println("current context: " + name);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "add",
      description = {
        "Add a context: a node's URL and where its token is (a variable's name or a file;",
        "never the token itself). The first context added becomes the current one."
      })
  static final class Add extends ContextCommand {
    @Parameters(paramLabel = "NAME", description = "The new context's name: " + NAME_RULE + ".")
    String name;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The node's base URL.")
    String url;

    @ArgGroup(exclusive = true)
    TokenOption token;

    static final class TokenOption {
      @Option(
          names = "--token-env",
          paramLabel = "VARIABLE",
          description = "The environment variable that holds the node's API token.")
      String variable;

      @Option(
          names = "--token-file",
          paramLabel = "FILE",
          description = "The file that holds the node's API token (kept as an absolute path).")
      Path file;
    }

    @Option(names = "--use", description = "Make it the current context too.")
    boolean use;

    @Override
    int execute(PrintWriter out) throws CliException {
      if (!ClientConfig.validName(name)) {
        throw CliException.invalid("invalid context name", "'" + name + "': " + NAME_RULE);
      }
      try {
        ClientTarget.parseUrl(url);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "invalid option", "--url '" + url + "' is not an http(s) URL");
      }
      ClientConfig config = config();
      if (config.contexts().containsKey(name)) {
        throw new CliException(
            ExitCodes.CONFLICT, "context exists", "context " + name + " is in " + config.file() + "; remove it first");
      }
      Context context = new Context(name, url.strip(), tokenSource());
      ClientConfig added = config.with(context);
      boolean current = use || config.current() == null;
      ConfigFile.write(current ? added.using(name) : added);
      out.println("context " + name + ": " + context.url() + " (" + context.token().describe() + ")" + (current ? ", current" : ""));
      return ExitCodes.OK;
    }

    private ClientConfig.TokenSource tokenSource() throws CliException {
      if (token == null) {
        return new ClientConfig.NoToken();
      }
      if (token.variable != null) {
        if (!ClientConfig.validVariable(token.variable)) {
          throw CliException.invalid("invalid variable", "--token-env '" + token.variable + "' is not a variable's name");
        }
        return new ClientConfig.TokenEnv(token.variable);
      }
      return new ClientConfig.TokenFile(token.file.toAbsolutePath().normalize());
    }
  }

  @Command(name = "remove", description = "Remove a context (the other contexts stay as they are).")
  static final class Remove extends ContextCommand {
    @Parameters(paramLabel = "NAME", description = "The context to remove.")
    String name;

    @Override
    int execute(PrintWriter out) throws CliException {
      ClientConfig config = config();
      config.context(name, ExitCodes.NOT_FOUND);
      ConfigFile.write(config.without(name));
      out.println("removed context " + name + (name.equals(config.current()) ? "; no context is current now" : ""));
      return ExitCodes.OK;
    }
  }
}
