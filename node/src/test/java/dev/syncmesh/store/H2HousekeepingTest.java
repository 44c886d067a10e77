package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping of an H2 file database, on a database of its own (no node's housekeeping running
 * beside it): many small commits leave about one chunk each in the file; compaction brings them
 * down to a few once they are older than the retention time, keeps every row and leaves the
 * retention time as it was (H2's {@code compactFile} set it to 0 for good, and a node then lost its
 * latest acknowledged writes on {@code kill -9}); a round compacts only after enough writes.
 */
class H2HousekeepingTest {
  private static final int WRITES_BETWEEN = 1_000;
  private static final H2Compaction SCHEDULE = new H2Compaction(Duration.ofSeconds(1), WRITES_BETWEEN);
  private static final int COMMITS = WRITES_BETWEEN + 500;
  private static final int ROWS_PER_COMMIT = 4;
  private static final int SHORT_RETENTION_MILLIS = 500;

  @Test
  void compactionBringsTheChunksOfManySmallCommitsDownAndKeepsEveryRow(@TempDir Path folder)
      throws SQLException {
    DatabaseSettings settings = TestDatabases.h2File(folder);
    JdbcDataSource dataSource = dataSource(settings);
    try (Connection connection = dataSource.getConnection()) {
      // A short retention time, so that chunks become free within the test (H2 keeps 45 s).
      try (Statement set = connection.createStatement()) {
        set.execute("SET RETENTION_TIME " + SHORT_RETENTION_MILLIS);
      }
      writeSmallCommits(connection, COMMITS);
      H2Housekeeping housekeeping = H2Housekeeping.of(settings, dataSource, SCHEDULE).orElseThrow();
      assertThat(housekeeping.chunks()).as("chunks before compaction").isGreaterThan(COMMITS / 2);

      assertThat(housekeeping.round()).as("a round after %d commits compacts", COMMITS).isTrue();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(SHORT_RETENTION_MILLIS))
          .until(() -> {
            housekeeping.compact(); // each round rewrites and moves a bounded amount
            return housekeeping.chunks() < COMMITS / 4;
          });
      assertThat(housekeeping.retentionMillis()).isEqualTo(SHORT_RETENTION_MILLIS);
      assertThat(housekeeping.round()).as("a round with no writes since the last compaction").isFalse();
      try (Statement count = connection.createStatement();
          ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM t")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo((long) COMMITS * ROWS_PER_COMMIT);
      }

      writeSmallCommits(connection, WRITES_BETWEEN);
      assertThat(housekeeping.round()).as("a round after as many writes again").isTrue();
    }
  }

  @Test
  void compactionKeepsTheRetentionTimeThatCrashRecoveryNeeds(@TempDir Path folder)
      throws SQLException {
    DatabaseSettings settings = TestDatabases.h2File(folder);
    JdbcDataSource dataSource = dataSource(settings);
    try (Connection connection = dataSource.getConnection()) {
      H2Housekeeping housekeeping = H2Housekeeping.of(settings, dataSource, SCHEDULE).orElseThrow();
      int retention = housekeeping.retentionMillis();
      assertThat(retention).as("H2's retention time").isPositive();
      writeSmallCommits(connection, COMMITS);
      assertThat(housekeeping.round()).isTrue();
      housekeeping.compact();
      assertThat(housekeeping.retentionMillis()).isEqualTo(retention);
    }
  }

  @Test
  void housekeepingGoesOnWithTheStoreOfAReopenedDatabase(@TempDir Path folder) throws SQLException {
    DatabaseSettings settings = TestDatabases.h2File(folder);
    JdbcDataSource dataSource = dataSource(settings);
    H2Housekeeping housekeeping = H2Housekeeping.of(settings, dataSource, SCHEDULE).orElseThrow();
    try (Connection connection = dataSource.getConnection();
        Statement shutdown = connection.createStatement()) {
      shutdown.execute("SHUTDOWN");
    }
    // The next connection reopens the file with a new store; a round must compact that one.
    try (Connection connection = dataSource.getConnection()) {
      writeSmallCommits(connection, COMMITS);
      assertThat(housekeeping.round()).as("a round on the reopened store").isTrue();
      assertThat(housekeeping.retentionMillis()).isPositive();
    }
  }

  @Test
  void onlyAnH2FileDatabaseIsKeptThisWay() {
    try (Database memory = Database.open(DatabaseSettings.h2InMemory("housekeeping-test"))) {
      assertThat(H2Housekeeping.start(memory.settings(), memory.dataSource(), SCHEDULE))
          .isEmpty();
    }
  }

  private static JdbcDataSource dataSource(DatabaseSettings settings) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(settings.url());
    dataSource.setUser(settings.user());
    dataSource.setPassword(settings.password());
    return dataSource;
  }

  /** Commits of a few rows with random keys: each touches other pages, as object writes do. */
  private static void writeSmallCommits(Connection connection, int commits) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS t (k BINARY(32) PRIMARY KEY, v VARBINARY NOT NULL)");
    }
    connection.setAutoCommit(false);
    Random random = new Random(commits);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
      for (int commit = 0; commit < commits; commit++) {
        for (int row = 0; row < ROWS_PER_COMMIT; row++) {
          byte[] key = new byte[32];
          byte[] value = new byte[150];
          random.nextBytes(key);
          random.nextBytes(value);
          insert.setBytes(1, key);
          insert.setBytes(2, value);
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      }
    }
  }
}
