package dev.syncmesh.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh, uniquely named database on the test server ({@code syncmesh.test.mysql.url}, root with
 * an empty password unless {@code syncmesh.test.mysql.user}/{@code .password} say otherwise),
 * dropped on close. A server that does not answer fails the test: {@code ops/bin/mariadb-ready}
 * starts it.
 */
final class TestMariaDb implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("^(jdbc:mysql://[^/?]+)(/[^?]*)?(\\?.*)?$");

  private final String server;
  private final String options;
  private final String name;

  private TestMariaDb(String server, String options, String name) {
    this.server = server;
    this.options = options;
    this.name = name;
  }

  static TestMariaDb create() throws SQLException {
    String url =
        System.getProperty(
            "syncmesh.test.mysql.url", "jdbc:mysql://127.0.0.1:3306/syncmesh_test");
    Matcher matcher = URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("syncmesh.test.mysql.url is not a jdbc:mysql: URL: " + url);
    }
    String options = matcher.group(3) == null ? "" : matcher.group(3);
    TestMariaDb database =
        new TestMariaDb(
            matcher.group(1), options, "syncmesh_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    database.execute("CREATE DATABASE " + database.name);
    return database;
  }

  String url() {
    return server + "/" + name + options;
  }

  String user() {
    return System.getProperty("syncmesh.test.mysql.user", "root");
  }

  String password() {
    return System.getProperty("syncmesh.test.mysql.password", "");
  }

  @Override
  public void close() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server + "/" + options, user(), password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
