package dev.syncmesh.ops.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that calls the mesh API. Subclasses check their input, make their calls and print; a
 * {@link CliException} becomes one line on stderr and its exit code.
 */
@Command(footer = ExitCodes.POINTER)
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Output out = new Output(spec.commandLine().getOut(), options.json(), err, System.console() != null);
      return execute(options.client(nodeUrl()), out);
    } catch (CliException e) {
      err.println(e.line());
      err.flush();
      return e.exitCode();
    }
  }

  /** Runs the command and returns its exit code. */
  protected abstract int execute(ApiClient api, Output out) throws CliException;

  /** The {@code --url} given for the node, or null. */
  abstract String nodeUrl();

  InputStream stdin() {
    return options.stdin();
  }
}
