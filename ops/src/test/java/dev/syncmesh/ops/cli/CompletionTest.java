package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncmesh completion bash|zsh} prints a script bash accepts and completes with. */
class CompletionTest {
  private final Cli cli = new Cli("http://127.0.0.1:9");

  @TempDir Path folder;

  @Test
  void theScriptCoversTheWholeCommandTree() {
    var bash = cli.runExactly("completion", "bash");

    assertThat(bash.exit()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_syncmesh", "bashcompinit")
        .contains("peer", "merge-rules", "context", "--if-match", "--token-env");
    assertThat(cli.runExactly("completion", "zsh").out()).isEqualTo(bash.out());
    assertThat(cli.runExactly("completion", "fish").exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void bashAcceptsTheScriptAndCompletesWithIt() throws Exception {
    Path script = folder.resolve("syncmesh.bash");
    Files.writeString(script, cli.runExactly("completion", "bash").out());
    String check =
        String.join(
            "\n",
            "source " + script,
            "complete -p syncmesh",
            "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1));",
            "  COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=();",
            "  _complete_syncmesh 2>/dev/null; echo \"${COMPREPLY[*]}\"; }",
            "c syncmesh con",
            "c syncmesh context ''",
            "c syncmesh completion ''",
            "c syncmesh peer list --con");

    assertThat(bash("-n", script.toString())).isEmpty();
    assertThat(bash("-c", check).split("\n"))
        .containsExactly(
            "complete -o default -F _complete_syncmesh syncmesh",
            "conflicts context",
            "list show use add remove",
            "bash zsh",
            "--context");
  }

  private static String bash(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "bash";
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
