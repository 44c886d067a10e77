package dev.syncmesh.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fresh databases for tests: H2 in memory or in a folder, and MariaDB (or MySQL) databases made
 * for one test on the server that {@code ops/bin/test} starts. The server's URL is the system
 * property {@code syncmesh.test.mysql.url} (user {@code syncmesh.test.mysql.user}, default root,
 * password {@code syncmesh.test.mysql.password}, default empty). When the server is down, {@link
 * #mysql()} throws: a MariaDB test fails rather than being skipped.
 */
public final class TestDatabases {
  public static final String MYSQL_URL_PROPERTY = "syncmesh.test.mysql.url";
  private static final String DEFAULT_MYSQL_URL = "jdbc:mysql://127.0.0.1:3306/syncmesh_test";
  private static final Pattern MYSQL_URL = Pattern.compile("(jdbc:mysql://[^/?]+)/?([^?]*)(\\?.*)?");
  private static final AtomicLong COUNTER = new AtomicLong();
  /** Databases made and not dropped yet; dropped when the JVM exits, in case a test forgot. */
  private static final Set<DatabaseSettings> LEFT_OVER = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LEFT_OVER.forEach(TestDatabases::dropQuietly), "drop-test-databases"));
  }

  private TestDatabases() {}

  /** A fresh database of the given dialect; {@link #drop} it afterwards. */
  public static DatabaseSettings fresh(Dialect dialect) {
    return switch (dialect) {
      case H2 -> h2InMemory();
      case MYSQL -> mysql();
    };
  }

  /** A fresh, uniquely named in-memory H2 database; {@link #drop} frees its memory. */
  public static DatabaseSettings h2InMemory() {
    DatabaseSettings settings = DatabaseSettings.h2InMemory(uniqueName());
    LEFT_OVER.add(settings);
    return settings;
  }

  /** The embedded H2 database in a folder, as a node would use it. */
  public static DatabaseSettings h2File(Path folder) {
    return DatabaseSettings.h2(folder);
  }

  /** A fresh, uniquely named database on the test MariaDB server. */
  public static DatabaseSettings mysql() {
    Matcher url = mysqlUrl();
    String name = uniqueName();
    execute(adminSettings(url), "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    DatabaseSettings settings =
        DatabaseSettings.of(
            url.group(1) + "/" + name + (url.group(3) == null ? "" : url.group(3)),
            user(),
            password());
    LEFT_OVER.add(settings);
    return settings;
  }

  /** Drops a database made here: a MariaDB database is dropped, an H2 one shut down. */
  public static void drop(DatabaseSettings settings) {
    if (settings.dialect() == Dialect.MYSQL) {
      Matcher url = MYSQL_URL.matcher(settings.url());
      if (!url.matches()) {
        throw new IllegalArgumentException("not a MySQL URL: " + settings.url());
      }
      execute(adminSettings(mysqlUrl()), "DROP DATABASE IF EXISTS `" + url.group(2) + "`");
    } else if (settings.url().startsWith("jdbc:h2:mem:")) {
      execute(settings, "SHUTDOWN");
    }
    LEFT_OVER.remove(settings);
  }

  /** Runs one SQL statement on a database, outside any pool. */
  public static void execute(DatabaseSettings settings, String sql) {
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "test database "
              + settings.url()
              + ": "
              + sql
              + " failed ("
              + e.getMessage()
              + "); is MariaDB up? ops/bin/mariadb-ready starts it",
          e);
    }
  }

  private static void dropQuietly(DatabaseSettings settings) {
    try {
      drop(settings);
    } catch (RuntimeException e) {
      // The JVM is exiting; a database left behind is only clutter.
    }
  }

  private static DatabaseSettings adminSettings(Matcher url) {
    return DatabaseSettings.of(url.group(1) + "/", user(), password());
  }

  private static Matcher mysqlUrl() {
    String url = System.getProperty(MYSQL_URL_PROPERTY, DEFAULT_MYSQL_URL);
    Matcher matcher = MYSQL_URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(MYSQL_URL_PROPERTY + " is not a jdbc:mysql: URL: " + url);
    }
    return matcher;
  }

  private static String user() {
    return System.getProperty("syncmesh.test.mysql.user", "root");
  }

  private static String password() {
    return System.getProperty("syncmesh.test.mysql.password", "");
  }

  private static String uniqueName() {
    return "sm_test_"
        + ProcessHandle.current().pid()
        + "_"
        + COUNTER.incrementAndGet()
        + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
  }
}
