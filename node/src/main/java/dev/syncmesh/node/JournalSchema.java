package dev.syncmesh.node;

import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * The journal's tables. A node connects first (so that an unreachable database stops it before
 * anything else starts), then creates the tables once its actor system runs. The plugin's script
 * is not safe to run concurrently and {@link SchemaUtils#createIfNotExists} swallows every SQL
 * error, so creation runs under a database lock (MySQL's {@code GET_LOCK}; H2 files belong to one
 * process) and is checked afterwards, with retries.
 */
final class JournalSchema implements AutoCloseable {
  private static final String LOCK_NAME = "syncmesh.journal-schema";
  private static final int LOCK_WAIT_SECONDS = 60;
  private static final int ATTEMPTS = 3;
  private static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot");
  /** Several nodes of one JVM (tests, the harness) may share one database. */
  private static final Object LOCAL_LOCK = new Object();

  private final DatabaseSettings database;
  private final Connection connection;

  private JournalSchema(DatabaseSettings database, Connection connection) {
    this.database = database;
    this.connection = connection;
  }

  static JournalSchema connect(DatabaseSettings database, Duration timeout) {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    if (database.dialect() == Dialect.MYSQL) {
      properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
    }
    try {
      return new JournalSchema(database, DriverManager.getConnection(database.url(), properties));
    } catch (SQLException e) {
      throw new NodeStartException(
          "cannot connect to the database " + describe(database) + ": " + firstLine(e), e);
    }
  }

  /** Creates the journal's tables unless they exist; fails if they still do not exist after. */
  void create(ClassicActorSystemProvider system, Duration timeout) {
    // Usually they exist: skip the script, whose index statement fails (and is logged by H2)
    // every time it runs again.
    if (missingTable() == null && narrowPayloads().isEmpty()) {
      return;
    }
    synchronized (LOCAL_LOCK) {
      lock();
      try {
        String missing = missingTable();
        for (int attempt = 1; attempt <= ATTEMPTS && missing != null; attempt++) {
          runScript(system, timeout);
          missing = missingTable();
        }
        if (missing == null) {
          widenPayloads();
          return;
        }
        throw new NodeStartException(
            "cannot create the journal's tables in " + describe(database) + ": " + missing);
      } finally {
        unlock();
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing was written on this connection; losing it changes nothing.
    }
  }

  /** The database in words for logs and errors: no password, no options. */
  static String describe(DatabaseSettings database) {
    String url = database.url().replaceFirst("^jdbc:(h2|mysql):", "");
    return switch (database.dialect()) {
      case H2 -> "H2 " + url.replaceFirst(";.*$", "");
      case MYSQL ->
          "MySQL "
              + url.replaceFirst("\\?.*$", "").replaceFirst("//[^@/]*@", "//")
              + (database.user().isEmpty() ? "" : " as " + database.user());
    };
  }

  private void runScript(ClassicActorSystemProvider system, Duration timeout) {
    try {
      SchemaUtils.createIfNotExists(system)
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeStartException("interrupted while creating the journal's tables", e);
    } catch (Exception e) {
      // The check that follows reports what is missing.
    }
  }

  /**
   * Pekko's MySQL script declares payloads {@code BLOB} (64 KiB): too small for the snapshot of a
   * peer with its sync history. They become {@code LONGBLOB}, once, under the schema lock.
   */
  private void widenPayloads() {
    for (String column : narrowPayloads()) {
      String table = column.substring(0, column.indexOf('.'));
      String name = column.substring(column.indexOf('.') + 1);
      boolean nullable = name.equals("meta_payload");
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "ALTER TABLE " + table + " MODIFY " + name + " LONGBLOB" + (nullable ? "" : " NOT NULL"));
      } catch (SQLException e) {
        throw new NodeStartException(
            "cannot widen " + column + " to LONGBLOB in " + describe(database) + ": " + firstLine(e), e);
      }
    }
  }

  /** The payload columns (table.column) still narrower than LONGBLOB; none on H2. */
  private List<String> narrowPayloads() {
    if (database.dialect() != Dialect.MYSQL) {
      return List.of();
    }
    String query =
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema ="
            + " DATABASE() AND data_type = 'blob' AND ((table_name = 'event_journal' AND"
            + " column_name IN ('event_payload', 'meta_payload')) OR (table_name = 'snapshot' AND"
            + " column_name IN ('snapshot_payload', 'meta_payload')))";
    List<String> narrow = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      while (result.next()) {
        narrow.add(result.getString(1) + "." + result.getString(2));
      }
    } catch (SQLException e) {
      return List.of(); // the tables do not exist yet: created first, widened after
    }
    return narrow;
  }

  private String missingTable() {
    for (String table : TABLES) {
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        return "table " + table + ": " + firstLine(e);
      }
    }
    return null;
  }

  private void lock() {
    if (database.dialect() != Dialect.MYSQL) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      statement.setString(1, LOCK_NAME);
      statement.setInt(2, LOCK_WAIT_SECONDS);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next() || result.getInt(1) != 1) {
          throw new NodeStartException(
              "another node held the journal schema lock in "
                  + describe(database)
                  + " for more than "
                  + LOCK_WAIT_SECONDS
                  + " s");
        }
      }
    } catch (SQLException e) {
      throw new NodeStartException(
          "cannot lock the journal schema in " + describe(database) + ": " + firstLine(e), e);
    }
  }

  private void unlock() {
    if (database.dialect() != Dialect.MYSQL) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      statement.setString(1, LOCK_NAME);
      statement.executeQuery().close();
    } catch (SQLException e) {
      // Closing the connection releases the lock too.
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
