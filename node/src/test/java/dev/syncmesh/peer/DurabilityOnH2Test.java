package dev.syncmesh.peer;

import dev.syncmesh.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;

/** Restart and kill -9 on the embedded H2 database, as {@code syncmesh node} runs it. */
class DurabilityOnH2Test extends DurabilityContract {
  @Override
  DatabaseSettings database(Path folder) {
    return DatabaseSettings.h2(folder.resolve("data"));
  }

  @Override
  Map<String, String> environment(DatabaseSettings database, Path folder) {
    return Map.of("SYNCMESH_DATA", folder.resolve("data").toString());
  }
}
