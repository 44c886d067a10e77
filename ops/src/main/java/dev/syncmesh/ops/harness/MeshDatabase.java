package dev.syncmesh.ops.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database a mesh runs on, as the nodes receive it ({@code SYNCMESH_DB_URL}, {@code
 * SYNCMESH_DB_USER}, {@code SYNCMESH_DB_PASSWORD}). {@link #fresh()} makes a new database on the
 * local MariaDB server that {@code ops/bin/mariadb-ready} starts; {@link #drop()} removes it.
 */
public record MeshDatabase(String url, String user, String password) {
  /** The server's URL; the same property the test suite uses. */
  public static final String SERVER_PROPERTY = "syncmesh.test.mysql.url";

  private static final String DEFAULT_SERVER = "jdbc:mysql://127.0.0.1:3306/";
  private static final Pattern URL = Pattern.compile("(jdbc:mysql://[^/?]+)/?([^?]*)(\\?.*)?");

  public MeshDatabase {
    if (!URL.matcher(url).matches()) {
      throw new IllegalArgumentException("not a jdbc:mysql: URL: " + url);
    }
    password = password == null ? "" : password;
  }

  /** A new, uniquely named database on the server named by {@value #SERVER_PROPERTY}. */
  public static MeshDatabase fresh() {
    return fresh(
        System.getProperty(SERVER_PROPERTY, DEFAULT_SERVER),
        System.getProperty("syncmesh.test.mysql.user", "root"),
        System.getProperty("syncmesh.test.mysql.password", ""));
  }

  /** A new, uniquely named database on the server {@code serverUrl} ({@code jdbc:mysql://host:port/}). */
  public static MeshDatabase fresh(String serverUrl, String user, String password) {
    Matcher server = parse(serverUrl);
    String name = "syncmesh_mesh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String options = server.group(3) == null ? "" : server.group(3);
    execute(server.group(1) + "/" + options, user, password, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    return new MeshDatabase(server.group(1) + "/" + name + options, user, password);
  }

  /** The database's name, from the URL. */
  public String name() {
    return parse(url).group(2);
  }

  /** Drops the database (every node using it must have stopped). */
  public void drop() {
    Matcher server = parse(url);
    String options = server.group(3) == null ? "" : server.group(3);
    execute(server.group(1) + "/" + options, user, password, "DROP DATABASE IF EXISTS `" + name() + "`");
  }

  private static Matcher parse(String url) {
    Matcher matcher = URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a jdbc:mysql: URL: " + url);
    }
    return matcher;
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          sql + " on " + url + " failed (" + e.getMessage() + "); is MariaDB up? ops/bin/mariadb-ready starts it",
          e);
    }
  }
}
