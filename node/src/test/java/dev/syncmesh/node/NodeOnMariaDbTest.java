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
}
