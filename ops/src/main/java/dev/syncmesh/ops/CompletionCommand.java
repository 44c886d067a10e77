package dev.syncmesh.ops;

import dev.syncmesh.ops.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code syncmesh completion bash|zsh}: the shell completion script of every command. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script of every command, option and choice.",
      "Load it from ~/.bashrc or ~/.zshrc:  source <(syncmesh completion bash)  (zsh: zsh),",
      "or save it once: syncmesh completion bash > /etc/bash_completion.d/syncmesh"
    },
    footer = ExitCodes.POINTER)
final class CompletionCommand implements Callable<Integer> {
  /** The shells the script serves: picocli writes bash's, which zsh runs with bashcompinit. */
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    // This call's command line holds only this command (start-up); the script needs them all.
    CommandLine whole = Main.commandLine(CommandLine.defaultFactory());
    spec.commandLine().getOut().print(AutoComplete.bash("syncmesh", whole));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
