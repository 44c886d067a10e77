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
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an H2 file database while it runs. Every commit is written through to the file ({@code
 * WRITE_DELAY=0}, so that an acknowledged write survives {@code kill -9}), and then H2 runs no
 * background writer, hence none of its own housekeeping: each commit adds a chunk, and the file
 * grows and commits slow down as H2's table of chunks grows. This task does what H2's background
 * housekeeping would: it looks every {@link H2Compaction#every} and, once the store has made {@link
 * H2Compaction#afterWrites} writes (about one per commit) since the last round, it rewrites the live pages of sparse chunks ({@link MVStore#compact}) and
 * moves chunks towards the start of the file so that it can shrink ({@link
 * RandomAccessStore#compactMoveChunks}), each under H2's store lock.
 *
 * <p>It never uses {@link MVStore#compactFile}: that sets the store's retention time to 0 and
 * leaves it there, and from then on H2 overwrites a chunk as soon as the newest version no longer
 * needs it, even one that its crash recovery still needs (the file header is rewritten only every
 * 20 or so chunks, and recovery walks the chunks from the one it names). A node then lost the
 * latest acknowledged writes on {@code kill -9}. Here the retention time stays H2's own (45 s): a
 * dead chunk's space is reused once it is older than that.
 */
final class H2Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
  /** A round moves chunks while the file is less full than this (H2's own default, percent). */
  static final int TARGET_FILL_RATE = 90;
  /** At most this many bytes rewritten, and as many moved, in one round. */
  static final int BYTES_PER_ROUND = 16 << 20;

  private final DataSource dataSource;
  /** The database's store; H2 opens a new one when it reopens the file (after a SHUTDOWN). */
  private MVStore store;
  private final H2Compaction schedule;
  private ScheduledExecutorService thread;
  private long writesAtCompaction;

  private H2Housekeeping(DataSource dataSource, MVStore store, H2Compaction schedule) {
    this.dataSource = dataSource;
    this.store = store;
    this.schedule = schedule;
  }

  /** Starts housekeeping for an H2 file database; nothing for MySQL or an in-memory H2 database. */
  static Optional<H2Housekeeping> start(
      DatabaseSettings settings, DataSource dataSource, H2Compaction schedule) {
    Optional<H2Housekeeping> housekeeping = of(settings, dataSource, schedule);
    housekeeping.ifPresent(H2Housekeeping::scheduleRounds);
    return housekeeping;
  }

  /** Housekeeping whose rounds run only when called (for tests). */
  static Optional<H2Housekeeping> of(
      DatabaseSettings settings, DataSource dataSource, H2Compaction schedule) {
    if (settings.dialect() != Dialect.H2 || !settings.url().startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    return Optional.of(new H2Housekeeping(dataSource, storeOf(dataSource), schedule));
  }

  private static MVStore storeOf(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
      return session.getDatabase().getStore().getMvStore();
    } catch (SQLException e) {
      throw new DatabaseException("cannot reach the H2 store to compact it: " + e.getMessage(), e);
    }
  }

  private void scheduleRounds() {
    thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "syncmesh-h2-housekeeping");
              t.setDaemon(true);
              return t;
            });
    long every = schedule.every().toMillis();
    thread.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
  }

  /** One round: compacts if the store has made enough writes since the last compaction. */
  boolean round() {
    try {
      if (store.isClosed()) {
        store = storeOf(dataSource);
        writesAtCompaction = 0;
      }
      if (store.getFileStore().getWriteCount() - writesAtCompaction < schedule.afterWrites()) {
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

  /**
   * Rewrites sparse chunks and moves chunks, each bounded in bytes, as H2's own housekeeping does;
   * the retention time is left as it is.
   */
  void compact() {
    store.compact(TARGET_FILL_RATE, BYTES_PER_ROUND);
    if (store.getFileStore() instanceof RandomAccessStore file) {
      file.compactMoveChunks(TARGET_FILL_RATE, BYTES_PER_ROUND, store);
    }
    writesAtCompaction = store.getFileStore().getWriteCount();
  }

  /** The store's retention time in milliseconds (how long a dead chunk is kept). */
  int retentionMillis() {
    return store.getRetentionTime();
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
