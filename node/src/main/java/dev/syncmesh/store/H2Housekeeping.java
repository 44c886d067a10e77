package dev.syncmesh.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an H2 file database while it runs. Every commit is written through to the file ({@code
 * WRITE_DELAY=0}, so that an acknowledged write survives {@code kill -9}), and then H2 runs no
 * background writer, hence none of its own housekeeping: each commit adds a chunk, superseded
 * chunks are kept for the retention time, and a chunk that still holds one live page is never
 * freed. Under steady writes the file then grew by 50-100 MB a second, and every commit got slower
 * as H2's table of chunks grew. This task does what H2's housekeeping would: once the store has
 * made {@value #WRITES_BETWEEN} writes (about as many chunks) since the last compaction, it moves
 * live pages out of sparse chunks and chunks together ({@link MVStore#compactFile}, H2's online
 * compaction, which syncs the file before it overwrites anything, so a power loss cannot leave the
 * file pointing at overwritten data). It looks once a second; a node that writes little is
 * compacted rarely (a compaction holds up commits while it moves chunks).
 */
final class H2Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
  static final Duration EVERY = Duration.ofSeconds(1);
  /** How long one round may compact (H2 stops moving chunks after it; a round may run over). */
  static final int BUDGET_MILLIS = 100;
  static final long WRITES_BETWEEN = 5_000;

  private final MVStore store;
  private ScheduledExecutorService thread;
  private long writesAtCompaction;

  private H2Housekeeping(MVStore store) {
    this.store = store;
  }

  /** Starts housekeeping for an H2 file database; nothing for MySQL or an in-memory H2 database. */
  static Optional<H2Housekeeping> start(DatabaseSettings settings, DataSource dataSource) {
    Optional<H2Housekeeping> housekeeping = of(settings, dataSource);
    housekeeping.ifPresent(H2Housekeeping::schedule);
    return housekeeping;
  }

  /** Housekeeping whose rounds run only when called (for tests). */
  static Optional<H2Housekeeping> of(DatabaseSettings settings, DataSource dataSource) {
    if (settings.dialect() != Dialect.H2 || !settings.url().startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    try (Connection connection = dataSource.getConnection()) {
      SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
      return Optional.of(new H2Housekeeping(session.getDatabase().getStore().getMvStore()));
    } catch (SQLException e) {
      throw new DatabaseException("cannot reach the H2 store to compact it: " + e.getMessage(), e);
    }
  }

  private void schedule() {
    thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "syncmesh-h2-housekeeping");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(this::round, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round: compacts if the store has made enough writes since the last compaction. */
  boolean round() {
    try {
      if (store.isClosed()
          || store.getFileStore().getWriteCount() - writesAtCompaction < WRITES_BETWEEN) {
        return false;
      }
      compact();
      return true;
    } catch (RuntimeException e) {
      // A closing database, or a compaction H2 gave up on; the next round tries again.
      log.debug("H2 compaction round failed: {}", e.toString());
      return false;
    }
  }

  /** Compacts for at most about the budget (H2 finishes the chunk it is moving). */
  void compact() {
    store.compactFile(BUDGET_MILLIS);
    writesAtCompaction = store.getFileStore().getWriteCount();
  }

  /** The chunks the store's file holds now. */
  long chunks() {
    return store.getFileStore().getLayoutMap().keySet().stream()
        .filter(key -> key.startsWith("chunk."))
        .count();
  }

  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("H2 compaction did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
