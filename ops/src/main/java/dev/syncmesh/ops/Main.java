package dev.syncmesh.ops;

import dev.syncmesh.node.NodeMain;
import dev.syncmesh.ops.cli.ChangesCommand;
import dev.syncmesh.ops.cli.CommitCommands;
import dev.syncmesh.ops.cli.DataCommands;
import dev.syncmesh.ops.cli.ExitCodes;
import dev.syncmesh.ops.cli.MergeCommands;
import dev.syncmesh.ops.cli.MeshCommands;
import dev.syncmesh.ops.cli.PeerCommands;
import dev.syncmesh.ops.cli.RecordCommands;
import dev.syncmesh.ops.cli.RemoteCommands;
import dev.syncmesh.ops.cli.SessionCommands;
import dev.syncmesh.ops.cli.SyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The {@code syncmesh} command: a node, the API client and the benchmarks. */
@Command(
    name = "syncmesh",
    mixinStandardHelpOptions = true,
    version = "syncmesh 0.1.0",
    description = "Versioned JSON datasets that sync field by field.",
    footer = ExitCodes.FOOTER)
public final class Main implements Runnable {

  /** The commands in the order help lists them; "bench" follows, added by commandLine(). */
  private static final List<Class<?>> COMMANDS =
      List.of(
          CommandLine.HelpCommand.class,
          Node.class,
          // the client of a node's mesh API (package dev.syncmesh.ops.cli)
          PeerCommands.class,
          RecordCommands.Get.class,
          RecordCommands.Put.class,
          RecordCommands.Delete.class,
          RecordCommands.ListRecords.class,
          CommitCommands.Tx.class,
          CommitCommands.Commit.class,
          CommitCommands.Autocommit.class,
          CommitCommands.WorkingSet.class,
          CommitCommands.Log.class,
          CommitCommands.Diff.class,
          ChangesCommand.class,
          RemoteCommands.class,
          SyncCommands.Sync.class,
          SessionCommands.Fetch.class,
          SessionCommands.Pull.class,
          SessionCommands.Push.class,
          SessionCommands.Clone.class,
          SyncCommands.Status.class,
          SyncCommands.History.class,
          SyncCommands.Session.class,
          MergeCommands.Conflicts.class,
          MergeCommands.Resolve.class,
          MergeCommands.Merge.class,
          MergeCommands.Rules.class,
          DataCommands.Export.class,
          DataCommands.Import.class,
          MeshCommands.Access.class,
          MeshCommands.Cluster.class,
          MeshCommands.Gc.class);

  public static void main(String[] args) {
    boolean node = args.length > 0 && args[0].equals("node");
    if (System.getProperty("syncmesh.log.level") == null) {
      // Before anything logs: a node reports at INFO, the client and benchmarks only warn.
      System.setProperty("syncmesh.log.level", node ? "INFO" : "WARN");
    }
    String command = args.length > 0 ? args[0] : "";
    System.exit(commandLine(CommandLine.defaultFactory(), command).execute(args));
  }

  /** The whole command line; tests pass a factory of their own. */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    return commandLine(factory, "");
  }

  /**
   * The command line with only the command {@code name} when it names one (but "help"), else
   * with all: picocli reads every command it is given by reflection, and reading them all is a
   * large part of a client call's start-up.
   */
  static CommandLine commandLine(CommandLine.IFactory factory, String name) {
    // Arguments like "@record.json" are the client's to read (as curl does), not picocli's.
    CommandLine cli = new CommandLine(new Main(), factory).setExpandAtFiles(false);
    boolean bench = name.equals("bench");
    List<Class<?>> named = COMMANDS.stream().filter(command -> names(command).contains(name)).toList();
    boolean all = name.equals("help") || (named.isEmpty() && !bench);
    for (Class<?> command : all ? COMMANDS : named) {
      cli.addSubcommand(create(factory, command));
    }
    if (all || bench) {
      cli.addSubcommand("bench", benchmarks(factory));
    }
    return cli;
  }

  private static List<String> names(Class<?> command) {
    Command annotation = command.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(annotation.aliases()));
    names.add(annotation.name());
    return names;
  }

  private static Object create(CommandLine.IFactory factory, Class<?> command) {
    try {
      return factory.create(command);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the command " + command.getName(), e);
    }
  }

  /**
   * The benchmarks run nodes, so they need the node's classes. The client starts on a classpath
   * of its own without them (bin/syncmesh gives "node" and "bench" the whole one), and lists
   * "bench" in its help without loading the benchmarks.
   */
  private static Object benchmarks(CommandLine.IFactory factory) {
    if (Main.class.getClassLoader().getResource("dev/syncmesh/node/NodeMain.class") != null) {
      return create(factory, dev.syncmesh.ops.bench.BenchCommand.class);
    }
    return CommandSpec.create()
        .name("bench")
        .usageMessage(new UsageMessageSpec().description(BENCH_DESCRIPTION));
  }

  /** What {@code syncmesh --help} says of "bench" (BenchCommand's own description). */
  public static final String BENCH_DESCRIPTION =
      "Run a benchmark; results are JSON lines on stdout, progress on stderr.";

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
