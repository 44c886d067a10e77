package dev.syncmesh.ops.bench;

import picocli.CommandLine.Command;

/** {@code syncmesh bench <scenario>}: runs a benchmark and prints JSON lines on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = dev.syncmesh.ops.Main.BENCH_DESCRIPTION,
    subcommands = {
      MergeBench.class,
      WritesBench.class,
      SyncBench.class,
      FederationBench.class,
      FailoverBench.class,
      PeersBench.class,
      GcBench.class,
      CliBench.class
    })
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
