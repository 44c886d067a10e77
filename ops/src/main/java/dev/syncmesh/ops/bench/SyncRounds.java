package dev.syncmesh.ops.bench;

import picocli.CommandLine.Option;

/**
 * The rounds of a sync benchmark (a picocli mixin): how many records each side changes, how many
 * of them conflict, and how many rounds are measured after how many warm-up rounds.
 */
final class SyncRounds {
  @Option(names = "--changes", defaultValue = "100", description = "Records changed on each side.")
  int changes;

  @Option(names = "--conflicts", defaultValue = "5",
      description = "Of the changes, records whose same field both sides change.")
  int conflicts;

  @Option(names = "--rounds", defaultValue = "15", description = "Measured rounds (median).")
  int rounds;

  /**
   * A node that has run for a while has its request paths compiled by the JIT; measured rounds
   * should see that. On 2 cores it takes over a hundred syncs: a federation sync's median was ~120
   * ms after 20 rounds and ~80 ms after 150 (an HTTP request alone: 2.7 ms on average over its
   * first 2,000 calls, 0.7 ms after).
   */
  @Option(names = "--warm-up", defaultValue = "150",
      description = "Rounds before measuring, while the JIT compiles the sync path (default: ${DEFAULT-VALUE}).")
  int warmUp;

  /** Refuses settings that cannot make a round: {@code records} must hold both sides' changes. */
  void check(int records) {
    if (changes < 1 || conflicts < 0 || conflicts > changes || rounds < 1 || warmUp < 0) {
      throw new IllegalArgumentException(
          "need --changes >= 1, 0 <= --conflicts <= --changes, --rounds >= 1, --warm-up >= 0");
    }
    if (records < 2 * changes) {
      throw new IllegalArgumentException("--records must be at least twice --changes");
    }
  }
}
