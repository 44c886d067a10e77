package dev.syncmesh.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code syncmesh} command: a node, the API client and the benchmarks. */
@Command(
    name = "syncmesh",
    mixinStandardHelpOptions = true,
    version = "syncmesh 0.1.0",
    description = "Versioned JSON datasets that sync field by field.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
