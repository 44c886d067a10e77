package dev.syncmesh.node;

import com.typesafe.config.Config;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class NodeOnMariaDbTest extends NodeLifecycleContract {
  private TestMariaDb database;

  @BeforeEach
  void createDatabase() throws SQLException {
    database = TestMariaDb.create();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
  }

  @Override
  Config config() {
    return TestNodes.mariaDb(database);
  }

  /** Pekko's script makes payloads BLOB (64 KiB); a peer's snapshot with its history needs more. */
  @org.junit.jupiter.api.Test
  void journalPayloadsHoldMoreThan64KiB() throws SQLException {
    SyncMeshNode.start(config()).close();
    try (var connection =
            java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
        var statement = connection.createStatement();
        var result =
            statement.executeQuery(
                "SELECT DISTINCT data_type FROM information_schema.columns WHERE table_schema ="
                    + " DATABASE() AND column_name IN ('event_payload', 'snapshot_payload')")) {
      java.util.List<String> types = new java.util.ArrayList<>();
      while (result.next()) {
        types.add(result.getString(1));
      }
      org.assertj.core.api.Assertions.assertThat(types).containsExactly("longblob");
    }
  }
}
