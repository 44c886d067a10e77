package dev.syncmesh.sync;

import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resume after a stop in each phase, on H2. */
class SyncRecoveryOnH2Test extends SyncRecoveryContract {
  @Override
  DatabaseSettings database(Path folder) {
    return TestDatabases.h2File(folder);
  }

  @Override
  void drop(DatabaseSettings database) {}

  @ParameterizedTest
  @EnumSource(SyncPhase.class)
  void aSessionStoppedInAPhaseResumesAndCompletesOnce(SyncPhase phase) {
    resumesAfterAStopIn(phase);
  }
}
