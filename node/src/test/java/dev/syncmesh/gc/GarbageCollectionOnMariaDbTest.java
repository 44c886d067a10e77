package dev.syncmesh.gc;

import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.TestDatabases;
import java.nio.file.Path;

/** Garbage collection on MariaDB, a fresh database per test. */
class GarbageCollectionOnMariaDbTest extends GarbageCollectionContract {
  @Override
  DatabaseSettings database(Path folder) {
    return TestDatabases.mysql();
  }

  @Override
  void drop(DatabaseSettings database) {
    TestDatabases.drop(database);
  }
}
