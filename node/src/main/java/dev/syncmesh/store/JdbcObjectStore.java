package dev.syncmesh.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The object store on the node's database (table {@code sm_object}), with a cache of recently
 * written and read objects, bounded by their bytes. Writes go in batches bounded by count and by
 * bytes (well under MySQL's 16 MiB packet limit even when the driver escapes every byte), and are
 * idempotent: an object that is stored already keeps its bytes, and its {@code stored_at} (the
 * database's clock) is set again, so that garbage collection, which spares objects written within
 * its grace period, never deletes an object that something is about to refer to. The cache lets a
 * write skip an object only if this store wrote it within the last {@code trustWritten} (shorter
 * than the grace period); an object it only read is written again. Each batch is one transaction,
 * and batches are committed in the order the objects were given: a caller that lists children
 * before parents never leaves a parent stored without its children, even when a later batch
 * fails. Within a batch, rows go in hash order, so that concurrent writers lock them in the same
 * order. Reads ask the cache first and
 * the database for the rest, with bounded {@code IN} lists. Thread-safe.
 *
 * <p>{@link #stats()} counts objects read from the database (not the cache), objects sent to the
 * database to be written (not those skipped because this store wrote them a moment ago, though the
 * database may find some stored already), and statements sent (each batch and each {@code IN} query).
 */
public final class JdbcObjectStore implements ObjectStore {
  public static final long DEFAULT_CACHE_BYTES = 32L << 20;
  static final int MAX_BATCH_OBJECTS = 256;
  static final long MAX_BATCH_BYTES = 4L << 20;
  static final int MAX_IN_LIST = 256;
  /** Concurrent writers of the same objects may collide (duplicate key, deadlock): retry. */
  private static final int MAX_ATTEMPTS = 8;
  /**
   * What a cache entry costs besides its bytes, as a heap histogram shows it: the hash and its
   * array, the object, its array's header, the cache's and the map's nodes.
   */
  private static final int ENTRY_OVERHEAD = 232;

  /** How long a write of this store lets a later write of the same object skip the database. */
  public static final Duration DEFAULT_TRUST_WRITTEN = Duration.ofSeconds(30);

  /** A cached object, and when this store last wrote it ({@link Long#MIN_VALUE}: only read). */
  private record Cached(StoredObject object, long writtenAtNanos) {}

  private final Database database;
  private final Cache<Hash, Cached> cache;
  private final long trustWrittenNanos;
  private final String insertSql;
  private final AtomicLong objectsRead = new AtomicLong();
  private final AtomicLong objectsWritten = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();

  public JdbcObjectStore(Database database) {
    this(database, DEFAULT_CACHE_BYTES);
  }

  /** A store whose cache holds at most about {@code cacheBytes} of objects (0: no cache). */
  public JdbcObjectStore(Database database, long cacheBytes) {
    this(database, cacheBytes, DEFAULT_TRUST_WRITTEN);
  }

  /**
   * As above, and a write skips an object this store wrote less than {@code trustWritten} ago: it
   * must be shorter than garbage collection's grace period.
   */
  public JdbcObjectStore(Database database, long cacheBytes, Duration trustWritten) {
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cache size " + cacheBytes + " is negative");
    }
    if (trustWritten.isNegative()) {
      throw new IllegalArgumentException("trust period " + trustWritten + " is negative");
    }
    this.database = database;
    this.trustWrittenNanos = trustWritten.toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(cacheBytes)
            .<Hash, Cached>weigher((hash, cached) -> ENTRY_OVERHEAD + cached.object().size())
            .recordStats()
            .build();
    this.insertSql = insertSql(database.dialect());
  }

  @Override
  public void putAll(Collection<StoredObject> objects) {
    Map<Hash, StoredObject> pending = new LinkedHashMap<>();
    long now = System.nanoTime();
    for (StoredObject object : objects) {
      if (!writtenSince(object.hash(), now - trustWrittenNanos)) {
        pending.putIfAbsent(object.hash(), object);
      }
    }
    List<StoredObject> batch = new ArrayList<>();
    long batchBytes = 0;
    for (StoredObject object : pending.values()) {
      long bytes = Hash.BYTES + 16L + object.size();
      if (!batch.isEmpty()
          && (batch.size() >= MAX_BATCH_OBJECTS || batchBytes + bytes > MAX_BATCH_BYTES)) {
        writeBatch(batch, batchBytes);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(object);
      batchBytes += bytes;
    }
    if (!batch.isEmpty()) {
      writeBatch(batch, batchBytes);
    }
  }

  private boolean writtenSince(Hash hash, long sinceNanos) {
    Cached cached = cache.getIfPresent(hash);
    return cached != null
        && cached.writtenAtNanos() != Long.MIN_VALUE
        && cached.writtenAtNanos() - sinceNanos > 0;
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    Map<Hash, StoredObject> found = new HashMap<>();
    List<Hash> toRead = new ArrayList<>();
    for (Hash hash : new LinkedHashSet<>(hashes)) {
      Cached cached = cache.getIfPresent(hash);
      if (cached != null) {
        found.put(hash, cached.object());
      } else {
        toRead.add(hash);
      }
    }
    for (List<Hash> chunk : chunks(toRead)) {
      for (StoredObject object : readChunk(chunk)) {
        found.put(object.hash(), object);
        cache.asMap().putIfAbsent(object.hash(), new Cached(object, Long.MIN_VALUE));
      }
    }
    return found;
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    List<Hash> toCheck = new ArrayList<>();
    for (Hash hash : new LinkedHashSet<>(hashes)) {
      if (cache.getIfPresent(hash) == null) {
        toCheck.add(hash);
      }
    }
    Set<Hash> missing = new HashSet<>(toCheck);
    for (List<Hash> chunk : chunks(toCheck)) {
      missing.removeAll(presentIn(chunk));
    }
    return missing;
  }

  @Override
  public Map<Hash, ObjectKind> kinds(Collection<Hash> hashes) {
    Map<Hash, ObjectKind> kinds = new HashMap<>();
    List<Hash> toCheck = new ArrayList<>();
    for (Hash hash : new LinkedHashSet<>(hashes)) {
      Cached cached = cache.getIfPresent(hash);
      if (cached != null) {
        kinds.put(hash, cached.object().kind());
      } else {
        toCheck.add(hash);
      }
    }
    for (List<Hash> chunk : chunks(toCheck)) {
      kinds.putAll(kindsIn(chunk));
    }
    return kinds;
  }

  /**
   * Reports the object cache ({@code cache="objects"}) and what went to the database: {@code
   * syncmesh_store_objects_total} by {@code op} (read, written) and {@code
   * syncmesh_store_round_trips_total}.
   */
  public void bindMetrics(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, "objects");
    FunctionCounter.builder("syncmesh_store_objects", objectsRead, AtomicLong::get)
        .description("Objects read from or written to the database (not the cache)")
        .tags("op", "read")
        .register(registry);
    FunctionCounter.builder("syncmesh_store_objects", objectsWritten, AtomicLong::get)
        .description("Objects read from or written to the database (not the cache)")
        .tags("op", "written")
        .register(registry);
    FunctionCounter.builder("syncmesh_store_round_trips", roundTrips, AtomicLong::get)
        .description("Statements sent to the object store's database")
        .register(registry);
  }

  @Override
  public ObjectStoreStats stats() {
    return new ObjectStoreStats(objectsRead.get(), objectsWritten.get(), roundTrips.get());
  }

  /** Inserts an object, or sets {@code stored_at} again if it is stored already. */
  private static String insertSql(Dialect dialect) {
    String now = dialect.epochSeconds();
    return switch (dialect) {
      case MYSQL ->
          "INSERT INTO sm_object (hash, kind, size, data, stored_at) VALUES (?, ?, ?, ?, "
              + now
              + ") ON DUPLICATE KEY UPDATE stored_at = "
              + now;
      case H2 ->
          "MERGE INTO sm_object t USING (VALUES (CAST(? AS BINARY(32)), CAST(? AS TINYINT),"
              + " CAST(? AS INT), CAST(? AS VARBINARY))) s (hash, kind, size, data)"
              + " ON t.hash = s.hash WHEN MATCHED THEN UPDATE SET stored_at = "
              + now
              + " WHEN NOT MATCHED THEN INSERT (hash, kind, size, data, stored_at)"
              + " VALUES (s.hash, s.kind, s.size, s.data, "
              + now
              + ")";
    };
  }

  private void writeBatch(List<StoredObject> batch, long bytes) {
    // Taken before the statement runs: the database's stored_at is no earlier than this.
    long writtenAt = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        insert(batch);
        break;
      } catch (SQLException e) {
        if (attempt >= MAX_ATTEMPTS || !isCollision(e)) {
          throw new DatabaseException(
              "writing "
                  + batch.size()
                  + " objects ("
                  + bytes
                  + " bytes) to the "
                  + database.description()
                  + " failed: "
                  + e.getMessage(),
              e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5L * attempt));
      }
    }
    objectsWritten.addAndGet(batch.size());
    for (StoredObject object : batch) {
      cache.put(object.hash(), new Cached(object, writtenAt));
    }
  }

  private void insert(List<StoredObject> batch) throws SQLException {
    List<StoredObject> rows = new ArrayList<>(batch);
    rows.sort(Comparator.comparing(StoredObject::hash));
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
        for (StoredObject object : rows) {
          insert.setBytes(1, object.hash().bytes());
          insert.setByte(2, object.kind().code());
          insert.setInt(3, object.size());
          insert.setBytes(4, object.data());
          insert.addBatch();
        }
        roundTrips.incrementAndGet();
        insert.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        rollback(connection, e);
        throw e;
      }
    }
  }

  private List<StoredObject> readChunk(List<Hash> chunk) {
    String sql = "SELECT hash, kind, data FROM sm_object WHERE hash IN (" + marks(chunk) + ")";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      bind(select, chunk);
      roundTrips.incrementAndGet();
      List<StoredObject> objects = new ArrayList<>(chunk.size());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          objects.add(
              new StoredObject(
                  Hash.of(rows.getBytes(1)), ObjectKind.ofCode(rows.getInt(2)), rows.getBytes(3)));
        }
      }
      objectsRead.addAndGet(objects.size());
      return objects;
    } catch (SQLException e) {
      throw failed("reading " + chunk.size() + " objects from", e);
    }
  }

  private Set<Hash> presentIn(List<Hash> chunk) {
    String sql = "SELECT hash FROM sm_object WHERE hash IN (" + marks(chunk) + ")";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      bind(select, chunk);
      roundTrips.incrementAndGet();
      Set<Hash> present = new HashSet<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          present.add(Hash.of(rows.getBytes(1)));
        }
      }
      return present;
    } catch (SQLException e) {
      throw failed("looking up " + chunk.size() + " hashes in", e);
    }
  }

  private Map<Hash, ObjectKind> kindsIn(List<Hash> chunk) {
    String sql = "SELECT hash, kind FROM sm_object WHERE hash IN (" + marks(chunk) + ")";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      bind(select, chunk);
      roundTrips.incrementAndGet();
      Map<Hash, ObjectKind> kinds = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          kinds.put(Hash.of(rows.getBytes(1)), ObjectKind.ofCode(rows.getInt(2)));
        }
      }
      return kinds;
    } catch (SQLException e) {
      throw failed("looking up the kinds of " + chunk.size() + " objects in", e);
    }
  }

  private DatabaseException failed(String what, SQLException e) {
    return new DatabaseException(
        what + " the " + database.description() + " failed: " + e.getMessage(), e);
  }

  private static void bind(PreparedStatement select, List<Hash> hashes) throws SQLException {
    bind(select, 1, hashes);
  }

  /** Binds the hashes to the parameters from {@code first} on (the store's and the sweep's). */
  static void bind(PreparedStatement statement, int first, List<Hash> hashes) throws SQLException {
    for (int i = 0; i < hashes.size(); i++) {
      statement.setBytes(first + i, hashes.get(i).bytes());
    }
  }

  /** The parameter marks of an {@code IN} list of {@code chunk}'s size. */
  static String marks(List<Hash> chunk) {
    return String.join(", ", Collections.nCopies(chunk.size(), "?"));
  }

  private static List<List<Hash>> chunks(List<Hash> hashes) {
    List<List<Hash>> chunks = new ArrayList<>();
    for (int from = 0; from < hashes.size(); from += MAX_IN_LIST) {
      chunks.add(hashes.subList(from, Math.min(hashes.size(), from + MAX_IN_LIST)));
    }
    return chunks;
  }

  /**
   * Whether a failed write collided with a concurrent writer of the same objects: H2 reports a
   * duplicate key (its merge is not atomic) or a concurrent update; InnoDB may pick a deadlock
   * victim or time out on a row lock. The batch is idempotent, so it is safe to run again.
   */
  private static boolean isCollision(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        if (state.equals("23505") || state.startsWith("40") || code == 90131 || code == 1213
            || code == 1205) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != t && isCollision(next)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rollback(Connection connection, SQLException failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
