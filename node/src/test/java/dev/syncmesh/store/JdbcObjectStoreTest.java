package dev.syncmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC object store, on embedded H2 and on MariaDB. */
@ParameterizedClass
@EnumSource(Dialect.class)
class JdbcObjectStoreTest {
  private static final int MIB = 1 << 20;

  @Parameter Dialect dialect;

  private DatabaseSettings settings;
  private Database database;

  @BeforeEach
  void open() {
    settings = TestDatabases.fresh(dialect);
    database = Database.open(settings);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
    TestDatabases.drop(settings);
  }

  @Test
  void storesAndReadsBackEachKind() {
    List<StoredObject> objects =
        List.of(
            StoredObject.of(ObjectKind.BLOB, utf8("{\"title\":\"ünïcode ✓\"}")),
            StoredObject.of(ObjectKind.NODE, utf8("node")),
            StoredObject.of(ObjectKind.COMMIT, utf8("{\"tree\":\"x\"}")),
            StoredObject.of(ObjectKind.BLOB, new byte[0]));
    new JdbcObjectStore(database).putAll(objects);

    Map<Hash, StoredObject> read = coldStore().getAll(hashes(objects));

    assertThat(read).hasSize(objects.size());
    for (StoredObject object : objects) {
      assertSame(read.get(object.hash()), object);
      assertThat(read.get(object.hash()).verifies()).isTrue();
    }
  }

  @Test
  void theSameObjectTwiceInOneCallIsStoredOnce() {
    StoredObject a = blob("a");
    StoredObject b = blob("b");
    JdbcObjectStore store = new JdbcObjectStore(database);

    store.putAll(List.of(a, b, a, StoredObject.of(ObjectKind.BLOB, utf8("a"))));

    assertThat(rowCount()).isEqualTo(2);
    assertThat(store.stats().objectsWritten()).isEqualTo(2);
  }

  @Test
  void writingStoredObjectsAgainChangesNothing() {
    List<StoredObject> first = blobs(0, 300);
    List<StoredObject> overlapping = blobs(200, 600);
    new JdbcObjectStore(database).putAll(first);

    // A second store has a cold cache, so every object goes to the database again.
    JdbcObjectStore second = new JdbcObjectStore(database);
    second.putAll(overlapping);
    second.putAll(overlapping);

    assertThat(rowCount()).isEqualTo(600);
    Map<Hash, StoredObject> read = coldStore().getAll(hashes(blobs(0, 600)));
    assertThat(read).hasSize(600);
    blobs(0, 600).forEach(object -> assertSame(read.get(object.hash()), object));
  }

  @Test
  void anObjectInTheCacheIsNotWrittenAgain() {
    JdbcObjectStore store = new JdbcObjectStore(database);
    store.putAll(blobs(0, 10));
    ObjectStoreStats before = store.stats();

    store.putAll(blobs(0, 10));
    store.putAll(blobs(5, 12));

    ObjectStoreStats spent = store.stats().minus(before);
    assertThat(spent.objectsWritten()).isEqualTo(2);
    assertThat(spent.roundTrips()).isEqualTo(1);
  }

  @Test
  void largeObjectsRoundTripAndSplitBatches() {
    Random random = new Random(42);
    List<StoredObject> large = new ArrayList<>();
    for (int extra : new int[] {1, 7, 100, 4096, 65_537, 1}) {
      byte[] data = new byte[MIB + extra];
      random.nextBytes(data); // every byte value, so any escaping of binary data is exercised
      large.add(StoredObject.of(extra == 1 && !large.isEmpty() ? ObjectKind.NODE : ObjectKind.BLOB, data));
    }
    JdbcObjectStore store = new JdbcObjectStore(database);

    store.putAll(large);

    long totalBytes = large.stream().mapToLong(StoredObject::size).sum();
    assertThat(store.stats().roundTrips())
        .isGreaterThanOrEqualTo((totalBytes + JdbcObjectStore.MAX_BATCH_BYTES - 1) / JdbcObjectStore.MAX_BATCH_BYTES);
    Map<Hash, StoredObject> read = coldStore().getAll(hashes(large));
    assertThat(read).hasSize(large.size());
    large.forEach(object -> assertSame(read.get(object.hash()), object));
  }

  @Test
  void manyObjectsGoInSeveralBatchesAndInLists() {
    int count = 2 * JdbcObjectStore.MAX_BATCH_OBJECTS + 17;
    List<StoredObject> objects = blobs(0, count);
    JdbcObjectStore writer = new JdbcObjectStore(database);

    writer.putAll(objects);

    assertThat(writer.stats()).isEqualTo(new ObjectStoreStats(0, count, 3));
    assertThat(rowCount()).isEqualTo(count);
    JdbcObjectStore reader = coldStore();
    Map<Hash, StoredObject> read = reader.getAll(hashes(objects));
    assertThat(read).hasSize(count);
    int inLists = (count + JdbcObjectStore.MAX_IN_LIST - 1) / JdbcObjectStore.MAX_IN_LIST;
    assertThat(reader.stats()).isEqualTo(new ObjectStoreStats(count, 0, inLists));
  }

  @Test
  void missingNamesTheAbsentHashes() {
    JdbcObjectStore store = new JdbcObjectStore(database);
    store.putAll(blobs(0, 5));
    List<Hash> asked = new ArrayList<>(hashes(blobs(3, 8)));
    asked.add(asked.get(0)); // duplicates are fine

    assertThat(store.missing(asked)).containsExactlyInAnyOrderElementsOf(hashes(blobs(5, 8)));
    assertThat(coldStore().missing(asked)).containsExactlyInAnyOrderElementsOf(hashes(blobs(5, 8)));
    assertThat(coldStore().missing(hashes(blobs(0, 600)))).hasSize(595);
    assertThat(store.missing(List.of())).isEmpty();
  }

  @Test
  void getAllLeavesOutAbsentHashes() {
    JdbcObjectStore store = new JdbcObjectStore(database);
    store.putAll(blobs(0, 3));
    List<Hash> asked = hashes(blobs(0, 6));

    assertThat(coldStore().getAll(asked).keySet()).containsExactlyInAnyOrderElementsOf(hashes(blobs(0, 3)));
    assertThat(store.getAll(hashes(blobs(4, 6)))).isEmpty();
    assertThat(store.get(blob("absent").hash())).isEmpty();
    assertThat(store.get(blob("0").hash())).isPresent();
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void statsCountDatabaseReadsNotCacheHits() {
    new JdbcObjectStore(database).putAll(blobs(0, 4));
    JdbcObjectStore store = coldStore();
    JdbcObjectStore cached = new JdbcObjectStore(database);

    store.getAll(hashes(blobs(0, 6)));
    cached.getAll(hashes(blobs(0, 6)));
    ObjectStoreStats afterFirst = cached.stats();
    cached.getAll(hashes(blobs(0, 4)));

    assertThat(store.stats()).isEqualTo(new ObjectStoreStats(4, 0, 1));
    assertThat(afterFirst).isEqualTo(new ObjectStoreStats(4, 0, 1));
    assertThat(cached.stats()).isEqualTo(afterFirst);
  }

  @Test
  void concurrentWritersOfOverlappingObjectsAllSucceed() throws Exception {
    int writers = 8;
    List<StoredObject> all = blobs(0, 1200);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    JdbcObjectStore shared = new JdbcObjectStore(database);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int seed = w;
        JdbcObjectStore store = w % 2 == 0 ? shared : new JdbcObjectStore(database);
        tasks.add(
            () -> {
              List<StoredObject> mine = new ArrayList<>(all.subList(seed * 100, seed * 100 + 500));
              Collections.shuffle(mine, new Random(seed));
              for (int from = 0; from < mine.size(); from += 100) {
                store.putAll(mine.subList(from, Math.min(mine.size(), from + 150)));
              }
              return null;
            });
      }
      for (Future<Void> done : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
        done.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(rowCount()).isEqualTo(1200);
    assertThat(coldStore().missing(hashes(all))).isEmpty();
  }

  @Test
  void batchesAreCommittedInTheOrderGiven() throws SQLException {
    // The database refuses objects of 7 bytes: the third batch fails, after two have committed.
    execute(
        dialect == Dialect.H2
            ? "ALTER TABLE sm_object ADD CONSTRAINT refuse_seven CHECK (size <> 7)"
            : "CREATE TRIGGER refuse_seven BEFORE INSERT ON sm_object FOR EACH ROW"
                + " IF NEW.size = 7 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'seven'; END IF");
    int perBatch = JdbcObjectStore.MAX_BATCH_OBJECTS;
    List<StoredObject> objects = new ArrayList<>(blobs(0, 3 * perBatch));
    objects.add(2 * perBatch + 5, blob("refused"));
    JdbcObjectStore store = new JdbcObjectStore(database);

    assertThatThrownBy(() -> store.putAll(objects)).isInstanceOf(DatabaseException.class);

    Set<Hash> missing = coldStore().missing(hashes(objects));
    assertThat(missing).doesNotContainAnyElementsOf(hashes(objects.subList(0, 2 * perBatch)));
    assertThat(missing).containsAll(hashes(objects.subList(2 * perBatch, objects.size())));
  }

  @Test
  void aFailingDatabaseIsReportedNotSwallowed() throws SQLException {
    execute("DROP TABLE sm_object");
    JdbcObjectStore store = coldStore();

    assertThatThrownBy(() -> store.putAll(blobs(0, 2)))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("writing 2 objects")
        .hasMessageContaining(dialect.name());
    assertThatThrownBy(() -> store.getAll(hashes(blobs(0, 2))))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("reading 2 objects");
    assertThatThrownBy(() -> store.missing(hashes(blobs(0, 2))))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("looking up 2 hashes");
  }

  @Test
  void aWriteOfAStoredObjectCountsAsWrittenNowUnlessThisStoreJustWroteIt() throws SQLException {
    StoredObject object = StoredObject.of(ObjectKind.BLOB, utf8("{\"again\":true}"));
    JdbcObjectStore trusting = new JdbcObjectStore(database, MIB, Duration.ofHours(1));
    trusting.putAll(List.of(object));
    execute("UPDATE sm_object SET stored_at = stored_at - 86400");
    long aged = storedAt(object.hash());

    trusting.putAll(List.of(object));
    assertThat(storedAt(object.hash())).as("written by this store a moment ago: skipped").isEqualTo(aged);

    // A store that only read it, or wrote it longer ago than it trusts, writes it again.
    JdbcObjectStore reader = new JdbcObjectStore(database, MIB, Duration.ofHours(1));
    assertThat(reader.get(object.hash())).isPresent();
    reader.putAll(List.of(object));
    assertThat(storedAt(object.hash())).isGreaterThanOrEqualTo(aged + 86400);
    execute("UPDATE sm_object SET stored_at = stored_at - 86400");
    JdbcObjectStore forgetful = new JdbcObjectStore(database, MIB, Duration.ZERO);
    forgetful.putAll(List.of(object));
    forgetful.putAll(List.of(object));
    assertThat(storedAt(object.hash())).isGreaterThanOrEqualTo(aged + 86400);
    assertThat(forgetful.get(object.hash()).orElseThrow().data()).isEqualTo(object.data());
    assertThat(rowCount()).isEqualTo(1);
  }

  private long storedAt(Hash hash) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        java.sql.PreparedStatement select =
            connection.prepareStatement("SELECT stored_at FROM sm_object WHERE hash = ?")) {
      select.setBytes(1, hash.bytes());
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getLong(1);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private JdbcObjectStore coldStore() {
    return new JdbcObjectStore(database, 0);
  }

  private long rowCount() {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sm_object")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertSame(StoredObject actual, StoredObject expected) {
    assertThat(actual).isNotNull();
    assertThat(actual.hash()).isEqualTo(expected.hash());
    assertThat(actual.kind()).isEqualTo(expected.kind());
    assertThat(actual.data()).isEqualTo(expected.data());
  }

  static StoredObject blob(String text) {
    return StoredObject.of(ObjectKind.BLOB, utf8(text));
  }

  /** Blobs "from" .. "to - 1": the same numbers always give the same objects. */
  static List<StoredObject> blobs(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> blob(Integer.toString(i))).toList();
  }

  static List<Hash> hashes(List<StoredObject> objects) {
    return objects.stream().map(StoredObject::hash).toList();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
