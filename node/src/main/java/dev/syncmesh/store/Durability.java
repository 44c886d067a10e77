package dev.syncmesh.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * When a committed transaction survives {@code kill -9} of the node. The node acknowledges a change
 * (answers a request that made it) only once {@link #flushed()} says it is written to the database's
 * files, so that commits themselves need not each wait for a write: one flush covers every commit
 * made while the previous one ran (group commit).
 */
public interface Durability extends AutoCloseable {

  /** For databases that write every commit through at once (MySQL's InnoDB), or keep nothing. */
  Durability IMMEDIATE =
      new Durability() {
        @Override
        public CompletionStage<Void> flushed() {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
      };

  /**
   * Completes once every transaction committed before this call is in the database's files (in the
   * operating system's hands, so that it survives the end of the process); fails with a {@link
   * DatabaseException} when that cannot be done.
   */
  CompletionStage<Void> flushed();

  /** Stops flushing; later calls to {@link #flushed()} fail. */
  @Override
  void close();

  /** The durability of the node's database: group checkpoints for an H2 file, else immediate. */
  static Durability of(DatabaseSettings settings) {
    return settings.dialect() == Dialect.H2 && settings.url().startsWith("jdbc:h2:file:")
        ? new H2GroupCheckpoint(settings)
        : IMMEDIATE;
  }
}
