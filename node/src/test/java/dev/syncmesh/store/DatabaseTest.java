package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.store.StoredObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Opening databases: migrations, restarts, several nodes at once, a database that is down. */
class DatabaseTest {
  /** The migrations under db/migration/<dialect>. */
  private static final int MIGRATIONS = 3;


  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migratingTwiceIsSafe(Dialect dialect) {
    DatabaseSettings settings = TestDatabases.fresh(dialect);
    try {
      try (Database first = Database.open(settings)) {
        new JdbcObjectStore(first).putAll(JdbcObjectStoreTest.blobs(0, 3));
      }
      try (Database second = Database.open(settings)) {
        assertThat(second.dialect()).isEqualTo(dialect);
        assertThat(second.settings()).isEqualTo(settings);
        assertThat(new JdbcObjectStore(second).missing(hashes(0, 3))).isEmpty();
        assertThat(count(second, "SELECT COUNT(*) FROM sm_schema_history WHERE success AND version IS NOT NULL"))
            .as("each migration (V1 objects, V2 wake list, V3 stored_at) applied once")
            .isEqualTo(MIGRATIONS);
      }
    } finally {
      TestDatabases.drop(settings);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void nodesStartingAtOnceShareOneSchema(Dialect dialect) throws Exception {
    DatabaseSettings settings = TestDatabases.fresh(dialect);
    int nodes = 4;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    CyclicBarrier start = new CyclicBarrier(nodes);
    List<Future<Database>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return Database.open(settings);
                }));
      }
      List<Database> databases = new ArrayList<>();
      for (Future<Database> database : opened) {
        databases.add(database.get(2, TimeUnit.MINUTES));
      }
      for (Database database : databases) {
        new JdbcObjectStore(database).putAll(JdbcObjectStoreTest.blobs(0, 10));
      }
      assertThat(count(databases.get(0), "SELECT COUNT(*) FROM sm_object")).isEqualTo(10);
      assertThat(count(databases.get(0), "SELECT COUNT(*) FROM sm_schema_history WHERE version IS NOT NULL"))
          .isEqualTo(MIGRATIONS);
      databases.forEach(Database::close);
    } finally {
      pool.shutdownNow();
      TestDatabases.drop(settings);
    }
  }

  @Test
  void anH2FileDatabaseKeepsItsObjectsWhenReopened(@TempDir Path folder) {
    List<StoredObject> objects = JdbcObjectStoreTest.blobs(0, 300);
    try (Database database = Database.open(TestDatabases.h2File(folder))) {
      new JdbcObjectStore(database).putAll(objects);
    }

    try (Database database = Database.open(TestDatabases.h2File(folder))) {
      var read = new JdbcObjectStore(database).getAll(JdbcObjectStoreTest.hashes(objects));
      assertThat(read).hasSize(300);
      objects.forEach(o -> assertThat(read.get(o.hash()).data()).isEqualTo(o.data()));
    }
    assertThat(folder.resolve("syncmesh.mv.db")).exists();
  }

  @Test
  void aDatabaseThatDoesNotAnswerFailsClearly() {
    DatabaseSettings down =
        DatabaseSettings.of("jdbc:mysql://127.0.0.1:1/nothing?connectTimeout=2000", "root", "secret");

    assertThatThrownBy(() -> Database.open(down))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("cannot connect to the MYSQL database jdbc:mysql://127.0.0.1:1/nothing")
        .hasMessageNotContaining("secret");
  }

  @Test
  void descriptionsHideCredentials() {
    DatabaseSettings settings =
        DatabaseSettings.of("jdbc:mysql://bob:pw@db:3306/x?password=hunter2&ssl=true", "u", "p");

    assertThat(Database.describe(settings))
        .doesNotContain("hunter2")
        .doesNotContain("bob:pw")
        .contains("jdbc:mysql://***@db:3306/x?password=***&ssl=true");
  }

  private static List<dev.syncmesh.protocol.model.Hash> hashes(int from, int to) {
    return JdbcObjectStoreTest.hashes(JdbcObjectStoreTest.blobs(from, to));
  }

  private static long count(Database database, String sql) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
