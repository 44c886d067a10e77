package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group checkpoints on an H2 file whose background writes are a minute apart: what a flush covers
 * is in the file (a copy of the file, as a process killed then would leave it, has it), what was
 * committed after it is not yet.
 */
class H2GroupCheckpointTest {
  @TempDir Path folder;

  @Test
  void aFlushedCommitIsInTheFileAndALaterOneIsNotYet() throws Exception {
    DatabaseSettings settings = settings(folder.resolve("live/db"));
    try (Connection connection = open(settings);
        Durability durability = Durability.of(settings)) {
      execute(connection, "CREATE TABLE t (n INT PRIMARY KEY)");
      execute(connection, "INSERT INTO t VALUES (1)");
      durability.flushed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      execute(connection, "INSERT INTO t VALUES (2)");

      assertThat(rowsOfACopy(settings, "after-flush")).containsExactly(1);
      durability.flushed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(rowsOfACopy(settings, "after-second-flush")).containsExactly(1, 2);
    }
  }

  @Test
  void concurrentCallersAllCompleteWithTheirCommitsInTheFile() throws Exception {
    DatabaseSettings settings = settings(folder.resolve("busy/db"));
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (Connection setup = open(settings);
        Durability durability = Durability.of(settings)) {
      execute(setup, "CREATE TABLE t (n INT PRIMARY KEY)");
      List<CompletableFuture<Void>> flushed = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        flushed.add(
            CompletableFuture.runAsync(
                () -> {
                  try (Connection connection = open(settings)) {
                    for (int n = 0; n < 25; n++) {
                      execute(connection, "INSERT INTO t VALUES (" + (writer * 100 + n) + ")");
                      durability.flushed().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    }
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                },
                writers));
      }
      CompletableFuture.allOf(flushed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(rowsOfACopy(settings, "copy")).hasSize(200);
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void aClosedFlusherRefusesToAcknowledge() {
    DatabaseSettings settings = settings(folder.resolve("closed/db"));
    Durability durability = Durability.of(settings);
    durability.close();
    assertThatThrownBy(() -> durability.flushed().toCompletableFuture().join())
        .hasCauseInstanceOf(DatabaseException.class)
        .hasMessageContaining("closing");
  }

  @Test
  void databasesThatWriteEachCommitNeedNoFlush() {
    assertThat(Durability.of(DatabaseSettings.h2InMemory("checkpoints"))).isSameAs(Durability.IMMEDIATE);
    assertThat(Durability.of(DatabaseSettings.of("jdbc:mysql://127.0.0.1:3306/x", "root", "")))
        .isSameAs(Durability.IMMEDIATE);
    assertThat(Durability.IMMEDIATE.flushed().toCompletableFuture()).isCompleted();
  }

  /** An H2 file that writes in the background only once a minute. */
  private static DatabaseSettings settings(Path file) {
    return DatabaseSettings.of("jdbc:h2:file:" + file + ";WRITE_DELAY=60000", "sa", "");
  }

  private static Connection open(DatabaseSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The rows of table t in a copy of the database file, taken while the database is open. */
  private List<Integer> rowsOfACopy(DatabaseSettings live, String name) throws Exception {
    Path source = Path.of(live.url().substring("jdbc:h2:file:".length(), live.url().indexOf(';')) + ".mv.db");
    Path copy = folder.resolve(name);
    Files.createDirectories(copy);
    Files.copy(source, copy.resolve("db.mv.db"));
    List<Integer> rows = new ArrayList<>();
    try (Connection connection = open(settings(copy.resolve("db")));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT n FROM t ORDER BY n")) {
      while (result.next()) {
        rows.add(result.getInt(1));
      }
    }
    return rows;
  }
}
