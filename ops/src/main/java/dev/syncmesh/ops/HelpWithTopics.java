package dev.syncmesh.ops;

import dev.syncmesh.ops.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code syncmesh help [COMMAND...|TOPIC]}: a command's help, a subcommand's too ({@code help
 * remote add}), or a topic's. Picocli's own help command takes one command and no topics.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command (help remote add) or of a topic: exit-codes.")
final class HelpWithTopics implements CommandLine.IHelpCommandInitializable2, Runnable {
  /** The topics, each a text of its own rather than a command's help. */
  static final Map<String, String> TOPICS = Map.of("exit-codes", ExitCodes.TABLE);

  @Parameters(
      arity = "0..*",
      paramLabel = "COMMAND|TOPIC",
      description = "A command and its subcommands, or a topic (exit-codes); none: syncmesh's own.")
  List<String> names = new ArrayList<>();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  private CommandLine self;
  private ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine self, ColorScheme colors, PrintWriter out, PrintWriter err) {
    this.self = self;
    this.colors = colors;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine top = self.getParent();
    if (names.size() == 1 && TOPICS.containsKey(names.get(0))) {
      out.printf(TOPICS.get(names.get(0)));
      out.flush();
      return;
    }
    CommandLine command = top;
    for (String name : names) {
      command = command.getSubcommands().get(name);
      if (command == null) {
        throw new CommandLine.ParameterException(
            top,
            "No command or help topic '" + String.join(" ", names) + "' (topics: "
                + String.join(", ", TOPICS.keySet()) + ")");
      }
    }
    command.usage(out, colors);
  }
}
