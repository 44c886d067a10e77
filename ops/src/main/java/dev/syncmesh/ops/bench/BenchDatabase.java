package dev.syncmesh.ops.bench;

import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away database for one benchmark run: an H2 file in a temporary folder, or a fresh
 * database on a MySQL server. Removed on close.
 */
final class BenchDatabase implements AutoCloseable {
  private final DatabaseSettings settings;
  private final Path folder;
  private final Runnable cleanup;

  private BenchDatabase(DatabaseSettings settings, Path folder, Runnable cleanup) {
    this.settings = settings;
    this.folder = folder;
    this.cleanup = cleanup;
  }

  /**
   * @param mysqlServerUrl a {@code jdbc:mysql://host:port/} URL of the server to create the
   *     database on, used when {@code dialect} is MYSQL
   */
  static BenchDatabase create(Dialect dialect, String mysqlServerUrl, String label) {
    if (dialect == Dialect.H2) {
      try {
        Path folder = Files.createTempDirectory("syncmesh-bench-");
        return new BenchDatabase(DatabaseSettings.h2(folder), folder, () -> deleteTree(folder));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String name = "syncmesh_bench_" + label + "_" + ProcessHandle.current().pid();
    String server = mysqlServerUrl.replaceAll("/[^/?]*(\\?.*)?$", "/");
    sql(server, "DROP DATABASE IF EXISTS `" + name + "`");
    sql(server, "CREATE DATABASE `" + name + "`");
    return new BenchDatabase(
        DatabaseSettings.of(server + name, "root", ""),
        null,
        () -> sql(server, "DROP DATABASE IF EXISTS `" + name + "`"));
  }

  DatabaseSettings settings() {
    return settings;
  }

  /** The data folder of an embedded H2 database ({@code SYNCMESH_DATA}); empty for MySQL. */
  java.util.Optional<Path> folder() {
    return java.util.Optional.ofNullable(folder);
  }

  Database open() {
    return Database.open(settings);
  }

  @Override
  public void close() {
    cleanup.run();
  }

  private static void sql(String url, String statement) {
    try (Connection c = DriverManager.getConnection(url, "root", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the benchmark database: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not delete " + folder + ": " + e.getMessage());
    }
  }
}
