package dev.syncmesh.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Completion stages from Pekko's Java API are Scala futures seen as {@link CompletableFuture}s
 * whose every callback runs asynchronously on the common fork-join pool, and on a machine with two
 * cores that pool starts a new thread for each callback. {@link #plain} turns such a stage into a
 * plain future that runs cheap callbacks on the thread that completes it; give blocking or long
 * callbacks an executor of their own.
 */
public final class Stages {
  private Stages() {}

  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    stage.whenCompleteAsync(
        (value, error) -> {
          if (error != null) {
            plain.completeExceptionally(error);
          } else {
            plain.complete(value);
          }
        },
        Runnable::run);
    return plain;
  }
}
