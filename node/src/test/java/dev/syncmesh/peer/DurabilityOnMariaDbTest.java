package dev.syncmesh.peer;

import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/** Restart and kill -9 on MariaDB, a fresh database per test. */
class DurabilityOnMariaDbTest extends DurabilityContract {
  @Override
  DatabaseSettings database(Path folder) {
    return TestDatabases.mysql();
  }

  @Override
  Map<String, String> environment(DatabaseSettings database, Path folder) {
    return Map.of(
        "SYNCMESH_DB_URL", database.url(),
        "SYNCMESH_DB_USER", database.user(),
        "SYNCMESH_DB_PASSWORD", database.password());
  }

  @Override
  void drop(DatabaseSettings database) {
    TestDatabases.drop(database);
  }
}
