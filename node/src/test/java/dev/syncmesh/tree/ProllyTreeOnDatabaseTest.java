package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.merge.TreeMerge;
import dev.syncmesh.merge.TreeMergeResult;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trees and merges on the real databases: what one store instance writes, a second instance with
 * empty caches reads back identically, so nothing depends on what a cache happened to hold.
 */
class ProllyTreeOnDatabaseTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void treesWrittenByOneStoreReadBackThroughAColdOne(Dialect dialect) {
    DatabaseSettings settings = TestDatabases.fresh(dialect);
    try (Database database = Database.open(settings)) {
      JdbcObjectStore writer = new JdbcObjectStore(database);
      ProllyTree tree = new ProllyTree(writer);
      List<TreeEntry> entries = new ArrayList<>();
      IntStream.range(0, 5_000)
          .forEach(i -> entries.add(new TreeEntry(key(i), store(writer, "{\"n\":" + i + "}"))));
      Hash base = tree.build(entries.iterator());
      Hash ours = tree.apply(base, edits(writer, 0, "ours"));
      Hash theirs = tree.apply(base, edits(writer, 1, "theirs"));
      TreeMergeResult merged = new TreeMerge(tree, writer).merge(base, ours, theirs, null);

      JdbcObjectStore cold = new JdbcObjectStore(database, 0);
      ProllyTree reader = new ProllyTree(cold);
      assertThat(reader.size(base)).isEqualTo(5_000);
      assertThat(reader.list(base, "issues", null, 10_000)).isEqualTo(entries);
      assertThat(reader.diff(base, ours)).hasSize(50);
      assertThat(reader.diff(ours, merged.tree())).hasSize(50);
      assertThat(merged.conflicts()).isEmpty();
      assertThat(reader.get(merged.tree(), key(10))).isEqualTo(tree.get(ours, key(10)));
      assertThat(reader.get(merged.tree(), key(11))).isEqualTo(tree.get(theirs, key(11)));
    } finally {
      TestDatabases.drop(settings);
    }
  }

  private static RecordKey key(int i) {
    return new RecordKey("issues", String.format("n%05d", i));
  }

  private static Hash store(JdbcObjectStore store, String json) {
    RecordValue value = RecordValue.parse(json.getBytes(StandardCharsets.UTF_8));
    store.putAll(List.of(value.blob()));
    return value.hash();
  }

  /** 50 edits on records whose number has the given parity, so two sides never overlap. */
  private static NavigableMap<RecordKey, Optional<Hash>> edits(
      JdbcObjectStore store, int parity, String side) {
    NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    for (int i = parity; edits.size() < 50; i += 98) {
      edits.put(key(i), Optional.of(store(store, "{\"n\":" + i + ",\"side\":\"" + side + "\"}")));
    }
    return edits;
  }
}
