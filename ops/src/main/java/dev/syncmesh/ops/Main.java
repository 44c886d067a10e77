package dev.syncmesh.ops;

import dev.syncmesh.node.NodeMain;
import dev.syncmesh.ops.cli.ChangesCommand;
import dev.syncmesh.ops.cli.CommitCommands;
import dev.syncmesh.ops.cli.ContextCommands;
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
          HelpWithTopics.class,
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
          MeshCommands.Gc.class,
          // the client's own set-up
          ContextCommands.class,
          CompletionCommand.class);

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
        "Configure it with the environment variables below. Stops on Ctrl-C or SIGTERM."
      },
      footerHeading = "%nEnvironment (defaults in parentheses; README.md, \"Run a node\", says more):%n",
      footer = {
        "  SYNCMESH_DATA                   the embedded H2 database's folder (./data)",
        "  SYNCMESH_HOST                   the address to listen on, given to other nodes (127.0.0.1)",
        "  SYNCMESH_LOG_FORMAT             the log on stderr: text, or json (an object a line) (text)",
        "  SYNCMESH_HTTP_PORT              the API's port (8080)",
        "  SYNCMESH_HTTP_ALLOWED_HOSTS     more hosts a browser may use without a token, a,b,...",
        "  SYNCMESH_MANAGEMENT_PORT        management's port: /ready, /alive, /metrics, ... (8558)",
        "  SYNCMESH_MANAGEMENT_WRITE       true: management's leave and down routes (false)",
        "  SYNCMESH_REMOTING_PORT          cluster remoting's port (7355)",
        "  SYNCMESH_REMOTING_TLS           on: remoting over TLS, mutually authenticated (off)",
        "  SYNCMESH_REMOTING_KEY_STORE     with TLS: the node's PKCS12 key store",
        "  SYNCMESH_REMOTING_TRUST_STORE   with TLS: the PKCS12 trust store with the mesh's CA",
        "  SYNCMESH_REMOTING_TLS_PASSWORD  with TLS: the stores' password",
        "  SYNCMESH_SEED_NODES             seed nodes' remoting, host:port,... (none: a cluster alone)",
        "  SYNCMESH_DB_URL                 a jdbc:mysql: URL selects MySQL/MariaDB (none: H2)",
        "  SYNCMESH_DB_USER                the database's user",
        "  SYNCMESH_DB_PASSWORD            the database's password",
        "  SYNCMESH_API_TOKEN              when set, every /api call needs it as a bearer token",
        "  SYNCMESH_TOKENS                 the federation tokens this node accepts, name=token,...",
        "  SYNCMESH_CREDENTIAL_<NAME>      the token sent to remotes whose credential is <name>",
        "  SYNCMESH_CREDENTIAL_<NAME>_URL  the origins credential <name> may go to, https://h:p,...",
        "  SYNCMESH_FEDERATION_TRUST_STORE the PKCS12 trust store for https:// remotes (the JVM's)",
        "  SYNCMESH_FEDERATION_TRUST_STORE_PASSWORD  its password",
        "  SYNCMESH_ALLOW_PLAIN_HTTP       on: remotes in other meshes over plain http (off)",
        "  SYNCMESH_GC_GRACE               never collect an object younger than this (24h)",
        "  SYNCMESH_GC_EVERY               collect garbage this often; 0s: never (24h)",
        "  SYNCMESH_FEED_POLL_INTERVAL     how often open change feeds read the journal (500ms)",
        "  SYNCMESH_FEED_HEARTBEAT         a silent change feed's heartbeat (15s)",
        "  SYNCMESH_CHAOS_PHASE_DELAY      fault injection: phase:millis,... waits in sync phases",
        "  SYNCMESH_CHAOS_PHASE_CRASH      fault injection: phase,... crashes those sync phases once",
        "  SYNCMESH_JAVA_OPTS              JVM options bin/syncmesh adds (-Xmx2g, -D settings)",
        "",
        "Exit status: 2 when it cannot start (one line names the setting), 1 when the cluster",
        "downs it."
      })
  static final class Node implements Callable<Integer> {
    @Override
    public Integer call() {
      return NodeMain.run();
    }
  }
}
