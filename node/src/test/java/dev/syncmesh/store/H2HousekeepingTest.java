package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping of an H2 file database: after many small commits (each one a chunk in the file),
 * a round compacts them into a few, and every object is still there.
 */
class H2HousekeepingTest {
  private static final int COMMITS = 2_000;

  @Test
  void aRoundCompactsTheChunksOfManySmallCommitsAndKeepsEveryObject(@TempDir Path folder) {
    try (Database database = Database.open(TestDatabases.h2File(folder))) {
      JdbcObjectStore store = new JdbcObjectStore(database, 0);
      List<StoredObject> written = new ArrayList<>();
      for (int commit = 0; commit < COMMITS; commit++) {
        List<StoredObject> objects = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String json = "{\"commit\":" + commit + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}";
          objects.add(StoredObject.of(ObjectKind.BLOB, json.getBytes(StandardCharsets.UTF_8)));
        }
        store.putAll(objects);
        written.addAll(objects);
      }
      // Each commit wrote a chunk, and H2 keeps superseded chunks: without compaction the file
      // holds about one chunk per commit here.
      H2Housekeeping housekeeping =
          H2Housekeeping.start(database.settings(), database.dataSource()).orElseThrow();
      try {
        housekeeping.round();
        assertThat(housekeeping.chunks()).isLessThan(COMMITS / 4);
      } finally {
        housekeeping.close();
      }
      JdbcObjectStore cold = new JdbcObjectStore(database, 0);
      assertThat(cold.getAll(written.stream().map(StoredObject::hash).toList())).hasSize(written.size());
    }
  }

  @Test
  void onlyAnH2FileDatabaseIsKeptThisWay() {
    try (Database memory = Database.open(DatabaseSettings.h2InMemory("housekeeping-test"))) {
      assertThat(H2Housekeeping.start(memory.settings(), memory.dataSource())).isEmpty();
    }
  }
}
