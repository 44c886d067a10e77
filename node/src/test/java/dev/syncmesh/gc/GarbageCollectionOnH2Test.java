package dev.syncmesh.gc;

import dev.syncmesh.store.DatabaseSettings;
import java.nio.file.Path;

/** Garbage collection on the embedded H2 database. */
class GarbageCollectionOnH2Test extends GarbageCollectionContract {
  @Override
  DatabaseSettings database(Path folder) {
    return null;
  }

  @Override
  void drop(DatabaseSettings database) {}
}
