package dev.syncmesh.ops.bench;

import picocli.CommandLine.Command;

/** {@code syncmesh bench <scenario>}: runs a benchmark and prints JSON lines on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark; results are JSON lines on stdout, progress on stderr.",
    subcommands = {
      MergeBench.class,
      WritesBench.class,
      SyncBench.class,
      FederationBench.class,
      FailoverBench.class,
      PeersBench.class,
      GcBench.class
    })
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
