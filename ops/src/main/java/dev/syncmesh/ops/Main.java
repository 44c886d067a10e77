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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code syncmesh} command: a node, the API client and the benchmarks. */
@Command(
    name = "syncmesh",
    mixinStandardHelpOptions = true,
    version = "syncmesh 0.1.0",
    description = "Versioned JSON datasets that sync field by field.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      CommandLine.HelpCommand.class,
      Main.Node.class,
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
      MeshCommands.Gc.class,
      // benchmarks (package dev.syncmesh.ops.bench)
      dev.syncmesh.ops.bench.BenchCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    boolean node = args.length > 0 && args[0].equals("node");
    if (System.getProperty("syncmesh.log.level") == null) {
      // Before anything logs: a node reports at INFO, the client and benchmarks only warn.
      System.setProperty("syncmesh.log.level", node ? "INFO" : "WARN");
    }
    System.exit(commandLine(CommandLine.defaultFactory()).execute(args));
  }

  /** The command line as the launcher runs it; tests pass a factory of their own. */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    // Arguments like "@record.json" are the client's to read (as curl does), not picocli's.
    return new CommandLine(new Main(), factory).setExpandAtFiles(false);
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
