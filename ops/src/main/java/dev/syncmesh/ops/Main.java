package dev.syncmesh.ops;

import dev.syncmesh.node.NodeMain;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code syncmesh} command: a node, the API client and the benchmarks. */
@Command(
    name = "syncmesh",
    mixinStandardHelpOptions = true,
    version = "syncmesh 0.1.0",
    description = "Versioned JSON datasets that sync field by field.",
    subcommands = {Main.Node.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code syncmesh node}: a node in this process, configured by SYNCMESH_* variables. */
  @Command(
      name = "node",
      mixinStandardHelpOptions = true,
      description = {
        "Start a node: embedded H2 under ./data, API on 127.0.0.1:8080, management on :8558.",
        "Configure with SYNCMESH_* environment variables (SYNCMESH_DB_URL selects MySQL,",
        "SYNCMESH_SEED_NODES joins a cluster). Stops on Ctrl-C or SIGTERM."
      })
  static final class Node implements Callable<Integer> {
    @Override
    public Integer call() {
      return NodeMain.run();
    }
  }
}
