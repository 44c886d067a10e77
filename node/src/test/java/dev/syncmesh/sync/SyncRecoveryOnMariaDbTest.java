package dev.syncmesh.sync;

import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Resume after a stop on MariaDB: in the merge phase, the one that moves the head. */
class SyncRecoveryOnMariaDbTest extends SyncRecoveryContract {
  @Override
  DatabaseSettings database(Path folder) {
    return TestDatabases.mysql();
  }

  @Override
  void drop(DatabaseSettings database) {
    TestDatabases.drop(database);
  }

  @Test
  void aSessionStoppedInTheResolvePhaseResumesAndCompletesOnce() {
    resumesAfterAStopIn(SyncPhase.RESOLVE);
  }
}
