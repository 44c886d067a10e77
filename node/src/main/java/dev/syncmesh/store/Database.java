package dev.syncmesh.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A node's database: a connection pool and a schema migrated to the version this build expects.
 * Several nodes may open the same MySQL database at once: the migration runs under a named
 * database lock, so exactly one of them applies it and the others find it done.
 */
public final class Database implements AutoCloseable {
  public static final int DEFAULT_POOL_SIZE = 10;
  static final String HISTORY_TABLE = "sm_schema_history";
  private static final int MIGRATION_LOCK_SECONDS = 120;
  /** H2 databases are reachable from one JVM only, so a lock per URL serialises migrations. */
  private static final Map<String, Object> H2_MIGRATION_LOCKS = new ConcurrentHashMap<>();

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private final Optional<H2Housekeeping> housekeeping;

  private Database(
      DatabaseSettings settings, HikariDataSource pool, H2Compaction h2Compaction) {
    this.settings = settings;
    this.pool = pool;
    this.housekeeping = H2Housekeeping.start(settings, pool, h2Compaction);
  }

  public static Database open(DatabaseSettings settings) {
    return open(settings, DEFAULT_POOL_SIZE);
  }

  public static Database open(DatabaseSettings settings, int maxPoolSize) {
    return open(settings, maxPoolSize, H2Compaction.DEFAULT);
  }

  /**
   * Opens the pool (failing at once if the database does not answer) and migrates the schema. An
   * H2 file database is compacted while it runs, on the given schedule.
   */
  public static Database open(
      DatabaseSettings settings, int maxPoolSize, H2Compaction h2Compaction) {
    HikariDataSource pool = openPool(settings, maxPoolSize);
    try {
      migrate(settings, pool);
      return new Database(settings, pool, h2Compaction);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Reports the pool through HikariCP's own meters ({@code hikaricp_connections...}). */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    pool.setMetricRegistry(registry);
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return settings.dialect();
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** The dialect and URL without credentials, for error messages and logs. */
  public String description() {
    return describe(settings);
  }

  /**
   * Fails with a {@link DatabaseException} saying why unless the pool hands out a connection within
   * {@code within} and that connection answers a validation query within {@code within} too. It
   * blocks the calling thread (up to about twice {@code within}, more if a driver ignores its
   * timeouts): call it off actors' threads.
   */
  public void ping(Duration within) {
    ping(pool, within);
  }

  /** {@link #ping(Duration)} on any pool, such as the journal's. */
  public static void ping(DataSource dataSource, Duration within) {
    int seconds = (int) Math.max(1, within.toSeconds());
    try (Connection connection = borrow(dataSource, within)) {
      if (!connection.isValid(seconds)) {
        // The pool skips its own check of a connection used in the last half second.
        if (dataSource instanceof HikariDataSource hikari) {
          hikari.evictConnection(connection);
        }
        throw new DatabaseException(
            "a pooled connection failed its validation query (closed, or no answer within "
                + seconds
                + " s)",
            null);
      }
    } catch (SQLException e) {
      throw new DatabaseException(firstLine(e.getMessage()) + causedBy(e), e);
    }
  }

  private static String causedBy(SQLException e) {
    String root = firstLine(DatabaseException.rootMessage(e));
    return e.getCause() == null || root.equals(firstLine(e.getMessage())) ? "" : " (" + root + ")";
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message).strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }

  /** A connection within {@code within} where the pool allows it, not its own (longer) timeout. */
  private static Connection borrow(DataSource dataSource, Duration within) throws SQLException {
    if (dataSource instanceof HikariDataSource hikari) {
      if (hikari.isClosed()) {
        throw new DatabaseException("the connection pool is closed", null);
      }
      if (hikari.getHikariPoolMXBean() instanceof HikariPool pool) {
        return pool.getConnection(Math.max(250, within.toMillis()));
      }
    }
    return dataSource.getConnection();
  }

  @Override
  public void close() {
    housekeeping.ifPresent(H2Housekeeping::close);
    pool.close();
  }

  static String describe(DatabaseSettings settings) {
    String url =
        settings
            .url()
            .replaceAll("//[^@/]*@", "//***@")
            .replaceAll("(?i)(password=)[^&;]*", "$1***");
    return settings.dialect() + " database " + url;
  }

  private static HikariDataSource openPool(DatabaseSettings settings, int maxPoolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("syncmesh-db");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    // The migration lock holds one connection while Flyway works on others.
    config.setMaximumPoolSize(Math.max(2, maxPoolSize));
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseException(
          "cannot connect to the " + describe(settings) + ": " + DatabaseException.rootMessage(e), e);
    }
  }

  private static void migrate(DatabaseSettings settings, DataSource dataSource) {
    Flyway flyway =
        Flyway.configure(Database.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration/" + settings.dialect().name().toLowerCase(Locale.ROOT))
            .table(HISTORY_TABLE)
            .failOnMissingLocations(true)
            // The journal's tables may be there first (the node creates them before features
            // start): a schema without our history table starts from version 0, not refused.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    try {
      if (settings.dialect() == Dialect.MYSQL) {
        migrateUnderNamedLock(settings, dataSource, flyway);
      } else {
        synchronized (H2_MIGRATION_LOCKS.computeIfAbsent(settings.url(), url -> new Object())) {
          flyway.migrate();
        }
      }
    } catch (FlywayException e) {
      throw new DatabaseException(
          "cannot migrate the schema of the " + describe(settings) + ": " + e.getMessage(), e);
    }
  }

  private static void migrateUnderNamedLock(
      DatabaseSettings settings, DataSource dataSource, Flyway flyway) {
    try (Connection lock = dataSource.getConnection()) {
      String name = "LEFT(CONCAT('syncmesh-migrate-', DATABASE()), 64)";
      try (PreparedStatement get =
              lock.prepareStatement("SELECT GET_LOCK(" + name + ", " + MIGRATION_LOCK_SECONDS + ")");
          ResultSet rs = get.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new DatabaseException(
              "another node held the migration lock of the "
                  + describe(settings)
                  + " for "
                  + MIGRATION_LOCK_SECONDS
                  + " s",
              null);
        }
      }
      try {
        flyway.migrate();
      } finally {
        try (PreparedStatement release = lock.prepareStatement("SELECT RELEASE_LOCK(" + name + ")")) {
          release.executeQuery().close();
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException(
          "cannot lock the schema of the " + describe(settings) + ": " + e.getMessage(), e);
    }
  }
}
