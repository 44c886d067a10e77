package dev.syncmesh.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Durability of an embedded H2 database whose commits are written in the background ({@code
 * WRITE_DELAY} &gt; 0): a flush is an H2 {@code CHECKPOINT}, which writes everything committed so far
 * to the database file in one chunk. One checkpoint runs at a time, on a thread of its own; whoever
 * asks while one runs waits for the next, which starts as soon as it ends and covers them all.
 * Checkpoints use a connection of their own, opened with the flusher.
 */
final class H2GroupCheckpoint implements Durability {
  private final Connection connection;
  private final ExecutorService thread;
  private final Object lock = new Object();
  /** The checkpoint that runs now, or null. */
  private CompletableFuture<Void> running;
  /** The checkpoint for those who asked while {@link #running} ran, or null. */
  private CompletableFuture<Void> next;
  private boolean closed;

  H2GroupCheckpoint(DatabaseSettings settings) {
    try {
      this.connection =
          DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    } catch (SQLException e) {
      throw new DatabaseException(
          "cannot open the H2 database for checkpoints: " + DatabaseException.rootMessage(e), e);
    }
    this.thread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "syncmesh-h2-checkpoint");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public CompletionStage<Void> flushed() {
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new DatabaseException("the database is closing: the change may not be on disk", null));
      }
      if (running == null) {
        running = new CompletableFuture<>();
        start(running);
        return running;
      }
      if (next == null) {
        next = new CompletableFuture<>();
      }
      return next;
    }
  }

  private void start(CompletableFuture<Void> checkpoint) {
    thread.execute(() -> run(checkpoint));
  }

  private void run(CompletableFuture<Void> checkpoint) {
    DatabaseException failure = null;
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      failure =
          new DatabaseException(
              "cannot write committed changes to the database file: "
                  + DatabaseException.rootMessage(e),
              e);
    }
    synchronized (lock) {
      running = next;
      next = null;
      if (running != null) {
        start(running);
      }
    }
    if (failure == null) {
      checkpoint.complete(null);
    } else {
      checkpoint.completeExceptionally(failure);
    }
  }

  @Override
  public void close() {
    CompletableFuture<Void> waiting;
    synchronized (lock) {
      closed = true;
      waiting = next;
      next = null;
    }
    // A checkpoint that runs finishes; one that was only asked for starts no more.
    thread.shutdown();
    if (waiting != null) {
      waiting.completeExceptionally(
          new DatabaseException("the database is closing: the change may not be on disk", null));
    }
    try {
      thread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      // Closing: the database closes with its last connection either way.
    }
  }
}
