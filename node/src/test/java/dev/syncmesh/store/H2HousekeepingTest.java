package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping of an H2 file database, on a database of its own (no node's housekeeping running
 * beside it): many small commits leave about one chunk each in the file; compaction brings them
 * down to a few and keeps every row; a round compacts only after enough writes.
 */
class H2HousekeepingTest {
  private static final int COMMITS = (int) H2Housekeeping.WRITES_BETWEEN + 1_000;
  private static final int ROWS_PER_COMMIT = 4;

  @Test
  void compactionBringsTheChunksOfManySmallCommitsDownAndKeepsEveryRow(@TempDir Path folder)
      throws SQLException {
    DatabaseSettings settings = TestDatabases.h2File(folder);
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(settings.url());
    dataSource.setUser(settings.user());
    dataSource.setPassword(settings.password());
    try (Connection connection = dataSource.getConnection()) {
      writeSmallCommits(connection, COMMITS);
      H2Housekeeping housekeeping = H2Housekeeping.of(settings, dataSource).orElseThrow();
      assertThat(housekeeping.chunks()).as("chunks before compaction").isGreaterThan(COMMITS / 2);

      assertThat(housekeeping.round()).as("a round after %d commits compacts", COMMITS).isTrue();
      for (int more = 0; more < 20 && housekeeping.chunks() >= COMMITS / 4; more++) {
        housekeeping.compact(); // each compaction moves chunks for a bounded time
      }
      assertThat(housekeeping.chunks()).isLessThan(COMMITS / 4);
      assertThat(housekeeping.round()).as("a round with no writes since the last compaction").isFalse();
      try (Statement count = connection.createStatement();
          ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM t")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo((long) COMMITS * ROWS_PER_COMMIT);
      }

      writeSmallCommits(connection, (int) H2Housekeeping.WRITES_BETWEEN);
      assertThat(housekeeping.round()).as("a round after as many writes again").isTrue();
    }
  }

  @Test
  void onlyAnH2FileDatabaseIsKeptThisWay() {
    try (Database memory = Database.open(DatabaseSettings.h2InMemory("housekeeping-test"))) {
      assertThat(H2Housekeeping.start(memory.settings(), memory.dataSource())).isEmpty();
    }
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
